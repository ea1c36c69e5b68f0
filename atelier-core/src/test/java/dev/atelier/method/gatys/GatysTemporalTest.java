package dev.atelier.method.gatys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.Cancellation;
import dev.atelier.io.RgbImage;
import dev.atelier.method.RunContext;
import dev.atelier.method.TemporalTarget;
import dev.atelier.progress.RunListener;
import dev.atelier.progress.StepFinished;
import dev.atelier.testing.RandomVgg19;
import dev.atelier.testing.TestPictures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Ruder et al.'s temporal constraint in the optimisation: the result stays near the target where the
 * weights are 1 and is free where they are 0, at every scale, and the term shows in the losses.
 */
class GatysTemporalTest {
    @RegisterExtension
    static final RandomVgg19 VGG = new RandomVgg19();

    private final RgbImage content = TestPictures.photo(48, 36, 1);
    private final RgbImage style = TestPictures.painting(64, 48, 2);

    private GatysResult run(TemporalTarget temporal, List<StepFinished> steps) {
        GatysOptions options = GatysOptions.builder().optSize(48).optScales(2).optIterations(8).optSeed(3).build();
        RunListener listener = event -> {
            if (event instanceof StepFinished step) {
                steps.add(step);
            }
        };
        return new GatysStylizer(VGG.backbone()).stylize(content, List.of(style), List.of(), options,
                new RunContext(Cancellation.never(), listener, step -> false, "", null, null, temporal));
    }

    @Test
    void theResultStaysNearTheTargetOnlyWhereTheWeightsAreOne() {
        RgbImage free = run(null, new ArrayList<>()).image();
        // The target: a flat mid grey, far from the free result; trusted on the left half only.
        RgbImage target = RgbImage.solid(48, 36, 0.5f, 0.5f, 0.5f);
        float[] weights = new float[48 * 36];
        for (int y = 0; y < 36; y++) {
            for (int x = 0; x < 24; x++) {
                weights[y * 48 + x] = 1;
            }
        }
        List<StepFinished> steps = new ArrayList<>();
        RgbImage held = run(TemporalTarget.of(target, weights, 1e3), steps).image();

        double heldLeft = TestPictures.meanAbsoluteDifference(held.crop(0, 0, 20, 36), target.crop(0, 0, 20, 36));
        double freeLeft = TestPictures.meanAbsoluteDifference(free.crop(0, 0, 20, 36), target.crop(0, 0, 20, 36));
        double heldRight = TestPictures.meanAbsoluteDifference(held.crop(28, 0, 20, 36), target.crop(28, 0, 20, 36));
        assertThat(heldLeft).as("held half against the target").isLessThan(0.25 * freeLeft);
        // The style term is global (Gram matrices), so the free half changes too, but it is not held.
        assertThat(heldRight).as("free half against the target").isGreaterThan(3 * heldLeft);
        assertThat(steps.get(steps.size() - 1).losses()).containsKey("temporal");
        assertThat(steps.get(steps.size() - 1).losses().get("temporal")).isGreaterThan(0);
    }

    @Test
    void aZeroWeightChangesNothing() {
        RgbImage free = run(null, new ArrayList<>()).image();
        RgbImage target = RgbImage.solid(48, 36, 0.5f, 0.5f, 0.5f);
        RgbImage zero = run(TemporalTarget.of(target, new float[48 * 36], 0), new ArrayList<>()).image();
        assertThat(zero).isEqualTo(free);
    }
}
