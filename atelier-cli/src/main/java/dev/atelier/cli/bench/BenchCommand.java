package dev.atelier.cli.bench;

import picocli.CommandLine.Command;

/**
 * {@code atelier bench}: measures this machine. Figures in BENCHMARKS.md come from here, so users
 * can check theirs.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure speed and memory on this machine (see BENCHMARKS.md).",
        subcommands = {MatmulBench.class, ConvolutionBench.class, GatysBench.class, FeedForwardBench.class,
                AdainBench.class, MagentaBench.class, CurvesBench.class, MemoryBench.class, GatysGridBench.class,
                GatysPrintBench.class, MultiStyleBench.class, VideoBench.class, TimeToQualityBench.class,
                OperatorsBench.class})
public final class BenchCommand implements Runnable {
    @Override
    public void run() {
        picocli.CommandLine.usage(this, System.out);
    }
}
