package dev.atelier.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.BadInputException;
import dev.atelier.Cancellation;
import dev.atelier.InvalidOptionException;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.ImageSaver;
import dev.atelier.io.Resampler;
import dev.atelier.io.RgbImage;
import dev.atelier.progress.StepFinished;
import dev.atelier.testing.SharedFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Image sequences in (a folder or a pattern) and out (a folder of numbered pictures), resumable. */
class SequencesTest {
    @TempDir
    Path folder;

    private List<RgbImage> frames(int count) {
        RgbImage photo = Resampler.fitLongestSide(new ImageLoader().read(SharedFiles.content("chicago.jpg")), 300);
        KnownMotion motion = new KnownMotion(photo, 96, 72, 1.2, 0.7, 1.0);
        List<RgbImage> list = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            list.add(motion.frame(t));
        }
        return list;
    }

    @Test
    void aFolderOfFramesBecomesAClipAtTheGivenRate() throws IOException {
        Path input = Files.createDirectory(folder.resolve("in"));
        List<RgbImage> frames = frames(5);
        for (int t = 0; t < frames.size(); t++) {
            new ImageSaver().write(frames.get(t), input.resolve("shot" + (t + 1) + ".png"));
        }
        Path output = folder.resolve("out.mp4");
        VideoOutcome outcome = Videos.stylize(VideoFixtures.magentaRequest(input, output)
                .optVideoOption("frame-rate", 12).build(), VideoFixtures.atelier(), event -> { }, Cancellation.never());
        assertThat(outcome.cancelled()).isFalse();
        assertThat(TestClips.decodedFrames(output)).isEqualTo(5);
        assertThat(TestClips.probe(output, "v:0", "stream=r_frame_rate")).isEqualTo("12/1");

        new ImageSaver().write(RgbImage.solid(50, 40, 0, 0, 0), input.resolve("shot9.png"));
        assertThatThrownBy(() -> Videos.plan(VideoFixtures.magentaRequest(input, folder.resolve("again.mp4")).build()))
                .isInstanceOf(BadInputException.class)
                .hasMessage(input.resolve("shot9.png") + ": 50x40, but the sequence's first frame is 96x72; every "
                        + "frame must have one size");
    }

    @Test
    void aClipBecomesNumberedPicturesAndAnInterruptedRunContinues() throws IOException {
        Path clip = TestClips.fromFrames(folder.resolve("clip.mkv"), frames(6), 10);
        Path out = Files.createDirectory(folder.resolve("painted"));
        Path pattern = out.resolve("p_%03d.png");
        Cancellation stop = new Cancellation();
        VideoOutcome stopped = Videos.stylize(VideoFixtures.magentaRequest(clip, pattern).build(),
                VideoFixtures.atelier(), event -> {
                    if (event instanceof StepFinished step && step.stage().equals("video") && step.step() == 2) {
                        stop.request();
                    }
                }, stop);
        assertThat(stopped.cancelled()).isTrue();
        assertThat(names(out)).containsExactly("p_001.png", "p_002.png");
        assertThatThrownBy(() -> Videos.plan(VideoFixtures.magentaRequest(clip, pattern).build()))
                .isInstanceOf(InvalidOptionException.class);

        VideoOutcome resumed = Videos.stylize(VideoFixtures.magentaRequest(clip, pattern).optResume(true).build(),
                VideoFixtures.atelier(), event -> { }, Cancellation.never());
        assertThat(resumed.keptFromBefore()).isEqualTo(2);
        assertThat(names(out)).containsExactly("p_001.png", "p_002.png", "p_003.png", "p_004.png", "p_005.png",
                "p_006.png");
        assertThat(new ImageLoader().read(out.resolve("p_006.png")).width()).isEqualTo(96);
        assertThat(folder.resolve("painted.json")).isRegularFile();
        assertThat(resumed.report().getAsJsonObject("outputs").get("frames").getAsString()).isEqualTo(pattern.toString());
        assertThat(resumed.workFolder()).doesNotExist();
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }
}
