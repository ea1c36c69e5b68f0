package dev.atelier.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The time left as shown (command line and studio): the library's estimate, smoothed; values computed by hand. */
class SmoothedEtaTest {
    /** 1 - e^(-1/10): the weight of a new estimate one second after the last. */
    private static final double ONE_SECOND = 1 - Math.exp(-0.1);

    @Test
    void theFirstEstimateIsShownAsItIs() {
        SmoothedEta eta = new SmoothedEta();
        assertThat(eta.update(0.4, Double.NaN)).isNaN();
        assertThat(eta.update(1.0, 120)).isEqualTo(120);
    }

    @Test
    void aSteadyEstimateCountsDownWithTheClock() {
        SmoothedEta eta = new SmoothedEta();
        eta.update(10, 100);
        // 100 counted down by 1 s is 99; the estimate (99) agrees, so it stays 99.
        assertThat(eta.update(11, 99)).isCloseTo(99, within(1e-12));
        assertThat(eta.update(12, 98)).isCloseTo(98, within(1e-12));
    }

    @Test
    void aSwingMovesItByTheWeightOfTheTimeSinceTheLast() {
        SmoothedEta eta = new SmoothedEta();
        eta.update(0, 100);
        // Counted down to 99, pulled towards 40 by 1 - e^(-0.1) = 0.0951626: 99 - 59 * 0.0951626 = 93.385407.
        assertThat(eta.update(1, 40)).isCloseTo(99 - 59 * ONE_SECOND, within(1e-9)).isCloseTo(93.385407, within(1e-6));
        // Then 160 one second later: 92.385407 + (160 - 92.385407) * 0.0951626 = 98.81979.
        double countedDown = 99 - 59 * ONE_SECOND - 1;
        assertThat(eta.update(2, 160)).isCloseTo(countedDown + (160 - countedDown) * ONE_SECOND, within(1e-9))
                .isCloseTo(98.81979, within(1e-5));
    }

    @Test
    void aLongGapLetsTheNewEstimateAlmostWhole() {
        SmoothedEta eta = new SmoothedEta();
        eta.update(0, 100);
        // 60 s later: counted down to 40, weight 1 - e^(-6) = 0.99752: 40 + (200 - 40) * 0.99752 = 199.603.
        assertThat(eta.update(60, 200)).isCloseTo(40 + 160 * (1 - Math.exp(-6)), within(1e-9));
    }

    @Test
    void withoutAnEstimateItKeepsCountingDownAndNeverBelowZero() {
        SmoothedEta eta = new SmoothedEta();
        eta.update(0, 5);
        assertThat(eta.update(2, Double.NaN)).isEqualTo(3);
        assertThat(eta.update(9, Double.NaN)).isZero();
        assertThat(eta.update(10, -4)).isZero();
    }

    @Test
    void anAlternatingEstimateIsShownSteady() {
        SmoothedEta eta = new SmoothedEta();
        double previous = eta.update(0, 100);
        for (int second = 1; second <= 30; second++) {
            double shown = eta.update(second, (second % 2 == 0 ? 140 : 60) - second);
            // The raw estimate jumps by 80 s every second; what is shown moves by less than 6.
            assertThat(Math.abs(shown - previous)).as("second %d", second).isLessThan(6);
            previous = shown;
        }
        assertThat(previous).isBetween(65.0, 75.0);
    }

    @Test
    void aClockThatGoesBackIsTakenAsNoTimePassing() {
        SmoothedEta eta = new SmoothedEta();
        eta.update(5, 50);
        assertThat(eta.update(4, 50)).isEqualTo(50);
    }
}
