package dev.atelier.method.adain;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.atelier.Cancellation;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.ImageSaver;
import dev.atelier.testing.TestPictures;
import dev.atelier.progress.StepFinished;
import dev.atelier.report.HistoryEntry;
import dev.atelier.progress.RunListener;
import dev.atelier.training.TrainingOptions;
import dev.atelier.training.TrainingResult;
import dev.atelier.weights.StateDict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdainTrainerTest {
    private static NDManager manager;
    private static AdainEncoder encoder;

    @TempDir
    Path directory;

    @BeforeAll
    static void loadEncoder() {
        manager = NDManager.newBaseManager();
        encoder = NormalisedVggEncoder.fromStateDict(NormalisedVggEncoder.randomStateDict(21), manager, "random");
    }

    @AfterAll
    static void closeEncoder() {
        encoder.close();
        manager.close();
    }

    @Test
    void lossFallsOverAShortRunAndTheDecoderIsWritten() throws IOException {
        AdainTrainer.Inputs inputs = folders(4, 2);
        AdainTrainingOptions options = options(20, 0, 0);

        TrainingResult result = new AdainTrainer(encoder).train(inputs, options, false, new ImageLoader(),
                RunListener.silent(), Cancellation.never());

        List<HistoryEntry> history = result.history();
        assertThat(history).hasSize(20);
        assertThat(history.get(0).losses()).containsOnlyKeys("content", "style");
        double first = (history.get(0).total() + history.get(1).total() + history.get(2).total()) / 3;
        double last = (history.get(17).total() + history.get(18).total() + history.get(19).total()) / 3;
        assertThat(last).as("loss over the last steps against the first").isLessThan(0.6 * first);
        AdainModels.LoadedDecoder decoder = AdainModels.readDecoder(inputs.output());
        assertThat(decoder.encoder()).isEqualTo(AdainModels.EncoderKind.NORMALISED_VGG);
        assertThat(decoder.encoderSha256()).hasValue(encoder.weightsSha256());
        assertThat(Files.exists(AdainTrainer.checkpointOf(inputs.output()))).isTrue();
    }

    @Test
    void aResumedRunEndsWithTheWeightsOfAnUninterruptedOne() throws IOException {
        AdainTrainer.Inputs straight = folders(4, 2);
        AdainTrainingOptions options = options(6, 0.25, 2);
        new AdainTrainer(encoder).train(straight, options, false, new ImageLoader(), RunListener.silent(),
                Cancellation.never());

        AdainTrainer.Inputs interrupted = new AdainTrainer.Inputs(straight.contentFolder(), straight.styleFolder(),
                directory.resolve("interrupted.safetensors"));
        Cancellation cancellation = new Cancellation();
        RunListener stopAfterThree = event -> {
            if (event instanceof StepFinished step && step.step() == 3) {
                cancellation.request();
            }
        };
        TrainingResult stopped = new AdainTrainer(encoder).train(interrupted, options, false, new ImageLoader(),
                stopAfterThree, cancellation);
        TrainingResult resumed = new AdainTrainer(encoder).train(interrupted, options, true, new ImageLoader(),
                RunListener.silent(), Cancellation.never());

        assertThat(stopped.cancelled()).isTrue();
        assertThat(stopped.steps()).isEqualTo(3);
        assertThat(resumed.steps()).isEqualTo(6);
        assertThat(resumed.history()).hasSize(6);
        assertSameWeights(AdainModels.readDecoder(interrupted.output()).weights(),
                AdainModels.readDecoder(straight.output()).weights());
    }

    @Test
    void aSingleStyleImageStillGivesADecoder() throws IOException {
        // One painting leaves no style to hold out: validation must not silently never improve.
        AdainTrainer.Inputs inputs = folders(4, 1);

        TrainingResult result = new AdainTrainer(encoder).train(inputs, options(4, 0.25, 1), false,
                new ImageLoader(), RunListener.silent(), Cancellation.never());

        assertThat(result.stoppedEarly()).isFalse();
        assertThat(result.steps()).isEqualTo(4);
        assertThat(Files.exists(inputs.output())).isTrue();
    }

    /** Small photos and paintings in two folders, and an output path beside them. */
    private AdainTrainer.Inputs folders(int photos, int paintings) throws IOException {
        Path content = Files.createDirectories(directory.resolve("photos"));
        Path style = Files.createDirectories(directory.resolve("paintings"));
        ImageSaver saver = new ImageSaver();
        for (int i = 0; i < photos; i++) {
            saver.write(TestPictures.photo(48, 40, i), content.resolve("photo-" + i + ".png"));
        }
        for (int i = 0; i < paintings; i++) {
            saver.write(TestPictures.painting(40, 48, 100 + i), style.resolve("painting-" + i + ".png"));
        }
        return new AdainTrainer.Inputs(content, style, directory.resolve("decoder.safetensors"));
    }

    /** 32-pixel crops, two a batch, three times the paper's learning rate (no decay) so few steps show. */
    private static AdainTrainingOptions options(int steps, double validationFraction, int patience) {
        return new AdainTrainingOptions(1, 10, "random-vgg19", new TrainingOptions(steps, 2, 32, 40, 3e-4, 0,
                validationFraction, 4, 2, patience, 0, false, 3));
    }

    /** Equal weights; compared by largest difference, since a failing element-wise diff of a million values never ends. */
    private static void assertSameWeights(StateDict actual, StateDict expected) {
        assertThat(actual.names()).isEqualTo(expected.names());
        for (String name : expected.names()) {
            float[] wanted = expected.require(name).values();
            float[] got = actual.require(name, expected.require(name).shape()).values();
            double largest = 0;
            for (int i = 0; i < wanted.length; i++) {
                largest = Math.max(largest, Math.abs(got[i] - wanted[i]));
            }
            assertThat(largest).as("largest difference in %s", name).isZero();
        }
    }
}
