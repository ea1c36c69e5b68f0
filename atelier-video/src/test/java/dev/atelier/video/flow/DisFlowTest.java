package dev.atelier.video.flow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.io.ImageLoader;
import dev.atelier.io.Resampler;
import dev.atelier.io.RgbImage;
import dev.atelier.testing.SharedFiles;
import dev.atelier.video.KnownMotion;
import org.junit.jupiter.api.Test;

/**
 * The flow against known motion: a shared photo panned and zoomed by known amounts, in frames made in
 * Java (so the truth is exact). Bound: a mean end-point error under a quarter of a pixel, away from a
 * 16-pixel border (measured: 0.12 px at 640 x 480, BENCHMARKS.md).
 */
class DisFlowTest {
    private static final RgbImage PHOTO = Resampler.fitLongestSide(new ImageLoader().read(
            SharedFiles.content("tubingen.jpg")), 900);

    @Test
    void aPanAndZoomIsFoundToAQuarterOfAPixel() {
        KnownMotion motion = new KnownMotion(PHOTO, 320, 240, 2.6, -1.4, 1.012);
        FlowField flow = new DisFlow().estimate(GrayImage.of(motion.frame(3)), GrayImage.of(motion.frame(4)));
        FlowField truth = motion.flow(3, 4);
        assertThat(truth.endPointError(FlowField.zero(320, 240), 16)).as("the motion itself").isGreaterThan(2.5);
        assertThat(flow.endPointError(truth, 16)).isLessThan(0.25);
    }

    @Test
    void theBackwardFlowIsFoundTooAndBothAgreeWhereTheFrameStays() {
        KnownMotion motion = new KnownMotion(PHOTO, 320, 240, -4, 3, 0.99);
        GrayImage first = GrayImage.of(motion.frame(1));
        GrayImage second = GrayImage.of(motion.frame(2));
        DisFlow dis = new DisFlow();
        FlowField backward = dis.estimate(second, first);
        assertThat(backward.endPointError(motion.flow(2, 1), 16)).isLessThan(0.25);
        float[] reliable = Reliability.of(backward, dis.estimate(first, second));
        assertThat(Reliability.fraction(reliable)).isGreaterThan(0.9);
    }

    @Test
    void aStillFrameHasNoMotion() {
        GrayImage frame = GrayImage.of(new KnownMotion(PHOTO, 160, 120, 0, 0, 1).frame(0));
        FlowField flow = new DisFlow().estimate(frame, frame);
        assertThat(flow.endPointError(FlowField.zero(160, 120), 0)).isLessThan(1e-3);
    }

    @Test
    void patchesCoverEveryColumnUpToTheEdge() {
        assertThat(DisFlow.positions(20, 8, 4)).containsExactly(0, 4, 8, 12);
        assertThat(DisFlow.positions(21, 8, 4)).containsExactly(0, 4, 8, 12, 13);
        assertThat(DisFlow.positions(8, 8, 4)).containsExactly(0);
    }
}
