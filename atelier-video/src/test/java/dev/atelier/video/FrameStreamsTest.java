package dev.atelier.video;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How many frames a clip's method paints at once, and on how many threads each. */
class FrameStreamsTest {
    private static final long VGA = 640 * 480;

    @Test
    void aOnePassMethodOnACpuWithTwoThreadsPaintsTwoFramesUpToAMegapixel() {
        assertThat(FrameStreams.count(0, false, false, 2, VGA)).isEqualTo(2);
        assertThat(FrameStreams.count(0, false, false, 16, FrameStreams.AUTOMATIC_PIXELS)).isEqualTo(2);
        assertThat(FrameStreams.count(0, false, false, 16, FrameStreams.AUTOMATIC_PIXELS + 1)).isEqualTo(1);
        assertThat(FrameStreams.count(0, false, false, 1, VGA)).isEqualTo(1);
        assertThat(FrameStreams.count(0, false, true, 16, VGA)).as("on a GPU").isEqualTo(1);
    }

    @Test
    void aCountAskedForIsKeptExceptForTheOptimisation() {
        assertThat(FrameStreams.count(3, false, true, 1, 4 * FrameStreams.AUTOMATIC_PIXELS)).isEqualTo(3);
        assertThat(FrameStreams.count(1, false, false, 16, VGA)).isEqualTo(1);
        // Each optimised frame starts from the previous result: one at a time, whatever is asked.
        assertThat(FrameStreams.count(0, true, false, 16, VGA)).isEqualTo(1);
        assertThat(FrameStreams.count(4, true, false, 16, VGA)).isEqualTo(1);
    }

    @Test
    void theThreadsAreSharedBetweenTheStreams() {
        assertThat(FrameStreams.threadsEach(1, 16)).as("one stream keeps the usual count").isZero();
        assertThat(FrameStreams.threadsEach(2, 2)).isEqualTo(1);
        assertThat(FrameStreams.threadsEach(2, 16)).isEqualTo(8);
        assertThat(FrameStreams.threadsEach(3, 2)).isEqualTo(1);
    }
}
