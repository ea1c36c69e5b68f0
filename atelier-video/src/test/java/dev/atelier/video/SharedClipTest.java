package dev.atelier.video;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.Cancellation;
import dev.atelier.api.Style;
import dev.atelier.api.Stylist;
import dev.atelier.api.StylistRequest;
import dev.atelier.io.Resampler;
import dev.atelier.io.RgbImage;
import dev.atelier.progress.RunListener;
import dev.atelier.testing.SharedFiles;
import dev.atelier.video.ffmpeg.FrameDecoder;
import dev.atelier.video.ffmpeg.VideoInfo;
import dev.atelier.video.ffmpeg.VideoProbe;
import dev.atelier.video.flow.DisFlow;
import dev.atelier.video.flow.FlowField;
import dev.atelier.video.temporal.Motion;
import dev.atelier.video.temporal.WarpingError;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Real footage ({@code ../shared/video/thanks.mkv}: a static office, a person signing; 51 frames)
 * repainted with the shared Magenta networks at 320 x 240, stabilised at the default weight:
 * <ul>
 *   <li>the warping error is at most a third of the frame-by-frame figure;</li>
 *   <li>the style is kept where nothing moves: over pixels whose flow is reliable and shorter than
 *       half a pixel, the stabilised frame differs from the frame-by-frame one by at most a fifth of
 *       what the frame-by-frame one differs from the photo (mean absolute difference, averaged over
 *       frames).</li>
 * </ul>
 * About a minute on the project's two loaded cores.
 */
class SharedClipTest {
    @Test
    void thanksIsStabilisedToAThirdOfItsFlickerWhileKeepingItsStyle() {
        Path clip = SharedFiles.root().resolve("video").resolve("thanks.mkv");
        VideoInfo info = new VideoProbe(TestClips.tools()).probe(clip, Cancellation.never());
        StylistRequest request = StylistRequest.builder().optMethod("magenta").optOptions(VideoFixtures.magenta())
                .optOption("size", 320).build();
        WarpingError.Mean stabilised = new WarpingError.Mean();
        WarpingError.Mean frameByFrame = new WarpingError.Mean();
        double kept = 0;
        double style = 0;
        int measured = 0;
        try (Stylist stylist = VideoFixtures.atelier().open(request);
                FrameDecoder decoder = FrameDecoder.open(TestClips.tools(), info, Cancellation.never())) {
            Style painting = stylist.painting(VideoFixtures.painting());
            FramePainter painter = new FramePainter(stylist, List.of(painting), VideoOptions.defaults(), false,
                    new DisFlow());
            RgbImage frame;
            while ((frame = decoder.next(Cancellation.never())) != null) {
                RgbImage photo = Resampler.resizeTo(frame, 320, 240);
                FramePainter.Painted painted = painter.paint(photo, "", Cancellation.never(), RunListener.silent());
                stabilised.add(painted.stabilisedError());
                frameByFrame.add(painted.frameByFrameError());
                if (painted.motion() != null) {
                    double[] differences = stillDifferences(painted, photo);
                    kept += differences[0];
                    style += differences[1];
                    measured++;
                }
            }
        }
        assertThat(stabilised.pairs()).isEqualTo(50);
        assertThat(stabilised.value()).as("stabilised against frame-by-frame warping error")
                .isLessThanOrEqualTo(frameByFrame.value() / 3);
        assertThat(kept / measured).as("stabilised against frame-by-frame where still")
                .isLessThanOrEqualTo(0.2 * style / measured);
    }

    /**
     * Over reliable pixels that moved less than half a pixel: the mean absolute difference between the
     * stabilised and frame-by-frame results, and between the frame-by-frame result and the photo.
     */
    private static double[] stillDifferences(FramePainter.Painted painted, RgbImage photo) {
        Motion motion = painted.motion();
        FlowField flow = motion.backward();
        float[] result = painted.result().sharedPlanes();
        float[] alone = painted.frameByFrame().sharedPlanes();
        float[] original = photo.sharedPlanes();
        int area = photo.pixelCount();
        double kept = 0;
        double style = 0;
        long count = 0;
        for (int y = 0; y < flow.height(); y++) {
            for (int x = 0; x < flow.width(); x++) {
                int i = y * flow.width() + x;
                double length = Math.hypot(flow.u(x, y), flow.v(x, y));
                if (motion.reliable()[i] == 0 || length >= 0.5) {
                    continue;
                }
                for (int c = 0; c < 3; c++) {
                    kept += Math.abs(result[c * area + i] - alone[c * area + i]);
                    style += Math.abs(alone[c * area + i] - original[c * area + i]);
                }
                count += 3;
            }
        }
        return new double[] {kept / count, style / count};
    }
}
