package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.atelier.BadInputException;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.ImageSaver;
import dev.atelier.io.RgbImage;
import dev.atelier.method.adain.AdainDecoder;
import dev.atelier.method.adain.AdainModels;
import dev.atelier.method.adain.AdainOptions;
import dev.atelier.method.adain.NormalisedVggEncoder;
import dev.atelier.method.adain.TorchvisionVggEncoder;
import dev.atelier.testing.TestPictures;
import dev.atelier.weights.SafetensorsWriter;
import dev.atelier.weights.download.Downloader;
import dev.atelier.weights.download.WeightsCache;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code atelier stylize --method adain} does with local encoder and decoder files (no download). */
class AdainStylizeSupportTest {
    @TempDir
    Path folder;
    private Path content;
    private Path style;
    private Path otherStyle;
    private Path decoder;
    private final ByteArrayOutputStream messages = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(messages, true, StandardCharsets.UTF_8);
    private final ProgressLine line = new ProgressLine(err, false, "stylize");

    @BeforeEach
    void writeInputs() {
        content = folder.resolve("photo.png");
        style = folder.resolve("painting.jpg");
        otherStyle = folder.resolve("other.png");
        new ImageSaver().write(TestPictures.photo(60, 45, 1), content);
        new ImageSaver().write(TestPictures.painting(40, 40, 2), style);
        new ImageSaver().write(TestPictures.painting(30, 50, 3), otherStyle);
        // A decoder Atelier trained on a seeded random VGG-19: the seed it records rebuilds the encoder.
        decoder = folder.resolve("decoder.safetensors");
        try (NDManager manager = NDManager.newBaseManager();
                TorchvisionVggEncoder encoder = TorchvisionVggEncoder.random(9, manager)) {
            AdainModels.writeDecoder(decoder, AdainDecoder.initialStateDict(4), encoder, null);
        }
    }

    @Test
    void writesTheResultReportAndSideBySideWithTheEncoderTheDecoderNames() throws IOException {
        Path output = folder.resolve("result.png");
        AdainOptions options = AdainOptions.defaults().withContentSize(32).withStyleSize(32)
                .withStyleWeights(List.of(1.0, 3.0)).withAlpha(0.8);

        int code = run(new AdainStylizeSupport.Request(content, List.of(style, otherStyle), List.of(), output, null,
                folder.resolve("trio.png"), null, decoder, options, 1_000_000, false));

        assertThat(code).isEqualTo(ExitCode.SUCCESS);
        RgbImage result = new ImageLoader().read(output);
        assertThat(result.width()).isEqualTo(32);
        assertThat(result.height()).isEqualTo(24);
        assertThat(folder.resolve("trio.png")).isRegularFile();
        assertThat(messages.toString(StandardCharsets.UTF_8)).contains("wrote " + output + " (32x24, adain with "
                + "torchvision-vgg19");
        JsonObject report = JsonParser.parseString(Files.readString(folder.resolve("result.json"))).getAsJsonObject();
        assertThat(report.get("method").getAsString()).isEqualTo("adain");
        assertThat(report.getAsJsonObject("settings").get("alpha").getAsDouble()).isEqualTo(0.8);
        assertThat(report.getAsJsonObject("settings").getAsJsonArray("normalized_style_weights").get(1).getAsDouble())
                .isEqualTo(0.75);
        assertThat(report.getAsJsonObject("encoder").get("random_seed").getAsLong()).isEqualTo(9);
        assertThat(report.getAsJsonObject("decoder").get("sha256").getAsString()).hasSize(64);
        assertThat(report.getAsJsonObject("result").getAsJsonArray("style_sizes").get(1).getAsString())
                .isEqualTo("19x32");
        assertThat(report.getAsJsonObject("versions").has("atelier")).isTrue();
    }

    @Test
    void aDecoderForAnotherEncoderIsRefusedBeforeAnyWork() {
        Path encoder = folder.resolve("vgg_normalised.safetensors");
        SafetensorsWriter.write(encoder, NormalisedVggEncoder.randomStateDict(1));
        Path output = folder.resolve("result.png");

        assertThatThrownBy(() -> run(new AdainStylizeSupport.Request(content, List.of(style), List.of(), output, null,
                null, encoder, decoder, AdainOptions.defaults(), 1_000_000, true)))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(decoder + ": this decoder was trained for the torchvision-vgg19 encoder");
        assertThat(output).doesNotExist();
    }

    @Test
    void badOutputsAndOversizedInputsAreRefused() {
        assertThatThrownBy(() -> run(new AdainStylizeSupport.Request(content, List.of(style), List.of(),
                folder.resolve("result.gif"), null, null, null, decoder, AdainOptions.defaults(), 1_000_000, true)))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("unsupported output format");
        assertThatThrownBy(() -> run(new AdainStylizeSupport.Request(content, List.of(style), List.of(),
                folder.resolve("result.png"), null, null, null, decoder, AdainOptions.defaults(), 1000, true)))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(content.toString());
    }

    private int run(AdainStylizeSupport.Request request) {
        // An empty cache: any attempt to download would fail, so the files given must suffice.
        return AdainStylizeSupport.run(request, new Downloader(new WeightsCache(folder.resolve("cache"))), line, err);
    }
}
