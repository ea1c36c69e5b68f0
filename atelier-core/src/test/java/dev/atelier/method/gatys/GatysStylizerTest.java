package dev.atelier.method.gatys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.Cancellation;
import dev.atelier.io.RgbImage;
import dev.atelier.testing.RandomVgg19;
import dev.atelier.testing.TestPictures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Optimisation-based style transfer end to end at 64 px with a random VGG. */
class GatysStylizerTest {
    @RegisterExtension
    static final RandomVgg19 VGG = new RandomVgg19();

    private final RgbImage content = TestPictures.photo(64, 48, 1);
    private final RgbImage style = TestPictures.painting(80, 64, 2);

    private static GatysOptions.Builder small() {
        return GatysOptions.builder().optSize(64).optScales(1).optSeed(3);
    }

    @Test
    void lbfgsLowersTheLossAndRepaintsThePhoto() {
        GatysOptions options = small().optIterations(15).build();
        GatysResult result = new GatysStylizer(VGG.backbone()).stylize(content, style, options,
                StylizeListener.silent(), Cancellation.never());
        List<HistoryEntry> history = result.history();
        assertThat(history).hasSize(16);
        assertThat(history.get(0).iteration()).isZero();
        // The default strength is balanced: content pushes back, and 15 iterations take off a third
        // (measured 0.67 of the start).
        assertThat(result.last().total()).isLessThan(history.get(0).total() * 0.8);
        assertThat(result.image().width()).isEqualTo(64);
        assertThat(result.image().height()).isEqualTo(48);
        assertThat(TestPictures.meanAbsoluteDifference(result.image(), content)).isGreaterThan(0.01);
        // total = α·content + β·style + γ·tv with the unweighted terms reported.
        HistoryEntry last = result.last();
        assertThat(last.total()).isCloseTo(last.content() + options.styleWeight() * last.style(),
                org.assertj.core.data.Percentage.withPercentage(1e-3));
    }

    @Test
    void adamAlsoLowersTheLossAndKeepsPixelsInRange() {
        GatysResult result = new GatysStylizer(VGG.backbone()).stylize(content, style,
                small().optOptimizer(OptimizerKind.ADAM).optIterations(25).build(), StylizeListener.silent(),
                Cancellation.never());
        // Measured: 0.61 of the start after 25 steps.
        assertThat(result.last().total()).isLessThan(result.history().get(0).total() * 0.8);
        for (float value : result.image().sharedPlanes()) {
            assertThat(value).isBetween(0f, 1f);
        }
    }

    @Test
    void zeroIterationsOnlyEvaluatesTheInitialImage() {
        GatysResult result = new GatysStylizer(VGG.backbone()).stylize(content, style, small().optIterations(0).build(),
                StylizeListener.silent(), Cancellation.never());
        assertThat(result.history()).hasSize(1);
        assertThat(result.evaluations()).isEqualTo(1);
        // Starting from the content, the content loss is zero and the image is the photo itself.
        assertThat(result.last().content()).isZero();
        assertThat(TestPictures.meanAbsoluteDifference(result.image(), content)).isLessThan(1e-6);
    }

    @Test
    void eventsArriveOncePerIterationWithGrowingTime() {
        List<IterationEvent> events = new ArrayList<>();
        new GatysStylizer(VGG.backbone()).stylize(content, style, small().optIterations(4).build(),
                new StylizeListener() {
                    @Override
                    public void onIteration(IterationEvent event) {
                        events.add(event);
                    }
                }, Cancellation.never());
        assertThat(events).extracting(IterationEvent::iteration).containsExactly(0, 1, 2, 3, 4);
        assertThat(events.get(4).workFraction()).isEqualTo(1.0);
        assertThat(events.get(4).seconds()).isGreaterThan(events.get(0).seconds());
    }

    @Test
    void cancellingStopsEarlyWithTheBestImageSoFar() {
        Cancellation cancellation = new Cancellation();
        GatysResult result = new GatysStylizer(VGG.backbone()).stylize(content, style,
                small().optIterations(50).build(), new StylizeListener() {
                    @Override
                    public void onIteration(IterationEvent event) {
                        if (event.iteration() == 3) {
                            cancellation.request();
                        }
                    }
                }, cancellation);
        assertThat(result.cancelled()).isTrue();
        assertThat(result.last().iteration()).isEqualTo(3);
        assertThat(result.image().width()).isEqualTo(64);
    }

    @Test
    void multiScaleRunsCoarseToFineAndEndsAtFullSize() {
        List<int[]> sizes = new ArrayList<>();
        GatysResult result = new GatysStylizer(VGG.backbone()).stylize(content, style,
                small().optScales(2).optIterations(9).build(), new StylizeListener() {
                    @Override
                    public void onIteration(IterationEvent event) {
                        sizes.add(new int[] {event.scaleIndex(), event.width()});
                    }
                }, Cancellation.never());
        assertThat(sizes.get(0)).containsExactly(0, 32);
        assertThat(sizes.get(sizes.size() - 1)).containsExactly(1, 64);
        assertThat(result.history()).hasSize(10);
        assertThat(result.image().width()).isEqualTo(64);
    }

    @Test
    void sameSeedGivesTheSamePictureFromNoise() {
        GatysOptions options = small().optInitialization(Initialization.NOISE).optIterations(3).build();
        RgbImage first = new GatysStylizer(VGG.backbone()).stylize(content, style, options, StylizeListener.silent(),
                Cancellation.never()).image();
        RgbImage second = new GatysStylizer(VGG.backbone()).stylize(content, style, options, StylizeListener.silent(),
                Cancellation.never()).image();
        assertThat(TestPictures.meanAbsoluteDifference(first, second)).isZero();
    }
}
