package dev.atelier.cli.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import dev.atelier.InvalidOptionException;
import dev.atelier.nn.Layers;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Single 3×3 convolutions (channels in = out, one image): libtorch's one call against
 * {@link Layers#conv2d}, which splits large ones into cache-sized strips. The two alternate, so
 * each ratio is measured under the same machine load.
 */
@Command(name = "convolution", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "3x3 convolution speed by channels and size: one call against cache-sized strips.")
final class ConvolutionBench implements Callable<Integer> {
    @Option(names = "--cases", split = ",", defaultValue = "64x256,64x512,128x256,256x128,512x64",
            description = "CHANNELSxSIDE of each square input.")
    List<String> cases;

    @Option(names = "--runs", defaultValue = "7", description = "Timed pairs per case (medians are shown).")
    int runs;

    @Override
    public Integer call() {
        BenchValues.atLeast("runs", runs, 1);
        try (NDManager manager = NDManager.newBaseManager()) {
            for (String text : cases) {
                String[] parts = text.split("x");
                if (parts.length != 2 || !parts[0].matches("[1-9][0-9]*") || !parts[1].matches("[1-9][0-9]*")) {
                    throw new InvalidOptionException("cases", "'" + text + "' is not CHANNELSxSIDE, e.g. 64x512");
                }
                measure(manager, Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            }
        }
        return 0;
    }

    private void measure(NDManager manager, int channels, int side) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray input = scope.randomUniform(0f, 1f, new Shape(1, channels, side, side));
            NDArray weight = scope.randomNormal(0f, 0.05f, new Shape(channels, channels, 3, 3), DataType.FLOAT32);
            NDArray bias = scope.zeros(new Shape(channels));
            Runnable whole = () -> {
                try (NDManager pass = scope.newSubManager()) {
                    NDArray copy = input.duplicate();
                    copy.attach(pass);
                    Conv2d.conv2d(copy, weight, bias, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1)
                            .singletonOrThrow().getFloat(0, 0, 0, 0);
                }
            };
            Runnable layers = () -> {
                try (NDManager pass = scope.newSubManager()) {
                    NDArray copy = input.duplicate();
                    copy.attach(pass);
                    Layers.conv2d(copy, weight, bias, 1, 1).getFloat(0, 0, 0, 0);
                }
            };
            whole.run();
            layers.run();
            double[] wholeSeconds = new double[runs];
            double[] layersSeconds = new double[runs];
            double[] ratios = new double[runs];
            for (int run = 0; run < runs; run++) {
                wholeSeconds[run] = Measurements.seconds(whole);
                layersSeconds[run] = Measurements.seconds(layers);
                ratios[run] = layersSeconds[run] / wholeSeconds[run];
            }
            double flops = 2.0 * 9 * channels * channels * (double) side * side;
            double one = Measurements.median(wholeSeconds);
            double split = Measurements.median(layersSeconds);
            System.out.println(Measurements.format("%d channels at %dx%d: one call %.1f ms (%.0f GFLOP/s); "
                    + "Layers.conv2d %.1f ms (%.0f GFLOP/s); ratio %.2f", channels, side, side, 1000 * one,
                    flops / one / 1e9, 1000 * split, flops / split / 1e9, Measurements.median(ratios)));
        }
    }
}
