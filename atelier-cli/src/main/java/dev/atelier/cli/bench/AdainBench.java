package dev.atelier.cli.bench;

import ai.djl.ndarray.NDManager;
import dev.atelier.io.RgbImage;
import dev.atelier.method.adain.AdainDecoder;
import dev.atelier.method.adain.AdainStylizer;
import dev.atelier.method.adain.TorchvisionVggEncoder;
import dev.atelier.nn.VggArchitecture;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Milliseconds per AdaIN stylisation with and without encoding the painting, against the work's
 * lower bound at the matrix-multiply peak. Seeded random weights: the cost does not depend on them.
 */
@Command(name = "adain", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "AdaIN speed: style encoding, stylisation with a cached style, peak memory.")
final class AdainBench implements Callable<Integer> {
    @Option(names = "--sizes", split = ",", defaultValue = "512,1024", description = "Square image sides.")
    List<Integer> sizes;

    @Option(names = "--runs", defaultValue = "5", description = "Timed runs per figure (the median is shown).")
    int runs;

    @Option(names = "--peak", defaultValue = "0", description = "Matrix-multiply peak in GFLOP/s (0: measure it).")
    double peak;

    @Override
    public Integer call() {
        BenchValues.sides("sizes", sizes);
        BenchValues.atLeast("runs", runs, 1);
        BenchValues.notNegative("peak", peak);
        double matmulPeak = peak > 0 ? peak : MatmulBench.peak(4096, 5);
        System.out.println(Measurements.format("matmul peak %.1f GFLOP/s", matmulPeak));
        try (NDManager manager = NDManager.newBaseManager();
                TorchvisionVggEncoder encoder = TorchvisionVggEncoder.random(0, manager);
                AdainDecoder decoder = AdainDecoder.fromStateDict(AdainDecoder.initialStateDict(0), manager)) {
            AdainStylizer stylizer = new AdainStylizer(encoder, decoder);
            for (int size : sizes) {
                RgbImage photo = GatysBench.picture(size, 1);
                RgbImage painting = GatysBench.picture(size, 2);
                double encode = Measurements.medianSeconds(1, runs, () -> stylizer.statistics(painting));
                AdainStylizer.StyleStatistics style = stylizer.statistics(painting);
                double cached = Measurements.medianSeconds(1, runs,
                        () -> stylizer.stylize(photo, List.of(style), List.of(1.0), 1.0));
                double full = Measurements.medianSeconds(1, runs, () -> stylizer.stylize(photo, painting, 1.0));
                double encoderMacs = VggArchitecture.VGG19.forwardMacs("conv4_1", size, size);
                double decoderMacs = decoderMacs(size);
                double boundCached = 2 * (encoderMacs + decoderMacs) / (matmulPeak * 1e9);
                double boundFull = 2 * (2 * encoderMacs + decoderMacs) / (matmulPeak * 1e9);
                System.out.println(Measurements.format("%dx%d: style encoding %.0f ms; stylize with the style cached "
                        + "%.0f ms (%.0f%% of peak; bound %.0f ms); with the style encoded too %.0f ms (bound %.0f ms); "
                        + "%.1f GMAC encoder + %.1f GMAC decoder", size, size, 1000 * encode, 1000 * cached,
                        100 * boundCached / cached, 1000 * boundCached, 1000 * full, 1000 * boundFull,
                        encoderMacs / 1e9, decoderMacs / 1e9));
            }
        }
        System.out.println(Measurements.format("peak resident memory: %.0f MiB", Measurements.peakResidentMebibytes()));
        return 0;
    }

    /** Multiply-accumulates of the decoder's 3×3 convolutions on a size² output. */
    static double decoderMacs(int size) {
        double macs = 0;
        double side = size / 8.0;
        for (AdainDecoder.Convolution convolution : AdainDecoder.CONVOLUTIONS) {
            if (convolution.upsampledBefore()) {
                side *= 2;
            }
            macs += 9.0 * convolution.inputChannels() * convolution.outputChannels() * side * side;
        }
        return macs;
    }
}
