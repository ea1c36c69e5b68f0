package dev.atelier.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.BadInputException;
import dev.atelier.io.RgbImage;
import org.junit.jupiter.api.Test;

/** The work count and size parsing behind the Magenta benchmark. */
class MagentaBenchTest {
    @Test
    void transformerWorkAtFourPixelsMatchesTheHandCount() {
        // 4x4: full 16 pixels, half 4, quarter 1. 9x9x3x8 = 1944 and 9x9x8x3 = 1944 per full pixel,
        // 9x16x8 = 1152 per full pixel (upsampled 16->8); 9x8x16 = 1152 and 9x32x16 = 4608 per half
        // pixel; 9x16x32 = 4608 and ten 9x32x32 = 92160 per quarter pixel.
        double byHand = 16 * (1944 + 1944 + 1152) + 4 * (1152 + 4608) + 1 * (4608 + 92160);
        assertThat(MagentaBench.transformerMacs(4, 4)).isEqualTo(byHand).isEqualTo(200_448.0);
        assertThat(MagentaBench.transformerMacs(1024, 768)).isEqualTo(byHand / 16 * 1024 * 768);
    }

    @Test
    void sizesAreWidthByHeight() {
        RgbImage photo = MagentaBench.photo("64x48");
        assertThat(photo.width()).isEqualTo(64);
        assertThat(photo.height()).isEqualTo(48);
        assertThatThrownBy(() -> MagentaBench.photo("64")).isInstanceOf(BadInputException.class)
                .hasMessage("--sizes takes WIDTHxHEIGHT, got '64'");
        assertThatThrownBy(() -> MagentaBench.photo("8x48")).isInstanceOf(BadInputException.class)
                .hasMessage("--sizes: sides must be between 16 and 8192, got '8x48'");
    }
}
