package dev.atelier.cli.bench;

import ai.djl.ndarray.NDManager;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.ImageSaver;
import dev.atelier.io.Resampler;
import dev.atelier.io.RgbImage;
import dev.atelier.method.feedforward.FeedForwardModels;
import dev.atelier.method.feedforward.FeedForwardTrainingOptions;
import dev.atelier.method.feedforward.FeedForwardStylizer;
import dev.atelier.method.feedforward.ModelFile;
import dev.atelier.method.feedforward.TransformerLayout;
import dev.atelier.method.feedforward.StyleNetwork;
import dev.atelier.method.feedforward.TransformerNetwork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Milliseconds per image of a feed-forward network after warm-up, and images per second over a folder. */
@Command(name = "feedforward", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Feed-forward stylisation speed, GFLOP/s and peak memory.")
final class FeedForwardBench implements Callable<Integer> {
    @Option(names = "--model", description = "A model file or TF variable folder (default: random weights).")
    Path model;

    @Option(names = "--layout", defaultValue = "pytorch-examples",
            description = "Layout of the random network when no --model is given.")
    String layout;

    @Option(names = "--sizes", split = ",", defaultValue = "512,1024", description = "Square image sides.")
    List<Integer> sizes;

    @Option(names = "--runs", defaultValue = "5")
    int runs;

    @Option(names = "--folder", description = "Also stylise every image here (longest side --folder-size), "
            + "reading and writing files, and report images per second.")
    Path folder;

    @Option(names = "--folder-size", defaultValue = "512")
    int folderSize;

    @Option(names = "--peak", defaultValue = "0", description = "Matrix-multiply peak (0: measure it).")
    double peak;

    @Override
    public Integer call() throws IOException {
        BenchValues.sides("sizes", sizes);
        BenchValues.atLeast("runs", runs, 1);
        BenchValues.between("folder-size", folderSize, 16, 16384);
        BenchValues.notNegative("peak", peak);
        TransformerLayout randomLayout = FeedForwardTrainingOptions.SCHEMA.parse(Map.of("layout", layout)).layout();
        double matmulPeak = peak > 0 ? peak : MatmulBench.peak(4096, 5);
        ModelFile.Model weights = model != null
                ? FeedForwardModels.read(model)
                : new ModelFile.Model(randomLayout, TransformerNetwork.initialStateDict(randomLayout, 0), null, null,
                        null);
        try (NDManager manager = NDManager.newBaseManager();
                StyleNetwork network = FeedForwardModels.build(weights, manager)) {
            FeedForwardStylizer stylizer = new FeedForwardStylizer(network);
            System.out.println(Measurements.format("layout %s, matmul peak %.1f GFLOP/s", weights.layout()
                    .displayName(), matmulPeak));
            for (int size : sizes) {
                RgbImage image = GatysBench.picture(size, 3);
                double seconds = Measurements.medianSeconds(2, runs, () -> stylizer.stylize(image));
                if (weights.layout() == TransformerLayout.TORCH7) {
                    // A module network's cost is not counted here: its time alone.
                    System.out.println(Measurements.format("%dx%d: %.0f ms/image (median of %d after 2 warm-up)",
                            size, size, 1000 * seconds, runs));
                    continue;
                }
                double flops = 2 * forwardMacs(weights.layout(), size, size);
                System.out.println(Measurements.format("%dx%d: %.0f ms/image (median of %d after 2 warm-up), "
                        + "%.1f GFLOP/s (%.0f%% of peak), %.1f GMAC", size, size, 1000 * seconds, runs,
                        flops / seconds / 1e9, 100 * flops / seconds / 1e9 / matmulPeak, flops / 2e9));
            }
            if (folder != null) {
                folderThroughput(stylizer);
            }
        }
        System.out.println(Measurements.format("peak resident memory: %.0f MiB", Measurements.peakResidentMebibytes()));
        return 0;
    }

    private void folderThroughput(FeedForwardStylizer stylizer) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(Files::isRegularFile).sorted().toList();
        }
        Path output = Files.createTempDirectory("atelier-bench");
        ImageLoader loader = new ImageLoader();
        ImageSaver saver = new ImageSaver();
        long start = System.nanoTime();
        for (Path file : files) {
            RgbImage result = stylizer.stylize(Resampler.fitLongestSide(loader.read(file), folderSize));
            saver.write(result, output.resolve(file.getFileName().toString().replaceAll("\\.[^.]+$", "") + ".png"));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.println(Measurements.format("folder %s: %d images at %d px in %.1f s: %.2f images/s "
                + "(reading and writing included)", folder, files.size(), folderSize, seconds, files.size() / seconds));
    }

    /** Multiply-accumulates of one forward pass, from the network's convolution list. */
    static double forwardMacs(TransformerLayout layout, int width, int height) {
        double macs = 0;
        double scale = 1;
        for (TransformerNetwork.ConvolutionSpec spec : TransformerNetwork.convolutions(layout)) {
            if (spec.upsampling()) {
                if (layout == TransformerLayout.TENSORFLOW) {
                    // A transposed convolution costs its kernel per input pixel; the output is twice the size.
                    macs += (double) spec.inputChannels() * spec.outputChannels() * 9 * (width * scale)
                            * (height * scale);
                    scale *= 2;
                    continue;
                }
                scale *= 2;
            }
            scale /= spec.stride();
            macs += (double) spec.inputChannels() * spec.outputChannels() * spec.kernel() * spec.kernel()
                    * (width * scale) * (height * scale);
        }
        return macs;
    }
}
