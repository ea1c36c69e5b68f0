package dev.atelier.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.InvalidOptionException;
import java.util.List;
import org.junit.jupiter.api.Test;

class StyleWeightsTest {

    @Test
    void interpolationWeightsAreCheckedAndNormalised() {
        assertThat(StyleWeights.normalized(List.of(1.0, 3.0), 2)).containsExactly(0.25, 0.75);
        assertThat(StyleWeights.normalized(List.of(), 4)).containsExactly(0.25, 0.25, 0.25, 0.25);
        assertThatThrownBy(() -> StyleWeights.normalized(List.of(1.0, -0.5), 2))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessage("style-weights: must be finite and non-negative, got -0.5");
        assertThatThrownBy(() -> StyleWeights.normalized(List.of(1.0, Double.NaN), 2))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessage("style-weights: must be finite and non-negative, got NaN");
        assertThatThrownBy(() -> StyleWeights.normalized(List.of(0.0, 0.0), 2))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessage("style-weights: must not all be zero");
        assertThatThrownBy(() -> StyleWeights.normalized(List.of(1.0, 2.0, 3.0), 2))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessage("style-weights: 3 weights for 2 paintings; give one weight per painting");
        assertThatThrownBy(() -> StyleWeights.normalized(List.of(), 0))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessage("style: at least one painting is needed");
    }

    @Test
    void reportsShowTheNormalisedWeights() {
        assertThat(StyleWeights.json(List.of(1.0, 3.0), 2).toString()).isEqualTo("[0.25,0.75]");
    }
}
