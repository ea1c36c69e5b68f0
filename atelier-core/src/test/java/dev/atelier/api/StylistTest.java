package dev.atelier.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.BadInputException;
import dev.atelier.InvalidOptionException;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.ImageSaver;
import dev.atelier.io.OutputFormat;
import dev.atelier.io.RgbImage;
import dev.atelier.progress.StepFinished;
import dev.atelier.testing.EventLog;
import dev.atelier.testing.SharedFiles;
import dev.atelier.testing.TestFiles;
import dev.atelier.testing.TestPictures;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pictures in memory through an open stylist, with every method: nothing is written anywhere (the
 * temporary folder, the working folder and the models' cache are the same before and after), and one
 * stylist serves several pictures.
 */
class StylistTest {
    @TempDir
    Path folder;
    private Atelier atelier;
    private final RgbImage photo = TestPictures.photo(72, 48, 1);
    private final RgbImage otherPhoto = TestPictures.photo(40, 64, 2);
    private final RgbImage painting = TestPictures.painting(80, 64, 3);

    @BeforeEach
    void entryPoint() {
        atelier = TestAtelier.in(folder.resolve("home"));
    }

    @Test
    void gatysPaintsPicturesInMemoryAndKeepsItsNetworkForTheNext() throws IOException {
        StylistRequest request = StylistRequest.builder().optMethod("gatys").optOption("backbone", "random-vgg19")
                .optOption("size", 64).optOption("iterations", 4).optOption("scales", 1).build();
        Map<String, Long> before = filesNow();
        try (Stylist stylist = atelier.open(request)) {
            Style style = stylist.painting(painting);
            EventLog events = new EventLog();
            Stylized first = stylist.stylize(photo, List.of(style), StylizeControls.builder().optListener(events)
                    .build());
            Stylized second = stylist.stylize(otherPhoto, style);

            assertThat(first.image().width()).isEqualTo(64);
            assertThat(first.image().height()).isEqualTo(43);
            assertThat(second.image().width()).isEqualTo(40);
            assertThat(second.image().height()).isEqualTo(64);
            assertThat(first.history()).hasSize(5);
            assertThat(events.steps()).extracting(StepFinished::step).containsExactly(0L, 1L, 2L, 3L, 4L);
            assertThat(TestPictures.meanAbsoluteDifference(first.image(), first.photo())).isGreaterThan(0.005);
            assertThat(first.models()).extracting(use -> use.name()).containsExactly("random-vgg19");
            assertThat(stylist.settings().get("backbone_used").getAsString()).isEqualTo("random-vgg19");
        }
        assertThat(filesNow()).isEqualTo(before);
    }

    @Test
    void feedForwardTakesItsModelFileAndPaintsBufferedImagesAndBytes() throws IOException {
        Path model = TestFiles.feedForwardModel(folder, "model.safetensors", 4);
        BufferedImage buffered = photo.toBufferedImage();
        byte[] encoded = new ImageSaver().encode(otherPhoto, OutputFormat.PNG);
        Map<String, Long> before = filesNow();
        try (Stylist stylist = atelier.open(StylistRequest.builder().optMethod("feedforward").optOption("size", 0)
                .build())) {
            Style style = stylist.model(model.toString());
            Stylized fromBuffered = stylist.stylize(buffered, style);
            Stylized fromBytes = stylist.stylize(encoded, style);
            Stylized again = stylist.stylize(buffered, style);
            Stylized fromPlanes = stylist.stylize(photo, style);

            assertThat(fromBuffered.image().width()).isEqualTo(72);
            assertThat(fromBytes.image().width()).isEqualTo(40);
            assertThat(TestPictures.meanAbsoluteDifference(fromBuffered.image(), again.image())).isLessThan(1e-6);
            // The BufferedImage holds the photo in 8 bits: the same picture within that rounding.
            assertThat(TestPictures.meanAbsoluteDifference(fromBuffered.image(), fromPlanes.image())).isLessThan(0.01);
            assertThat(fromBuffered.history()).isEmpty();
            assertThat(fromBuffered.models()).extracting(use -> use.role()).containsExactly("model");
            RgbImage decoded = new ImageLoader().read(fromBytes.encode(OutputFormat.PNG), "result");
            assertThat(TestPictures.meanAbsoluteDifference(decoded, fromBytes.image())).isLessThan(0.003);
        }
        assertThat(filesNow()).isEqualTo(before);
    }

    @Test
    void adainPreparesAPaintingOnceForEveryPhoto() throws IOException {
        Map<String, Long> before = filesNow();
        try (Stylist stylist = atelier.open(StylistRequest.builder().optMethod("adain").optOption("size", 64)
                .optOption("encoder", SharedFiles.normalisedVgg19())
                .optOption("decoder", SharedFiles.model("adain-release-q8", "decoder.safetensors")).build())) {
            Style starryNight = stylist.painting("starry night", Files.readAllBytes(
                    SharedFiles.style("starry_night.jpg")));
            Stylized first = stylist.stylize(photo, starryNight);
            Stylized second = stylist.stylize(otherPhoto, starryNight);
            assertThat(first.image().width()).isEqualTo(64);
            assertThat(second.image().height()).isEqualTo(64);
            assertThat(starryNight.picture()).isPresent();
            assertThat(first.models()).extracting(use -> use.role()).containsExactly("encoder", "decoder");
        }
        assertThat(filesNow()).isEqualTo(before);
    }

    @Test
    void magentaBlendsTwoPaintingsHeldInMemory() throws IOException {
        Map<String, Long> before = filesNow();
        try (Stylist stylist = atelier.open(StylistRequest.builder().optMethod("magenta").optOption("size", 0)
                .optOption("style-weights", "1,3")
                .optOption("predictor", SharedFiles.model(SharedFiles.MAGENTA, SharedFiles.MAGENTA_PREDICTOR))
                .optOption("transformer", SharedFiles.model(SharedFiles.MAGENTA, SharedFiles.MAGENTA_TRANSFORMER_F16))
                .build())) {
            Style first = stylist.painting(new ImageLoader().read(SharedFiles.style("starry_night.jpg")));
            Style second = stylist.painting(new ImageLoader().read(SharedFiles.style("the_scream.jpg")));
            Stylized blended = stylist.stylize(photo, List.of(first, second), StylizeControls.none());
            Stylized again = stylist.stylize(photo, List.of(first, second), StylizeControls.none());
            assertThat(blended.image().width()).isEqualTo(72);
            assertThat(TestPictures.meanAbsoluteDifference(blended.image(), again.image())).isLessThan(1e-6);
            assertThat(TestPictures.meanAbsoluteDifference(blended.image(), photo)).isGreaterThan(0.02);
            assertThat(blended.details().getAsJsonArray("normalized_style_weights").get(1).getAsDouble())
                    .isEqualTo(0.75);
            assertThatThrownBy(() -> stylist.stylize(photo, first)).isInstanceOf(InvalidOptionException.class)
                    .hasMessageContaining("style-weights");
        }
        assertThat(filesNow()).isEqualTo(before);
    }

    @Test
    void theRulesOfRequestsHoldInMemoryToo() {
        try (Stylist stylist = atelier.open(StylistRequest.builder().optMethod("gatys")
                .optOption("backbone", "random-vgg19").optOption("size", 32).optOption("iterations", 0).build())) {
            Style style = stylist.painting(painting);
            Style[] nine = new Style[9];
            java.util.Arrays.fill(nine, style);
            assertThatThrownBy(() -> stylist.stylize(photo, nine)).isInstanceOf(InvalidOptionException.class)
                    .hasMessage("style: gatys takes at most 8 paintings, got 9");
            assertThatThrownBy(() -> stylist.stylize(TestPictures.photo(200, 4, 1), style))
                    .isInstanceOf(BadInputException.class).hasMessageStartingWith("the photo: 200x4, brought to 32x1");
            assertThatThrownBy(() -> stylist.model("candy")).isInstanceOf(InvalidOptionException.class)
                    .hasMessageStartingWith("model: does not apply to gatys");
            try (Stylist other = atelier.open(StylistRequest.builder().optMethod("gatys")
                    .optOption("backbone", "random-vgg19").optOption("size", 32).build())) {
                Style foreign = other.painting(painting);
                assertThatThrownBy(() -> stylist.stylize(photo, foreign)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("another stylist");
            }
        }
    }

    @Test
    void closingReleasesTheStylesAndRefusesFurtherWork() {
        Stylist stylist = atelier.open(StylistRequest.builder().optMethod("gatys").optOption("backbone", "random-vgg19")
                .optOption("size", 32).optOption("iterations", 0).build());
        Style style = stylist.painting(painting);
        stylist.close();
        assertThatThrownBy(() -> stylist.stylize(photo, style)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> stylist.painting(painting)).isInstanceOf(IllegalStateException.class);
    }

    /**
     * Every file (with its size and modification time) in this test's folder (the models' cache
     * included) and the working folder, and the files Atelier or ImageIO could leave in the temporary
     * folder (which other programs share): what a run that writes nothing leaves unchanged.
     */
    private Map<String, Long> filesNow() throws IOException {
        Map<String, Long> files = new TreeMap<>();
        Path temporary = Path.of(System.getProperty("java.io.tmpdir"));
        for (Path root : List.of(temporary, Path.of("").toAbsolutePath(), folder)) {
            try (Stream<Path> walk = Files.walk(root, root.equals(folder) ? Integer.MAX_VALUE : 2)) {
                walk.filter(Files::isRegularFile).filter(file -> !file.toString().contains("surefire"))
                        .filter(file -> !root.equals(temporary) || file.getFileName().toString().startsWith("imageio")
                                || file.getFileName().toString().contains("atelier"))
                        .forEach(file -> {
                            try {
                                files.put(file.toString(), Files.size(file) * 31 + Files.getLastModifiedTime(file)
                                        .toMillis());
                            } catch (IOException gone) {
                                files.put(file.toString(), -1L);
                            }
                        });
            }
        }
        return files;
    }
}
