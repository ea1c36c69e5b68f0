package dev.atelier.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.nn.VggArchitecture;
import org.junit.jupiter.api.Test;

/** The work count behind the AdaIN benchmark's lower bound. */
class AdainBenchTest {
    @Test
    void decoderWorkAtEightPixelsMatchesTheHandCount() {
        // 1×1 feature map: 512→256; ×2: three 256→256 and 256→128 on 2×2; ×2: 128→128, 128→64 on
        // 4×4; ×2: 64→64, 64→3 on 8×8; nine taps each.
        double byHand = 9.0 * (512 * 256 * 1 + (3 * 256 * 256 + 256 * 128) * 4 + (128 * 128 + 128 * 64) * 16
                + (64 * 64 + 64 * 3) * 64);
        assertThat(AdainBench.decoderMacs(8)).isEqualTo(byHand).isEqualTo(15_446_016.0);
    }

    @Test
    void theDecoderMirrorsTheEncodersWork() {
        for (int size : new int[] {64, 512}) {
            assertThat(AdainBench.decoderMacs(size))
                    .isEqualTo((double) VggArchitecture.VGG19.forwardMacs("conv4_1", size, size));
        }
    }
}
