package dev.atelier.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.cli.ExitCode;
import dev.atelier.cli.Main;
import org.junit.jupiter.api.Test;

/** The convolution benchmark's command line. */
class ConvolutionBenchTest {
    @Test
    void aSmallCaseRuns() {
        assertThat(Main.run("bench", "convolution", "--cases", "4x16", "--runs", "1")).isEqualTo(ExitCode.SUCCESS);
    }

    @Test
    void aMalformedCaseOrNoRunsIsAUsageError() {
        assertThat(Main.run("bench", "convolution", "--cases", "64by512")).isEqualTo(ExitCode.USAGE);
        assertThat(Main.run("bench", "convolution", "--cases", "4x16", "--runs", "0")).isEqualTo(ExitCode.USAGE);
    }
}
