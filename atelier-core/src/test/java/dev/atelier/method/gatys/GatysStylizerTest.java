package dev.atelier.method.gatys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.Cancellation;
import dev.atelier.io.RgbImage;
import dev.atelier.method.RunContext;
import dev.atelier.progress.RunListener;
import dev.atelier.progress.StepFinished;
import dev.atelier.report.HistoryEntry;
import dev.atelier.testing.EventLog;
import dev.atelier.testing.RandomVgg19;
import dev.atelier.testing.TestPictures;
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

    static RunContext listening(RunListener listener, Cancellation cancellation) {
        return new RunContext(cancellation, listener, step -> false, "");
    }

    @Test
    void lbfgsLowersTheLossAndRepaintsThePhoto() {
        GatysOptions options = small().optIterations(15).build();
        GatysResult result = new GatysStylizer(VGG.backbone()).stylize(content, style, options, RunContext.quiet());
        List<HistoryEntry> history = result.history();
        assertThat(history).hasSize(16);
        assertThat(history.get(0).step()).isZero();
        // The default strength is balanced: content pushes back, and 15 iterations take off a third
        // (measured 0.67 of the start).
        assertThat(result.last().total()).isLessThan(history.get(0).total() * 0.8);
        assertThat(result.image().width()).isEqualTo(64);
        assertThat(result.image().height()).isEqualTo(48);
        assertThat(TestPictures.meanAbsoluteDifference(result.image(), content)).isGreaterThan(0.01);
        // The history's terms are weighted once, as they entered the total: total = α·content + β·style + γ·tv.
        HistoryEntry last = result.last();
        assertThat(last.losses()).containsOnlyKeys("content", "style", "tv");
        assertThat(last.total()).isEqualTo(last.losses().get("content") + last.losses().get("style")
                + last.losses().get("tv"));
    }

    @Test
    void theStyleTermIsWeightedOnceByBeta() {
        GatysOptions once = small().optIterations(0).build();
        GatysOptions tenfold = small().optIterations(0).optStyleWeight(10).build();
        GatysStylizer stylizer = new GatysStylizer(VGG.backbone());
        double style = stylizer.stylize(content, style(), once, RunContext.quiet()).last().losses().get("style");
        double strong = stylizer.stylize(content, style(), tenfold, RunContext.quiet()).last().losses().get("style");
        assertThat(strong).isCloseTo(10 * style, org.assertj.core.data.Percentage.withPercentage(1e-3));
    }

    private RgbImage style() {
        return style;
    }

    @Test
    void adamAlsoLowersTheLossAndKeepsPixelsInRange() {
        GatysResult result = new GatysStylizer(VGG.backbone()).stylize(content, style,
                small().optOptimizer(OptimizerKind.ADAM).optIterations(25).build(), RunContext.quiet());
        // Measured: 0.61 of the start after 25 steps.
        assertThat(result.last().total()).isLessThan(result.history().get(0).total() * 0.8);
        for (float value : result.image().sharedPlanes()) {
            assertThat(value).isBetween(0f, 1f);
        }
    }

    @Test
    void zeroIterationsOnlyEvaluatesTheInitialImage() {
        GatysResult result = new GatysStylizer(VGG.backbone()).stylize(content, style, small().optIterations(0).build(),
                RunContext.quiet());
        assertThat(result.history()).hasSize(1);
        assertThat(result.evaluations()).isEqualTo(1);
        // Starting from the content, the content loss is zero (but for rounding: the objective's network
        // runs channels-last, the target's not) and the image is the photo itself.
        assertThat(result.last().losses().get("content")).isLessThan(1e-9);
        assertThat(TestPictures.meanAbsoluteDifference(result.image(), content)).isLessThan(1e-6);
    }

    @Test
    void eventsArriveOncePerIterationWithGrowingTimeAndTheLossesOfTheHistory() {
        EventLog events = new EventLog();
        GatysResult result = new GatysStylizer(VGG.backbone()).stylize(content, style, small().optIterations(4).build(),
                listening(events, Cancellation.never()));
        List<StepFinished> steps = events.steps();
        assertThat(steps).extracting(StepFinished::step).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(steps).extracting(StepFinished::stage).containsOnly("optimise");
        assertThat(steps.get(4).fraction()).isEqualTo(1.0);
        assertThat(steps.get(4).elapsedSeconds()).isGreaterThan(steps.get(0).elapsedSeconds());
        for (int i = 0; i < steps.size(); i++) {
            assertThat(steps.get(i).losses()).isEqualTo(result.history().get(i).losses());
        }
    }

    @Test
    void cancellingStopsEarlyWithTheBestImageSoFar() {
        Cancellation cancellation = new Cancellation();
        EventLog stopAtThree = EventLog.reacting(event -> {
            if (event instanceof StepFinished step && step.step() == 3) {
                cancellation.request();
            }
        });
        GatysResult result = new GatysStylizer(VGG.backbone()).stylize(content, style,
                small().optIterations(50).build(), listening(stopAtThree, cancellation));
        assertThat(result.cancelled()).isTrue();
        assertThat(result.last().step()).isEqualTo(3);
        assertThat(result.image().width()).isEqualTo(64);
    }

    @Test
    void multiScaleRunsCoarseToFineAndEndsAtFullSize() {
        GatysResult result = new GatysStylizer(VGG.backbone()).stylize(content, style,
                small().optScales(2).optIterations(9).build(), RunContext.quiet());
        assertThat(result.plan().steps()).extracting(RunPlan.Step::width).containsExactly(32, 64);
        assertThat(result.history().get(0).scale()).isZero();
        assertThat(result.last().scale()).isEqualTo(1);
        assertThat(result.history()).hasSize(10);
        assertThat(result.image().width()).isEqualTo(64);
    }

    @Test
    void sameSeedGivesTheSamePictureFromNoise() {
        GatysOptions options = small().optInitialization(Initialization.NOISE).optIterations(3).build();
        RgbImage first = new GatysStylizer(VGG.backbone()).stylize(content, style, options, RunContext.quiet()).image();
        RgbImage second = new GatysStylizer(VGG.backbone()).stylize(content, style, options, RunContext.quiet())
                .image();
        assertThat(TestPictures.meanAbsoluteDifference(first, second)).isZero();
    }

    @Test
    void thePaintingsAsUsedArePreparedOncePerPhoto() {
        GatysResult result = new GatysStylizer(VGG.backbone()).stylize(content, style, small().optIterations(0)
                .optPreserveColor(dev.atelier.color.ColorPreservation.HISTOGRAM).build(), RunContext.quiet());
        assertThat(result.paintingsUsed()).hasSize(1);
        assertThat(TestPictures.meanAbsoluteDifference(result.paintingsUsed().get(0),
                GatysStylizer.preparedStyles(content, List.of(style), small().optPreserveColor(
                        dev.atelier.color.ColorPreservation.HISTOGRAM).build()).get(0))).isZero();
    }

    @Test
    void aCoarseScaleEndsAtItsPlateauAndTheFinestRunsEveryIteration() {
        // 40 iterations at 32 px and 20 at 64; a 3%-an-iteration plateau ends the coarse scale early.
        GatysOptions steep = small().optScales(2).optIterations(60).optPlateau(0.03).build();
        GatysResult early = new GatysStylizer(VGG.backbone()).stylize(content, style, steep, RunContext.quiet());
        long coarse = early.history().stream().filter(entry -> entry.scale() == 0).count();
        long fine = early.history().stream().filter(entry -> entry.scale() == 1).count();
        assertThat(coarse).isBetween(1L + GatysOptions.PLATEAU_WINDOW, 40L);
        assertThat(fine).isEqualTo(20);
        // Off, the coarse scale runs all 40 (and its start is recorded).
        GatysResult full = new GatysStylizer(VGG.backbone()).stylize(content, style,
                steep.toBuilder().optPlateau(0).build(), RunContext.quiet());
        assertThat(full.history().stream().filter(entry -> entry.scale() == 0).count()).isEqualTo(41);
        // Progress reaches the whole plan's work although fewer iterations ran.
        EventLog log = new EventLog();
        new GatysStylizer(VGG.backbone()).stylize(content, style, steep, listening(log, new Cancellation()));
        List<StepFinished> steps = log.steps();
        assertThat(steps.get(steps.size() - 1).fraction()).isEqualTo(1.0);
        assertThat(steps.get(steps.size() - 1).step()).isLessThan(60);
    }

    @Test
    void aFinerScaleStartsFromTheCoarserResultWithThePhotosOwnDetail() {
        // 8 iterations at 32 px, then 1 at 64: the fine scale's first iterate tells how near it started.
        GatysOptions detail = small().optScales(2).optIterations(9).optPlateau(0).optPhotoDetail(true).build();
        GatysOptions enlargedOnly = detail.toBuilder().optPhotoDetail(false).build();
        GatysStylizer stylizer = new GatysStylizer(VGG.backbone());
        HistoryEntry withDetail = firstAtScale(stylizer.stylize(content, style, detail, RunContext.quiet()), 1);
        HistoryEntry without = firstAtScale(stylizer.stylize(content, style, enlargedOnly, RunContext.quiet()), 1);
        // Measured on these synthetic pictures (little fine detail): 0.323 against 0.343.
        assertThat(withDetail.losses().get("content")).isLessThan(0.97 * without.losses().get("content"));
        // Off by default: it moves the picture towards the photo (BENCHMARKS.md, "Time to quality").
        assertThat(GatysOptions.defaults().photoDetail()).isFalse();
    }

    private static HistoryEntry firstAtScale(GatysResult result, int scale) {
        return result.history().stream().filter(entry -> entry.scale() == scale).findFirst().orElseThrow();
    }
}
