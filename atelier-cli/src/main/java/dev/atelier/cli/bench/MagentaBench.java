package dev.atelier.cli.bench;

import ai.djl.ndarray.NDManager;
import dev.atelier.BadInputException;
import dev.atelier.io.Resampler;
import dev.atelier.io.RgbImage;
import dev.atelier.method.adain.AdainDecoder;
import dev.atelier.method.adain.AdainEncoder;
import dev.atelier.method.adain.AdainModels;
import dev.atelier.method.adain.AdainStylizer;
import dev.atelier.method.adain.NormalisedVggEncoder;
import dev.atelier.method.magenta.MagentaOptions;
import dev.atelier.method.magenta.MagentaStylizer;
import dev.atelier.method.magenta.StyleEmbedding;
import dev.atelier.models.ModelReference;
import dev.atelier.models.ModelStore;
import dev.atelier.progress.RunListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Milliseconds for the Magenta method (Google's distilled networks): style prediction of a painting,
 * then stylisation with the embedding cached, at the sizes asked for; and AdaIN's stylisation of the
 * same photo with the same painting cached, when a decoder is given, for comparison. The networks are
 * the real ones, by name (downloaded on first use, like {@code stylize}) or from files; the pictures
 * are synthetic, since the work does not depend on them.
 */
@Command(name = "magenta", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Magenta speed: style prediction, stylisation with a cached style, AdaIN on the same photo.")
final class MagentaBench implements Callable<Integer> {
    @Option(names = "--predictor", defaultValue = "magenta-predictor",
            description = "The style prediction network: a model name (downloaded on first use) or a .tflite file.")
    String predictor;

    @Option(names = "--transformer", defaultValue = "magenta-transformer",
            description = "The style transfer network: a model name (downloaded on first use) or a .tflite file.")
    String transformer;

    @Option(names = "--adain-encoder", defaultValue = "embedded",
            description = "AdaIN's encoder, for the comparison: embedded (inside Atelier), a model name or a file.")
    String adainEncoder;

    @Option(names = "--adain-decoder", paramLabel = "MODEL",
            description = "AdaIN's decoder (adain-decoder or a file); the comparison is skipped without it.")
    String adainDecoder;

    @Option(names = "--sizes", split = ",", defaultValue = "512x512,1024x768",
            description = "Photo sizes, WIDTHxHEIGHT.")
    List<String> sizes;

    @Option(names = "--runs", defaultValue = "5", description = "Timed runs per figure (the median is shown).")
    int runs;

    @Override
    public Integer call() {
        RgbImage painting = GatysBench.picture(1024, 2);
        ModelStore models = ModelStore.fromEnvironment();
        List<Path> files = models.resolveAll(List.of(new ModelReference(predictor, "predictor"),
                new ModelReference(transformer, "transformer")), RunListener.silent());
        try (MagentaStylizer stylizer = MagentaStylizer.load(files.get(0), files.get(1))) {
            MagentaOptions options = MagentaOptions.defaults();
            RgbImage square = MagentaStylizer.prepareStyle(painting, options.styleSize());
            double predict = Measurements.medianSeconds(1, runs, () -> stylizer.embed(square, options));
            double embed = Measurements.medianSeconds(1, runs, () -> stylizer.embed(painting, options));
            System.out.println(Measurements.format("style prediction at %d²: %.0f ms (%.0f ms with a 1024² painting "
                    + "resized and cropped first)", options.styleSize(), 1000 * predict, 1000 * embed));
            StyleEmbedding style = stylizer.embed(painting, options);
            MagentaOptions weaker = options.toBuilder().optAlpha(0.5).build();
            for (String size : sizes) {
                RgbImage photo = photo(size);
                double cached = Measurements.medianSeconds(1, runs,
                        () -> stylizer.stylize(photo, List.of(style), List.of(), options));
                double withOwn = Measurements.medianSeconds(1, runs,
                        () -> stylizer.stylize(photo, List.of(style), List.of(), weaker));
                System.out.println(Measurements.format("%dx%d: stylize with the style cached %.0f ms (%.1f GMAC); "
                        + "alpha 0.5, predicting the photo's own style too, %.0f ms", photo.width(), photo.height(),
                        1000 * cached, transformerMacs(photo.width(), photo.height()) / 1e9, 1000 * withOwn));
            }
        }
        if (adainDecoder != null) {
            compareAdain(painting, models);
        } else {
            System.out.println("AdaIN comparison skipped: give --adain-decoder (adain-decoder, or a decoder file)");
        }
        System.out.println(Measurements.format("peak resident memory: %.0f MiB", Measurements.peakResidentMebibytes()));
        return 0;
    }

    private void compareAdain(RgbImage painting, ModelStore models) {
        AdainModels.LoadedDecoder weights = AdainModels.readDecoder(models.resolve(adainDecoder, "adain-decoder",
                RunListener.silent()));
        try (NDManager manager = NDManager.newBaseManager();
                AdainEncoder encoder = AdainModels.isEmbedded(adainEncoder) ? NormalisedVggEncoder.embedded(manager)
                        : AdainModels.loadEncoder(models.resolve(adainEncoder, "adain-encoder",
                                RunListener.silent()), manager);
                AdainDecoder decoder = AdainDecoder.fromStateDict(weights.weights(), manager)) {
            AdainStylizer stylizer = new AdainStylizer(encoder, decoder);
            // AdaIN's reference brings the painting to 512 pixels.
            AdainStylizer.StyleStatistics style = stylizer.statistics(Resampler.fitLongestSide(painting, 512));
            for (String size : sizes) {
                RgbImage photo = photo(size);
                double cached = Measurements.medianSeconds(1, runs,
                        () -> stylizer.stylize(photo, List.of(style), List.of(1.0), 1.0));
                System.out.println(Measurements.format("%dx%d: AdaIN with the style cached %.0f ms", photo.width(),
                        photo.height(), 1000 * cached));
            }
        }
    }

    /** A synthetic photo of the size {@code WIDTHxHEIGHT}. */
    static RgbImage photo(String size) {
        String[] sides = size.toLowerCase(Locale.ROOT).split("x");
        if (sides.length != 2) {
            throw new BadInputException("--sizes takes WIDTHxHEIGHT, got '" + size + "'");
        }
        int width;
        int height;
        try {
            width = Integer.parseInt(sides[0].strip());
            height = Integer.parseInt(sides[1].strip());
        } catch (NumberFormatException e) {
            throw new BadInputException("--sizes takes WIDTHxHEIGHT, got '" + size + "'");
        }
        if (Math.min(width, height) < MagentaStylizer.MINIMUM_SIDE || Math.max(width, height) > 8192) {
            throw new BadInputException("--sizes: sides must be between " + MagentaStylizer.MINIMUM_SIDE
                    + " and 8192, got '" + size + "'");
        }
        return Resampler.centerCrop(GatysBench.picture(Math.max(width, height), 1), width, height);
    }

    /**
     * Multiply-accumulates of the transformer's convolutions on a {@code width x height} photo (a
     * multiple of 4): 9x9 3→8 at full size, 3x3 8→16 and 16→32 of stride 2, ten 3x3 32→32 at a
     * quarter, 3x3 32→16 at half and 16→8 at full size after upsampling, 9x9 8→3 at full size.
     */
    static double transformerMacs(int width, int height) {
        double full = (double) width * height;
        double half = full / 4;
        double quarter = full / 16;
        return full * 81 * 3 * 8 + half * 9 * 8 * 16 + quarter * 9 * 16 * 32 + 10 * quarter * 9 * 32 * 32
                + half * 9 * 32 * 16 + full * 9 * 16 * 8 + full * 81 * 8 * 3;
    }
}
