package dev.atelier.method.gatys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScaleStoppingTest {
    private final ScaleStopping rule = new ScaleStopping(0.01, 3);

    @Test
    void aScaleEndsOnceItsLossFallsByLessThanTheToleranceOverTheWindow() {
        // 100 → 90 → 85 → 84 → 83.5: over the last 3 iterations 90 → 83.5 is 7.2%, 2.4% an iteration: go on.
        double[] losses = {100, 90, 85, 84, 83.5, 83.2, 83.0};
        assertThat(rule.reached(losses, 5)).isFalse();
        // 85 → 83.2: 2.1% over 3, 0.71% an iteration: below 1%, stop.
        assertThat(rule.reached(losses, 6)).isTrue();
        // 84 → 83.0 is 1.19% over 3: also below.
        assertThat(rule.reached(losses, 7)).isTrue();
    }

    @Test
    void aScaleRunsAtLeastTheWindowBeforeItMayEnd() {
        double[] flat = {5, 5, 5, 5, 5};
        assertThat(rule.reached(flat, 1)).isFalse();
        assertThat(rule.reached(flat, 3)).isFalse();
        // Four values are three iterations after the start: a window's worth, and nothing fell.
        assertThat(rule.reached(flat, 4)).isTrue();
    }

    @Test
    void exactlyTheToleranceGoesOnAndNeverEndsNothing() {
        // 100 → 50 over 2 iterations is exactly 25% an iteration: not less, so the scale goes on.
        assertThat(new ScaleStopping(0.25, 2).reached(new double[] {100, 80, 50}, 3)).isFalse();
        assertThat(new ScaleStopping(0.25, 2).reached(new double[] {100, 80, 50.5}, 3)).isTrue();
        assertThat(ScaleStopping.NEVER.reached(new double[] {5, 5, 5, 5, 5, 5}, 6)).isFalse();
        assertThat(ScaleStopping.NEVER.active()).isFalse();
    }

    @Test
    void lossesThatAreNotPositiveAndFiniteNeverEndAScale() {
        assertThat(rule.reached(new double[] {0, 0, 0, 0}, 4)).isFalse();
        assertThat(rule.reached(new double[] {1, 1, 1, Double.NaN}, 4)).isFalse();
    }

    @Test
    void theOptionsMakeTheRuleAndZeroTurnsItOff() {
        // Off by default: ending the coarse scales early changes the picture's palette (BENCHMARKS.md).
        assertThat(GatysOptions.defaults().scaleStopping()).isEqualTo(ScaleStopping.NEVER);
        assertThat(GatysOptions.builder().optPlateau(0.002).build().scaleStopping())
                .isEqualTo(new ScaleStopping(0.002, GatysOptions.PLATEAU_WINDOW));
        assertThat(GatysOptions.builder().optPlateau(0).build().scaleStopping()).isEqualTo(ScaleStopping.NEVER);
        assertThatThrownBy(() -> GatysOptions.builder().optPlateau(-0.1).build())
                .hasMessage("plateau: must be between 0 (off) and 1, got -0.1");
        assertThatThrownBy(() -> new ScaleStopping(Double.NaN, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ScaleStopping(0.1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
