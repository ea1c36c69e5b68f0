package dev.atelier.cli.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.atelier.method.RunContext;
import dev.atelier.Cancellation;
import dev.atelier.loss.ContentLoss;
import dev.atelier.loss.PerceptualObjective;
import dev.atelier.loss.StyleLoss;
import dev.atelier.loss.TotalVariationLoss;
import dev.atelier.loss.WeightedTerm;
import dev.atelier.method.gatys.GatysOptions;
import dev.atelier.method.gatys.GatysResult;
import dev.atelier.method.gatys.GatysStylizer;
import dev.atelier.report.HistoryEntry;
import dev.atelier.nn.Backbone;
import dev.atelier.nn.Pooling;
import dev.atelier.nn.Vgg;
import dev.atelier.nn.VggArchitecture;
import dev.atelier.io.RgbImage;
import dev.atelier.weights.StateDict;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Seconds per Gatys iteration at given sizes with VGG-19 and the default layers, against a bare
 * forward and backward pass of the same network: what the loss terms and the optimizer add.
 * Weights are random: speed does not depend on their values.
 */
@Command(name = "gatys", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Seconds per iteration, achieved GFLOP/s, loop overhead and peak memory.")
final class GatysBench implements Callable<Integer> {
    @Option(names = "--sizes", split = ",", defaultValue = "256,512", description = "Square image sides.")
    List<Integer> sizes;

    @Option(names = "--iterations", defaultValue = "5", description = "L-BFGS iterations timed per round.")
    int iterations;

    @Option(names = "--runs", defaultValue = "5", description = "Rounds of bare pass, objective and L-BFGS iterations.")
    int runs;

    @Option(names = "--peak", defaultValue = "0",
            description = "Matrix-multiply peak in GFLOP/s to compare with (0: measure it first).")
    double peak;

    @Override
    public Integer call() {
        BenchValues.sides("sizes", sizes);
        BenchValues.atLeast("iterations", iterations, 1);
        BenchValues.atLeast("runs", runs, 1);
        BenchValues.notNegative("peak", peak);
        double matmulPeak = peak > 0 ? peak : MatmulBench.peak(4096, 5);
        System.out.println(Measurements.format("matmul peak: %.1f GFLOP/s", matmulPeak));
        GatysOptions defaults = GatysOptions.defaults();
        Set<String> layers = new LinkedHashSet<>(defaults.contentLayers());
        layers.addAll(defaults.styleLayers().keySet());
        StateDict weights = Vgg.randomStateDict(VggArchitecture.VGG19, 0, "conv5_1");
        try (NDManager manager = NDManager.newBaseManager();
                Backbone backbone = new Backbone(Vgg.fromStateDict(VggArchitecture.VGG19, weights, "conv5_1",
                        Pooling.MAX, manager, DataType.FLOAT32), "random-vgg19", "generated", "")) {
            for (int size : sizes) {
                measure(backbone, size, layers, defaults, matmulPeak);
            }
        }
        System.out.println(Measurements.format("peak resident memory: %.0f MiB", Measurements.peakResidentMebibytes()));
        return 0;
    }

    /**
     * Rounds of: a bare pass, the objective, a few L-BFGS iterations, a bare pass again. Each
     * overhead is a ratio within one round, so the machine's drift over minutes (these machines
     * are shared) cancels; the medians over rounds are printed.
     */
    private void measure(Backbone backbone, int size, Set<String> layers, GatysOptions defaults, double matmulPeak) {
        Vgg network = backbone.network();
        double macs = VggArchitecture.VGG19.forwardMacs("conv5_1", size, size);
        // Forward plus the backward pass to the image (no weight gradients): about twice the forward.
        double flopsPerEvaluation = 2 * 2 * macs;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray image = manager.randomNormal(new Shape(1, 3, size, size));
            Runnable barePass = () -> {
                try (NDManager scope = manager.newSubManager()) {
                    NDArray leaf = image.duplicate();
                    leaf.attach(scope);
                    leaf.setRequiresGradient(true);
                    try (GradientCollector collector = scope.getEngine().newGradientCollector()) {
                        NDArray total = null;
                        for (NDArray features : network.features(leaf, layers).values()) {
                            NDArray mean = features.mean();
                            total = total == null ? mean : total.add(mean);
                        }
                        collector.backward(total);
                    }
                    leaf.getGradient().getFloat(0, 0, 0, 0);
                }
            };
            List<WeightedTerm> terms = new ArrayList<>();
            terms.add(new WeightedTerm(new ContentLoss(network.features(image, defaults.contentLayers()), manager),
                    1));
            terms.add(new WeightedTerm(new StyleLoss(StyleLoss.targetsFrom(network.features(image,
                    defaults.styleLayers().keySet())), defaults.styleLayers(), StyleLoss.Scaling.LAYER_SIZE,
                    manager), 1e6));
            terms.add(new WeightedTerm(new TotalVariationLoss(), 0));
            GatysOptions loopOptions = defaults.toBuilder().optSize(size).optScales(1).optIterations(iterations)
                    .optBackbone(dev.atelier.nn.BackboneChoice.RANDOM_VGG19).build();
            RgbImage photo = picture(size, 1);
            RgbImage painting = picture(size, 2);
            double[] bare = new double[runs];
            double[] objectiveOverBare = new double[runs];
            double[] loopOverBare = new double[runs];
            double[] secondsPerIteration = new double[runs];
            double[] evaluationsPerIteration = new double[runs];
            try (PerceptualObjective objective = new PerceptualObjective(network, terms)) {
                Runnable objectivePass = () -> {
                    try (NDManager scope = manager.newSubManager()) {
                        objective.evaluate(image, scope).gradient().getFloat(0, 0, 0, 0);
                    }
                };
                barePass.run();
                objectivePass.run();
                for (int round = 0; round < runs; round++) {
                    double bareBefore = Measurements.seconds(barePass);
                    double objectiveSeconds = Measurements.seconds(objectivePass);
                    GatysResult result = new GatysStylizer(backbone).stylize(photo, painting, loopOptions,
                            RunContext.quiet());
                    double bareAfter = Measurements.seconds(barePass);
                    List<HistoryEntry> history = result.history();
                    secondsPerIteration[round] = (history.get(history.size() - 1).seconds()
                            - history.get(0).seconds()) / (history.size() - 1);
                    evaluationsPerIteration[round] = (result.evaluations() - 1.0) / (history.size() - 1);
                    double bareAround = (bareBefore + bareAfter) / 2;
                    bare[round] = bareAround;
                    objectiveOverBare[round] = objectiveSeconds / bareBefore;
                    loopOverBare[round] = secondsPerIteration[round] / evaluationsPerIteration[round] / bareAround;
                }
            }
            double bareMedian = Measurements.median(bare);
            System.out.println(Measurements.format(
                    "%dx%d: bare fwd+bwd %.3f s (%.1f GFLOP/s, %.0f%% of peak); objective %+.1f%%; "
                            + "L-BFGS %.3f s/iteration, %.2f evaluations/iteration, %+.1f%% per evaluation over "
                            + "bare (range %+.1f%% to %+.1f%% over %d rounds); %.1f GMAC forward",
                    size, size, bareMedian, flopsPerEvaluation / bareMedian / 1e9,
                    100 * flopsPerEvaluation / bareMedian / 1e9 / matmulPeak,
                    100 * (Measurements.median(objectiveOverBare) - 1), Measurements.median(secondsPerIteration),
                    Measurements.median(evaluationsPerIteration), 100 * (Measurements.median(loopOverBare) - 1),
                    100 * (min(loopOverBare) - 1), 100 * (max(loopOverBare) - 1), runs, macs / 1e9));
        }
    }

    private static double min(double[] values) {
        return java.util.Arrays.stream(values).min().orElse(Double.NaN);
    }

    private static double max(double[] values) {
        return java.util.Arrays.stream(values).max().orElse(Double.NaN);
    }

    /** A picture with texture everywhere, so L-BFGS has work to do at every pixel. */
    static RgbImage picture(int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] planes = new float[3 * size * size];
        for (int i = 0; i < planes.length; i++) {
            int x = i % size;
            int y = (i / size) % size;
            planes[i] = (float) (0.5 + 0.3 * Math.sin((x + seed * y) * 0.2) + 0.2 * random.nextDouble() - 0.1);
        }
        return RgbImage.wrap(size, size, planes);
    }
}
