package dev.atelier.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.InvalidOptionException;
import org.junit.jupiter.api.Test;

/** The medians every benchmark figure is made of. */
class MeasurementsTest {
    @Test
    void medianOfOddAndEvenCountsLeavesTheInputAlone() {
        double[] odd = {5, 1, 3};
        assertThat(Measurements.median(odd)).isEqualTo(3);
        assertThat(odd).containsExactly(5, 1, 3);
        assertThat(Measurements.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    }

    @Test
    void zeroRunsIsAUsageErrorNotACrash() {
        assertThatThrownBy(() -> Measurements.medianSeconds(0, 0, () -> {}))
                .isInstanceOf(InvalidOptionException.class).hasMessage("runs: must be at least 1");
    }
}
