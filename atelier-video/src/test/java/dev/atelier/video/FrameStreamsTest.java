package dev.atelier.video;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How many frames a clip's method paints at once, and on how many threads each. */
class FrameStreamsTest {
    private static final long VGA = 640 * 480;
    private static final long PLENTY = 64L << 30;

    @Test
    void aOnePassMethodOnACpuWithTwoThreadsPaintsTwoFramesWhenTheMemoryHoldsThem() {
        assertThat(FrameStreams.count(0, false, false, 2, VGA, PLENTY, 100)).isEqualTo(2);
        long needed = VGA * FrameStreams.SECOND_STREAM_BYTES_PER_PIXEL;
        assertThat(needed).as("3 GB at 640 x 480").isEqualTo(3_072_000_000L);
        assertThat(FrameStreams.count(0, false, false, 16, VGA, needed, 100)).isEqualTo(2);
        assertThat(FrameStreams.count(0, false, false, 16, VGA, needed - 1, 100)).isEqualTo(1);
        assertThat(FrameStreams.count(0, false, false, 1, VGA, PLENTY, 100)).as("one thread").isEqualTo(1);
        assertThat(FrameStreams.count(0, false, true, 16, VGA, PLENTY, 100)).as("on a GPU").isEqualTo(1);
    }

    @Test
    void aCountAskedForIsKeptExceptForTheOptimisation() {
        assertThat(FrameStreams.count(3, false, true, 1, 4 * VGA, 0, 100)).isEqualTo(3);
        assertThat(FrameStreams.count(1, false, false, 16, VGA, PLENTY, 100)).isEqualTo(1);
        // Each optimised frame starts from the previous result: one at a time, whatever is asked.
        assertThat(FrameStreams.count(0, true, false, 16, VGA, PLENTY, 100)).isEqualTo(1);
        assertThat(FrameStreams.count(4, true, false, 16, VGA, PLENTY, 100)).isEqualTo(1);
    }

    @Test
    void neverMoreStreamsThanFrames() {
        assertThat(FrameStreams.count(0, false, false, 16, VGA, PLENTY, 1)).isEqualTo(1);
        assertThat(FrameStreams.count(4, false, false, 16, VGA, PLENTY, 1)).isEqualTo(1);
        assertThat(FrameStreams.count(4, false, false, 16, VGA, PLENTY, 3)).isEqualTo(3);
        assertThat(FrameStreams.count(0, false, false, 16, VGA, PLENTY, 2)).isEqualTo(2);
    }

    @Test
    void theThreadsAreSharedBetweenTheStreams() {
        assertThat(FrameStreams.threadsEach(1, 16)).as("one stream keeps the usual count").isZero();
        assertThat(FrameStreams.threadsEach(2, 2)).isEqualTo(1);
        assertThat(FrameStreams.threadsEach(2, 16)).isEqualTo(8);
        assertThat(FrameStreams.threadsEach(3, 2)).isEqualTo(1);
    }
}
