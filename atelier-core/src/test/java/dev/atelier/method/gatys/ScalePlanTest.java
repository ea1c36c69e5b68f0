package dev.atelier.method.gatys;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScalePlanTest {
    @Test
    void automaticPlanHalvesDownToAtLeast128Pixels() {
        assertThat(ScalePlan.halving(512, 0, 700).scales()).extracting(ScalePlan.Scale::longestSide)
                .containsExactly(128, 256, 512);
        assertThat(ScalePlan.halving(1024, 0, 700).scales()).hasSize(4);
        assertThat(ScalePlan.halving(200, 0, 10).scales()).hasSize(1);
    }

    @Test
    void iterationsSumToTheTotalWithCoarserScalesGettingMore() {
        ScalePlan plan = ScalePlan.halving(512, 3, 700);
        assertThat(plan.totalIterations()).isEqualTo(700);
        assertThat(plan.scales()).extracting(ScalePlan.Scale::iterations).containsExactly(400, 200, 100);
    }

    @Test
    void workFractionWeighsIterationsByPixelsAndAFixedCost() {
        RunPlan plan = RunPlan.of(512, 512, GatysOptions.builder().optSize(512).optScales(2).optIterations(30).build(),
                4096);
        // 20 iterations at 256 px and 10 at 512 px, each costing its pixels plus the overhead.
        double coarse = 256 * 256 + RunPlan.ITERATION_OVERHEAD_PIXELS;
        double fine = 512 * 512 + RunPlan.ITERATION_OVERHEAD_PIXELS;
        assertThat(plan.workFraction(20)).isCloseTo(20 * coarse / (20 * coarse + 10 * fine),
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(plan.workFraction(30)).isEqualTo(1.0);
        assertThat(plan.workFraction(0)).isZero();
    }

    @Test
    void workFractionAtAPositionCountsEarlierScalesWholeEvenWhenTheyEndedEarly() {
        RunPlan plan = RunPlan.of(512, 512, GatysOptions.builder().optSize(512).optScales(2).optIterations(30).build(),
                4096);
        double coarse = 256 * 256 + RunPlan.ITERATION_OVERHEAD_PIXELS;
        double fine = 512 * 512 + RunPlan.ITERATION_OVERHEAD_PIXELS;
        double total = 20 * coarse + 10 * fine;
        // 7 of the coarse scale's 20 iterations: as by the count.
        assertThat(plan.workFraction(0, 0, 7)).isCloseTo(plan.workFraction(7), org.assertj.core.data.Offset.offset(1e-12));
        // The coarse scale ended at its plateau after 7: 3 iterations into the fine one, all 20 coarse count.
        assertThat(plan.workFraction(1, 0, 3)).isCloseTo((20 * coarse + 3 * fine) / total,
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(plan.workFraction(1, 0, 10)).isEqualTo(1.0);
        assertThat(plan.workFraction(0, 0, 0)).isZero();
    }
}
