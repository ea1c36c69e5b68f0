package dev.atelier.method.feedforward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.atelier.Cancellation;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.ImageSaver;
import dev.atelier.io.RgbImage;
import dev.atelier.nn.Backbone;
import dev.atelier.nn.BackboneChoice;
import dev.atelier.progress.RunListener;
import dev.atelier.progress.StepFinished;
import dev.atelier.testing.TestPictures;
import dev.atelier.report.HistoryEntry;
import dev.atelier.training.TrainingOptions;
import dev.atelier.training.TrainingResult;
import dev.atelier.weights.SafetensorsReader;
import dev.atelier.weights.StateDict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training one network on several paintings (Dumoulin et al. 2017) with the shared loop, and
 * adding a painting to a trained network, on generated photos and two paintings of opposite
 * colours, with a seeded random VGG-16 as the loss network (no download).
 */
class MultiStyleTrainingTest {
    private static final long VGG_SEED = 3;

    @TempDir
    static Path folder;

    private static Path photos;
    private static Path warm;
    private static Path cold;
    private static Path multi;
    private static TrainingResult multiResult;

    /** A painting of one hue: stripes of {@code main} on a dark ground. */
    private static Path painting(String name, float[] main, long seed) {
        RgbImage stripes = TestPictures.painting(48, 48, seed);
        float[] planes = stripes.planes();
        int pixels = 48 * 48;
        for (int i = 0; i < pixels; i++) {
            float level = planes[i];
            for (int c = 0; c < 3; c++) {
                planes[c * pixels + i] = level * main[c];
            }
        }
        Path file = folder.resolve(name);
        new ImageSaver().write(RgbImage.wrap(48, 48, planes), file);
        return file;
    }

    private static FeedForwardTrainingOptions options(TrainingOptions training, Path base) {
        FeedForwardTrainingOptions defaults = FeedForwardTrainingOptions.defaults();
        return new FeedForwardTrainingOptions(48, defaults.contentWeight(), defaults.styleWeight(), 0,
                defaults.contentLayer(), defaults.styleLayers(), BackboneChoice.RANDOM_VGG16, null,
                TransformerLayout.PYTORCH_EXAMPLES, training, base);
    }

    private static TrainingResult train(List<Path> styles, Path output, FeedForwardTrainingOptions options,
            boolean resume, RunListener listener, Cancellation cancellation) {
        List<RgbImage> paintings = styles.stream().map(style -> new ImageLoader().read(style)).toList();
        try (NDManager manager = NDManager.newBaseManager();
                Backbone backbone = StyleDistance.randomVgg16(VGG_SEED, manager)) {
            return new FeedForwardTrainer(backbone).train(new FeedForwardTrainer.Inputs(photos, styles, output),
                    paintings, options, resume, new ImageLoader(), listener, cancellation);
        }
    }

    @BeforeAll
    static void trainOnTwoPaintings() throws IOException {
        photos = Files.createDirectory(folder.resolve("photos"));
        for (int i = 0; i < 5; i++) {
            new ImageSaver().write(TestPictures.photo(40, 44, 100 + i), photos.resolve("photo-" + i + ".png"));
        }
        warm = painting("warm.png", new float[] {1, 0.55f, 0.1f}, 9);
        cold = painting("cold.png", new float[] {0.1f, 0.45f, 1}, 10);
        multi = folder.resolve("two.safetensors");
        multiResult = train(List.of(warm, cold), multi, options(new TrainingOptions(30, 2, 32, 32, 1e-3, 0, 0.2, 1,
                10, 0, 0, true, 1), null), false, RunListener.silent(), Cancellation.never());
    }

    @Test
    void oneNetworkLearnsEachPainting() {
        assertThat(multiResult.steps()).isEqualTo(30);
        List<HistoryEntry> history = multiResult.history();
        assertThat(mean(history.subList(20, 30))).isLessThan(mean(history.subList(0, 10)));
        assertThat(history.stream().filter(entry -> !Double.isNaN(entry.validation()))).hasSize(3);

        ModelFile.Model model = ModelFile.read(multi);
        assertThat(model.styles()).containsExactly("warm.png", "cold.png");
        assertThat(model.style()).isNull();
        assertThat(model.weights().require("in1.weight").shape()).containsExactly(2, 32);
        assertThat(model.training().getAsJsonArray("styles")).hasSize(2);

        RgbImage photo = new ImageLoader().read(photos.resolve("photo-0.png"));
        RgbImage warmPainting = new ImageLoader().read(warm);
        RgbImage coldPainting = new ImageLoader().read(cold);
        try (NDManager manager = NDManager.newBaseManager();
                TransformerNetwork network = FeedForwardModels.loadNetwork(multi, manager);
                StyleDistance distance = new StyleDistance(VGG_SEED)) {
            RgbImage inWarm = new FeedForwardStylizer(network.mixing(new double[] {1, 0})).stylize(photo);
            RgbImage inCold = new FeedForwardStylizer(network.mixing(new double[] {0, 1})).stylize(photo);
            // Each painting's picture is nearer that painting than the other painting's picture is.
            assertThat(distance.between(inWarm, warmPainting)).isLessThan(distance.between(inCold, warmPainting));
            assertThat(distance.between(inCold, coldPainting)).isLessThan(distance.between(inWarm, coldPainting));
            assertThat(meanChannel(inWarm, 0) - meanChannel(inWarm, 2))
                    .isGreaterThan(meanChannel(inCold, 0) - meanChannel(inCold, 2));
        }
    }

    private static double meanChannel(RgbImage image, int channel) {
        float[] planes = image.planes();
        int pixels = image.width() * image.height();
        double sum = 0;
        for (int i = 0; i < pixels; i++) {
            sum += planes[channel * pixels + i];
        }
        return sum / pixels;
    }

    private static double mean(List<HistoryEntry> entries) {
        return entries.stream().mapToDouble(HistoryEntry::total).average().orElseThrow();
    }

    @Test
    void aPaintingAddedLaterLeavesEverythingElseAsItWas() {
        Path third = painting("green.png", new float[] {0.2f, 1, 0.3f}, 11);
        Path grown = folder.resolve("three.safetensors");
        TrainingResult result = train(List.of(third), grown, options(new TrainingOptions(6, 2, 32, 32, 5e-3, 0, 0,
                0, 10, 0, 0, true, 2), multi), false, RunListener.silent(), Cancellation.never());

        assertThat(result.steps()).isEqualTo(6);
        ModelFile.Model before = ModelFile.read(multi);
        ModelFile.Model after = ModelFile.read(grown);
        assertThat(after.styles()).containsExactly("warm.png", "cold.png", "green.png");
        assertThat(after.provenance().get("added_to").getAsString()).isEqualTo(multi.toString());
        int changedRows = 0;
        for (String name : before.weights().names()) {
            float[] old = before.weights().require(name).values();
            float[] now = after.weights().require(name).values();
            if (!TransformerNetwork.normParameters(TransformerLayout.PYTORCH_EXAMPLES).contains(name)) {
                assertThat(now).as(name).isEqualTo(old);
                continue;
            }
            assertThat(now).hasSize(old.length / 2 * 3);
            // The earlier paintings' rows, bit for bit.
            assertThat(java.util.Arrays.copyOf(now, old.length)).as(name).isEqualTo(old);
            int channels = old.length / 2;
            for (int c = 0; c < channels; c++) {
                float start = (old[c] + old[channels + c]) / 2;
                if (Math.abs(now[2 * channels + c] - start) > 1e-6) {
                    changedRows++;
                }
            }
        }
        assertThat(changedRows).as("the new painting's parameters were trained").isPositive();
    }

    @Test
    void aPaintingCanBeAddedToANetworkOfOne() throws IOException {
        Path single = folder.resolve("one.safetensors");
        train(List.of(warm), single, options(new TrainingOptions(2, 1, 32, 32, 1e-3, 0, 0, 0, 10, 0, 0, true, 3),
                null), false, RunListener.silent(), Cancellation.never());
        Path grown = folder.resolve("one-plus.safetensors");
        train(List.of(cold), grown, options(new TrainingOptions(2, 1, 32, 32, 1e-3, 0, 0, 0, 10, 0, 0, true, 3),
                single), false, RunListener.silent(), Cancellation.never());

        ModelFile.Model one = ModelFile.read(single);
        ModelFile.Model two = ModelFile.read(grown);
        assertThat(one.styles()).isEmpty();
        assertThat(one.style()).isEqualTo("warm.png");
        assertThat(two.styles()).containsExactly("warm.png", "cold.png");
        assertThat(java.util.Arrays.copyOf(two.weights().require("res1.in2.bias").values(), 128))
                .isEqualTo(one.weights().require("res1.in2.bias").values());
    }

    /** Runs {@code work} while another thread asks for a garbage collection every 20 milliseconds. */
    private static <T> T whileCollecting(Supplier<T> work) {
        AtomicBoolean running = new AtomicBoolean(true);
        Thread collector = new Thread(() -> {
            while (running.get()) {
                System.gc();
                LockSupport.parkNanos(20_000_000);
            }
        }, "collections");
        collector.setDaemon(true);
        collector.start();
        try {
            return work.get();
        } finally {
            running.set(false);
            try {
                collector.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void aStoppedRunOfSeveralPaintingsResumesToTheSameWeights() {
        FeedForwardTrainingOptions options = options(new TrainingOptions(4, 2, 32, 32, 1e-3, 0, 0, 0, 10, 0, 2,
                true, 5), null);
        Path straight = folder.resolve("straight.safetensors");
        train(List.of(warm, cold), straight, options, false, RunListener.silent(), Cancellation.never());
        Path interrupted = folder.resolve("interrupted.safetensors");
        Cancellation stop = new Cancellation();
        // Under collections every 20 ms, as a full suite's busier heap makes likely: arrays
        // whose memory a collection frees while the engine still reads it (a loss's constants once did)
        // turn the gradients NaN and the resumed run fails, here every time rather than once in six suites.
        TrainingResult resumed = whileCollecting(() -> {
            train(List.of(warm, cold), interrupted, options, false, event -> {
                if (event instanceof StepFinished step && step.step() == 2) {
                    stop.request();
                }
            }, stop);
            return train(List.of(warm, cold), interrupted, options, true, RunListener.silent(),
                    Cancellation.never());
        });

        assertThat(resumed.steps()).isEqualTo(4);
        StateDict expected = SafetensorsReader.read(FeedForwardTrainer.checkpointOf(straight));
        StateDict actual = SafetensorsReader.read(FeedForwardTrainer.checkpointOf(interrupted));
        for (String name : expected.names()) {
            assertThat(actual.require(name).values()).as(name).isEqualTo(expected.require(name).values());
        }
        // Another painting order is another run: its checkpoint is not resumed.
        assertThatThrownBy(() -> train(List.of(cold, warm), interrupted, options, true, RunListener.silent(),
                Cancellation.never())).hasMessageContaining("settings");
    }
}
