package dev.atelier.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Summing a profiler trace by hand-made events whose totals are worked out by hand. */
class OperatorProfileTest {
    private static String event(String name, double start, double duration, int thread, String shape) {
        return "{\"name\": \"" + name + "\", \"ph\": \"X\", \"ts\": " + start + ", \"dur\": " + duration
                + ", \"tid\": " + thread + ", \"pid\": \"CPU Functions\", \"shape\": " + shape + ", \"args\": {}}";
    }

    @Test
    void countsOnlyTheOperatorsCalledDirectlyByNameAndByShape() {
        String trace = "[" + String.join(",",
                // conv2d (100 us) holds convolution and mkldnn calls: only the outer one counts.
                event("aten::conv2d", 0, 100, 1, "[[1, 8, 4, 4], [8, 8, 3, 3]]"),
                event("aten::convolution", 1, 98, 1, "[[1, 8, 4, 4], [8, 8, 3, 3]]"),
                event("aten::mkldnn_convolution", 2, 90, 1, "[[1, 8, 4, 4], [8, 8, 3, 3]]"),
                event("aten::relu", 120, 10, 1, "[[1, 8, 4, 4]]"),
                event("aten::conv2d", 200, 50, 1, "[[1, 8, 2, 2], [8, 8, 3, 3]]"),
                // Another thread's events overlap the first thread's in time and count on their own.
                event("aten::relu", 5, 20, 2, "[[1, 8, 4, 4]]"),
                event("aten::clamp_min", 6, 15, 2, "[[1, 8, 4, 4]]"),
                "{\"name\": \"not an operator\", \"ph\": \"i\", \"ts\": 3, \"tid\": 1}") + "]";

        OperatorProfile profile = OperatorProfile.of(trace);

        assertThat(profile.totalMicros()).isEqualTo(100 + 10 + 50 + 20);
        assertThat(profile.byName()).containsExactly(
                new OperatorProfile.Line("aten::conv2d", "", 150, 2),
                new OperatorProfile.Line("aten::relu", "", 30, 2));
        assertThat(profile.byShape()).containsExactly(
                new OperatorProfile.Line("aten::conv2d", "[[1,8,4,4],[8,8,3,3]]", 100, 1),
                new OperatorProfile.Line("aten::conv2d", "[[1,8,2,2],[8,8,3,3]]", 50, 1),
                new OperatorProfile.Line("aten::relu", "[[1,8,4,4]]", 30, 2));
    }

    @Test
    void readsTheObjectFormWithTraceEventsToo() {
        String trace = "{\"traceEvents\": [" + event("aten::add", 0, 7, 1, "[[2], [2]]") + "]}";
        assertThat(OperatorProfile.of(trace).byName()).containsExactly(new OperatorProfile.Line("aten::add", "", 7, 1));
    }
}
