package dev.atelier.cli.bench;

import dev.atelier.progress.StepFinished;
import dev.atelier.progress.RunListener;
import dev.atelier.method.RunContext;
import dev.atelier.Cancellation;
import dev.atelier.method.gatys.GatysOptions;
import dev.atelier.method.gatys.GatysStylizer;
import dev.atelier.method.gatys.OptimizerKind;
import dev.atelier.nn.Backbone;
import dev.atelier.nn.Pooling;
import dev.atelier.nn.Vgg;
import dev.atelier.nn.VggArchitecture;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Resident memory along a long run: it must level off after the first iterations. */
@Command(name = "memory", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Resident memory every N iterations of a long Gatys run.")
final class MemoryBench implements Callable<Integer> {
    @Option(names = "--size", defaultValue = "128")
    int size;

    @Option(names = "--iterations", defaultValue = "1000")
    int iterations;

    @Option(names = "--every", defaultValue = "100")
    int every;

    @Option(names = "--optimizer", defaultValue = "lbfgs")
    String optimizer;

    @Override
    public Integer call() {
        BenchValues.between("size", size, 16, 16384);
        BenchValues.atLeast("iterations", iterations, 1);
        BenchValues.atLeast("every", every, 1);
        OptimizerKind kind = GatysOptions.SCHEMA.parse(java.util.Map.of("optimizer", optimizer)).optimizer();
        try (NDManager manager = NDManager.newBaseManager();
                Backbone backbone = new Backbone(Vgg.fromStateDict(VggArchitecture.VGG19,
                        Vgg.randomStateDict(VggArchitecture.VGG19, 0, "conv5_1"), "conv5_1", Pooling.MAX, manager,
                        DataType.FLOAT32), "random-vgg19", "generated", "")) {
            GatysOptions options = GatysOptions.builder().optSize(size).optScales(1).optIterations(iterations)
                    .optOptimizer(kind)
                    .optInitialization(dev.atelier.method.gatys.Initialization.NOISE).build();
            RunListener report = event -> {
                if (event instanceof StepFinished step && step.step() % every == 0) {
                    // Resident memory includes the Java heap's pages as the JVM first touches them;
                    // run with -Xms = -Xmx and -XX:+AlwaysPreTouch so that what still grows is native memory.
                    double heap = Runtime.getRuntime().totalMemory() / (1024.0 * 1024.0);
                    double resident = Measurements.residentMebibytes();
                    System.out.println(Measurements.format("iteration %5d  resident %7.1f MiB  "
                            + "java heap committed %6.1f MiB  live arrays %d  loss %.4g", step.step(), resident, heap,
                            manager.getParentManager().getManagedArrays().size(), step.totalLoss()));
                }
            };
            new GatysStylizer(backbone).stylize(GatysBench.picture(size, 1), GatysBench.picture(size, 2), options,
                    new RunContext(Cancellation.never(), report, step -> false, ""));
        }
        return 0;
    }
}
