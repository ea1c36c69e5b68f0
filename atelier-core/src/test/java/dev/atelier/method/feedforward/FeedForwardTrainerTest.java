package dev.atelier.method.feedforward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.atelier.BadInputException;
import dev.atelier.Cancellation;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.ImageSaver;
import dev.atelier.io.RgbImage;
import dev.atelier.nn.Backbone;
import dev.atelier.nn.BackboneChoice;
import dev.atelier.testing.TestPictures;
import dev.atelier.progress.StepFinished;
import dev.atelier.report.HistoryEntry;
import dev.atelier.progress.RunListener;
import dev.atelier.training.TrainingOptions;
import dev.atelier.training.TrainingResult;
import dev.atelier.weights.SafetensorsReader;
import dev.atelier.weights.StateDict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training a transformation network with the shared loop, on generated photos and a generated
 * painting, with a seeded random VGG-16 as the loss network (no download).
 */
class FeedForwardTrainerTest {
    private static final long VGG_SEED = 3;

    @TempDir
    Path folder;

    private Path photos(int count, int size) throws IOException {
        Path photos = Files.createDirectory(folder.resolve("photos"));
        ImageSaver saver = new ImageSaver();
        for (int i = 0; i < count; i++) {
            saver.write(TestPictures.photo(size, size + 8, 100 + i), photos.resolve("photo-" + i + ".png"));
        }
        return photos;
    }

    private Path painting() {
        Path file = folder.resolve("stripes.png");
        new ImageSaver().write(TestPictures.painting(64, 64, 9), file);
        return file;
    }

    private static FeedForwardTrainingOptions options(TransformerLayout layout, TrainingOptions training) {
        FeedForwardTrainingOptions defaults = FeedForwardTrainingOptions.defaults();
        return new FeedForwardTrainingOptions(64, defaults.contentWeight(), defaults.styleWeight(), 1e-6,
                defaults.contentLayer(), defaults.styleLayers(), BackboneChoice.RANDOM_VGG16, null, layout, training);
    }

    private TrainingResult train(Path photos, Path style, Path output, FeedForwardTrainingOptions options,
            boolean resume, RunListener listener, Cancellation cancellation) {
        try (NDManager manager = NDManager.newBaseManager();
                Backbone backbone = StyleDistance.randomVgg16(VGG_SEED, manager)) {
            return new FeedForwardTrainer(backbone).train(new FeedForwardTrainer.Inputs(photos, style, output),
                    new ImageLoader().read(style), options, resume, new ImageLoader(), listener, cancellation);
        }
    }

    @Test
    void trainingLowersTheLossAndTheModelPaintsTowardsTheStyle() throws IOException {
        Path photos = photos(6, 72);
        Path style = painting();
        Path output = folder.resolve("stripes.safetensors");
        TrainingOptions training = new TrainingOptions(40, 2, 64, 64, 3e-3, 0, 0.2, 1, 10, 0, 0, true, 1);
        TrainingResult result = train(photos, style, output, options(TransformerLayout.PYTORCH_EXAMPLES, training),
                false, RunListener.silent(), Cancellation.never());

        assertThat(result.steps()).isEqualTo(40);
        List<HistoryEntry> history = result.history();
        assertThat(history).hasSize(40);
        assertThat(mean(history.subList(30, 40))).as("mean loss of the last 10 steps vs the first 10")
                .isLessThan(0.5 * mean(history.subList(0, 10)));
        assertThat(history.stream().filter(entry -> !Double.isNaN(entry.validation()))).hasSize(4);

        ModelFile.Model model = ModelFile.read(output);
        assertThat(model.style()).isEqualTo("stripes.png");
        assertThat(model.training().get("style_weight").getAsDouble()).isEqualTo(1e10);
        assertThat(model.provenance().get("step").getAsLong()).isEqualTo(result.bestStep());
        RgbImage photo = new ImageLoader().read(photos.resolve("photo-0.png"));
        RgbImage painting = new ImageLoader().read(style);
        try (NDManager manager = NDManager.newBaseManager();
                TransformerNetwork network = FeedForwardModels.loadNetwork(output, manager);
                StyleDistance distance = new StyleDistance(VGG_SEED)) {
            RgbImage stylized = new FeedForwardStylizer(network).stylize(photo);
            assertThat(distance.between(stylized, painting)).isLessThan(distance.between(photo, painting));
        }
    }

    private static double mean(List<HistoryEntry> entries) {
        return entries.stream().mapToDouble(HistoryEntry::total).average().orElseThrow();
    }

    @Test
    void aStoppedRunResumesToTheSameWeightsAsAnUninterruptedOne() throws IOException {
        Path photos = photos(5, 40);
        Path style = painting();
        TrainingOptions training = new TrainingOptions(6, 1, 32, 32, 1e-3, 0, 0.2, 1, 2, 0, 2, true, 4);
        FeedForwardTrainingOptions options = options(TransformerLayout.TENSORFLOW, training);
        Path straight = folder.resolve("straight.safetensors");
        TrainingResult uninterrupted = train(photos, style, straight, options, false, RunListener.silent(),
                Cancellation.never());

        // Stopped after 3 steps (as Ctrl-C does: the loop checkpoints, then returns), then resumed.
        Path interrupted = folder.resolve("interrupted.safetensors");
        Cancellation stop = new Cancellation();
        TrainingResult first = train(photos, style, interrupted, options, false, event -> {
            if (event instanceof StepFinished step && step.step() == 3) {
                stop.request();
            }
        }, stop);
        assertThat(first.cancelled()).isTrue();
        assertThat(first.steps()).isEqualTo(3);
        StateDict atStop = SafetensorsReader.read(FeedForwardTrainer.checkpointOf(interrupted));
        TrainingResult resumed = train(photos, style, interrupted, options, true, RunListener.silent(),
                Cancellation.never());
        assertThat(resumed.steps()).isEqualTo(6);
        assertThat(resumed.history()).hasSize(6);

        StateDict expected = SafetensorsReader.read(FeedForwardTrainer.checkpointOf(straight));
        StateDict actual = SafetensorsReader.read(FeedForwardTrainer.checkpointOf(interrupted));
        assertThat(actual.names()).containsExactlyElementsOf(expected.names());
        // Every value equal, bit for bit: a resumption that lost any state (Adam's moments, the data
        // order, the step count) would move them. And the last three steps did move most of them.
        long total = 0;
        long movedSinceStop = 0;
        for (String name : expected.names()) {
            float[] want = expected.require(name).values();
            float[] before = atStop.require(name).values();
            assertThat(actual.require(name).values()).as(name).containsExactly(want);
            for (int i = 0; i < want.length; i++) {
                total++;
                if (before[i] != want[i]) {
                    movedSinceStop++;
                }
            }
        }
        assertThat((double) movedSinceStop / total).as("share of values the last three steps changed")
                .isGreaterThan(0.5);
        for (int i = 0; i < 6; i++) {
            double want = uninterrupted.history().get(i).total();
            assertThat(resumed.history().get(i).total()).as("loss at step %d", i + 1)
                    .isEqualTo(want);
        }
    }

    @Test
    void aFinishedRunCanBeExtendedWithMoreSteps() throws IOException {
        Path photos = photos(3, 40);
        Path style = painting();
        Path output = folder.resolve("model.safetensors");
        TrainingOptions twoSteps = new TrainingOptions(2, 1, 32, 32, 1e-3, 0, 0, 1, 2, 0, 1, true, 4);
        train(photos, style, output, options(TransformerLayout.PYTORCH_EXAMPLES, twoSteps), false,
                RunListener.silent(), Cancellation.never());
        TrainingOptions fourSteps = new TrainingOptions(4, 1, 32, 32, 1e-3, 0, 0, 1, 2, 0, 1, true, 4);

        TrainingResult extended = train(photos, style, output, options(TransformerLayout.PYTORCH_EXAMPLES, fourSteps),
                true, RunListener.silent(), Cancellation.never());

        assertThat(extended.steps()).isEqualTo(4);
        assertThat(extended.history()).hasSize(4);
    }

    @Test
    void resumingWithOtherSettingsIsRefused() throws IOException {
        Path photos = photos(3, 40);
        Path style = painting();
        Path output = folder.resolve("model.safetensors");
        TrainingOptions training = new TrainingOptions(2, 1, 32, 32, 1e-3, 0, 0, 1, 2, 0, 1, true, 4);
        train(photos, style, output, options(TransformerLayout.PYTORCH_EXAMPLES, training), false,
                RunListener.silent(), Cancellation.never());
        TrainingOptions otherRate = new TrainingOptions(2, 1, 32, 32, 5e-3, 0, 0, 1, 2, 0, 1, true, 4);
        assertThatThrownBy(() -> train(photos, style, output, options(TransformerLayout.PYTORCH_EXAMPLES, otherRate),
                true, RunListener.silent(), Cancellation.never())).isInstanceOf(BadInputException.class)
                .hasMessageContaining("different settings").hasMessageContaining("training");
    }
}
