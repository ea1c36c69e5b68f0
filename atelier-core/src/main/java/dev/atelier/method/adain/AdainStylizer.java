package dev.atelier.method.adain;

import dev.atelier.device.RunDevice;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.BadInputException;
import dev.atelier.Cancellation;
import dev.atelier.CancelledException;
import dev.atelier.InvalidOptionException;
import dev.atelier.color.ColorPreservation;
import dev.atelier.color.ColorTransfer;
import dev.atelier.color.Luminance;
import dev.atelier.method.StyleWeights;
import dev.atelier.io.Resampler;
import dev.atelier.io.RgbImage;
import dev.atelier.io.StyleMasks;
import dev.atelier.nn.ChannelMoments;
import dev.atelier.nn.Constants;
import dev.atelier.nn.ImageTensors;
import dev.atelier.nn.Layers;
import dev.atelier.tiling.MemoryBudget;
import dev.atelier.tiling.NetworkMemory;
import dev.atelier.tiling.OnePassPlan;
import dev.atelier.tiling.OnePassTiling;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Arbitrary style transfer in one forward pass (Huang and Belongie, "Arbitrary Style Transfer in
 * Real-time with Adaptive Instance Normalization", ICCV 2017): encode the photo and the painting,
 * give the photo's relu4_1 features the painting's channel statistics, decode. With several styles
 * the re-normalised features are blended by weight (sec. 7.3, style interpolation), or by region
 * when masks are given (sec. 7.3, spatial control); {@code alpha} blends them back towards the
 * photo's own features (sec. 7.3, content-style trade-off).
 *
 * <p>Memory is planned before each pass ({@link OnePassPlan}). A picture whose pass does not fit is
 * encoded and decoded in tiles, each with a halo of {@value #HALO} pixels cut away afterwards and
 * feathered into its neighbours. AdaIN normalises the photo's features by their channel statistics
 * over the whole photo, and the painting's statistics are the whole painting's: both are gathered
 * exactly from the tiles' features first (each tile adding the part of the feature grid it owns),
 * so a tiled result matches the whole one but for rounding. Style masks (regional statistics) run
 * whole or are refused, naming the largest size that fits.
 */
public final class AdainStylizer {
    /** Smallest side accepted: the encoder pools three times and still reflects a border. */
    public static final int MINIMUM_SIDE = 16;
    /** The encoder halves the size three times. */
    static final int FEATURE_STRIDE = 8;
    /**
     * Native bytes an encoder and decoder pass needs per pixel, measured: peak resident memory of
     * {@code atelier stylize --method adain} with the shared release networks at 512x384 (1.88 GB)
     * and 768x576 (3.76 GB), style size 256, a slope of 7.8 kB a pixel, rounded up.
     */
    static final long BYTES_PER_PIXEL = 8000;
    /** Pixels run around each tile and cut away: beyond what the padding at a cut edge reaches. */
    static final int HALO = 64;
    /** The networks' memory and tile geometry (the encoder pools three times: tiles align to 8). */
    public static final NetworkMemory MEMORY = new NetworkMemory(BYTES_PER_PIXEL, FEATURE_STRIDE, HALO, 32, 128);
    private static final String DESCRIPTION = "AdaIN";
    /** Channels of relu4_1, where AdaIN works. */
    private static final int RELU4_1_CHANNELS = 512;

    private final AdainEncoder encoder;
    private final AdainDecoder decoder;

    /** Uses, but does not own, the encoder and the decoder. */
    public AdainStylizer(AdainEncoder encoder, AdainDecoder decoder) {
        this.encoder = encoder;
        this.decoder = decoder;
    }

    /** A style reduced to what AdaIN uses: relu4_1 channel means and deviations (Java memory). */
    public record StyleStatistics(float[] mean, float[] standardDeviation) {}

    /**
     * A stylized photo and the images that made it.
     *
     * @param image the result, the size of {@code content}
     * @param content the photo as used (resized)
     * @param styles the paintings as used (resized, recoloured when preserving colour)
     */
    public record Result(RgbImage image, RgbImage content, List<RgbImage> styles) {}

    /**
     * Stylizes a photo with one or more paintings as {@code options} say: resizes them, recolours
     * the paintings when preserving colour, and blends the styles by weight or, when {@code masks}
     * are given, by region.
     *
     * @param masks empty, or one picture per style whose brightness (0 to 1) says where that style
     *     goes; stretched to the photo. Where the masks add up to less than 1 the photo's own
     *     features fill in, so unmasked parts keep the photo's look.
     */
    public Result stylize(RgbImage content, List<RgbImage> styles, List<RgbImage> masks, AdainOptions options) {
        if (styles.isEmpty()) {
            throw new InvalidOptionException("style", "at least one painting is needed");
        }
        StyleWeights.checkFit(options.styleWeights(), styles.size(), masks.size());
        double[] weights = StyleWeights.normalized(options.styleWeights(), styles.size());
        RgbImage photo = resized(content, options.size());
        requireSize(photo, photo == content ? "content image" : "content image (resized)");
        List<RgbImage> paintings = new ArrayList<>();
        List<StyleStatistics> statistics = new ArrayList<>();
        for (int i = 0; i < styles.size(); i++) {
            RgbImage painting = resized(styles.get(i), options.styleSideFor(options.size()));
            requireSize(painting, "style image" + (styles.size() > 1 ? " " + (i + 1) + " of " + styles.size() : "")
                    + (painting == styles.get(i) ? "" : " (resized)"));
            if (options.preserveColor() == ColorPreservation.HISTOGRAM) {
                painting = ColorTransfer.matchColors(painting, photo);
            }
            paintings.add(painting);
            statistics.add(statistics(painting));
        }
        RgbImage image = masks.isEmpty()
                ? stylize(photo, statistics, weights, options.alpha())
                : stylizeRegions(photo, statistics, masks, options.alpha());
        return new Result(keepColors(image, photo, options), photo, List.copyOf(paintings));
    }

    /**
     * The result with the photo's chroma when luminance-only colour preservation is asked for
     * (Gatys et al. 2017); a departure from the AdaIN paper, which only recolours the painting
     * ({@code HISTOGRAM}), so that one option means the same for every method.
     */
    public static RgbImage keepColors(RgbImage image, RgbImage photo, AdainOptions options) {
        return options.preserveColor() == ColorPreservation.LUMINANCE ? Luminance.withChroma(image, photo) : image;
    }

    /**
     * Encodes a painting once, so many photos can use it without encoding it again; in tiles when its
     * pass does not fit in memory (the statistics are still the whole painting's), checking the
     * thread's cancellation between them.
     */
    public StyleStatistics statistics(RgbImage style) {
        requireSize(style, "style image");
        OnePassPlan plan = plan(style.width(), style.height());
        if (plan.isWhole()) {
            try (NDManager manager = RunDevice.newManager()) {
                NDArray features = encoder.encode(ImageTensors.toTensor(manager, style));
                return new StyleStatistics(AdaptiveInstanceNorm.mean(features).toFloatArray(),
                        AdaptiveInstanceNorm.standardDeviation(features).toFloatArray());
            }
        }
        ChannelMoments moments = featureMoments(style, plan, false, Cancellation.current());
        return new StyleStatistics(moments.mean(), deviation(moments));
    }

    /** How a picture of this size runs with the memory available now. */
    public static OnePassPlan plan(int width, int height) {
        return OnePassPlan.of(width, height, MEMORY, MemoryBudget.nativeBytes(), MemoryBudget.heapBytes(),
                DESCRIPTION);
    }

    /**
     * The channel statistics of a picture's relu4_1 features, gathered over the tiles of {@code plan}:
     * each tile is encoded with its halo and adds the cells of the feature grid it owns.
     *
     * @param padded whether the picture is reflected out to a multiple of 8 first, as for a photo
     */
    ChannelMoments featureMoments(RgbImage picture, OnePassPlan plan, boolean padded, Cancellation cancellation) {
        ChannelMoments moments = new ChannelMoments(RELU4_1_CHANNELS);
        OnePassTiling.forEachPiece(picture, plan, (piece, left, top, tile, owned) -> {
            try (NDManager manager = RunDevice.newManager()) {
                NDArray features = padded ? encodePadded(manager, piece)
                        : encoder.encode(ImageTensors.toTensor(manager, piece));
                long rows = features.getShape().get(2);
                long columns = features.getShape().get(3);
                long x0 = (owned.x0() - left) / FEATURE_STRIDE;
                long y0 = (owned.y0() - top) / FEATURE_STRIDE;
                long x1 = owned.x1() == picture.width() ? columns : (owned.x1() - left) / FEATURE_STRIDE;
                long y1 = owned.y1() == picture.height() ? rows : (owned.y1() - top) / FEATURE_STRIDE;
                moments.add(features.get(":, :, " + y0 + ":" + y1 + ", " + x0 + ":" + x1));
            }
        }, cancellation);
        return moments;
    }

    /** The deviation AdaIN uses: unbiased variance plus ε, square-rooted (see {@link AdaptiveInstanceNorm}). */
    private static float[] deviation(ChannelMoments moments) {
        float[] variance = moments.unbiasedVariance();
        float[] deviation = new float[variance.length];
        for (int c = 0; c < variance.length; c++) {
            deviation[c] = (float) Math.sqrt(variance[c] + AdaptiveInstanceNorm.EPSILON);
        }
        return deviation;
    }

    /**
     * Stylizes a photo at its own size with paintings already encoded.
     *
     * @param styles the styles' statistics
     * @param weights one non-negative weight per style, not all zero; normalised to sum to 1
     * @param alpha 0 reproduces the photo through the decoder, 1 applies the full style
     */
    public RgbImage stylize(RgbImage content, List<StyleStatistics> styles, List<Double> weights, double alpha) {
        return stylize(content, styles, StyleWeights.normalized(weights, styles.size()), alpha);
    }

    /** One style, full weight, the photo at its own size. */
    public RgbImage stylize(RgbImage content, RgbImage style, double alpha) {
        return stylize(content, List.of(statistics(style)), List.of(1.0), alpha);
    }

    private RgbImage stylize(RgbImage content, List<StyleStatistics> styles, double[] weights, double alpha) {
        return stylize(content, styles, weights, alpha, plan(content.width(), content.height()), Cancellation.never(),
                (done, total) -> { }).image();
    }

    /**
     * As {@link #stylize(RgbImage, List, List, double)}, as {@code plan} says: whole, or in tiles
     * normalised by the whole photo's feature statistics (gathered from the tiles first); the
     * cancellation is checked between tiles, and a stopped run returns what it has, marked cancelled.
     */
    public OnePassTiling.Outcome stylize(RgbImage content, List<StyleStatistics> styles, List<Double> weights,
            double alpha, OnePassPlan plan, Cancellation cancellation, OnePassTiling.TileListener listener) {
        return stylize(content, styles, StyleWeights.normalized(weights, styles.size()), alpha, plan, cancellation,
                listener);
    }

    private OnePassTiling.Outcome stylize(RgbImage content, List<StyleStatistics> styles, double[] weights,
            double alpha, OnePassPlan plan, Cancellation cancellation, OnePassTiling.TileListener listener) {
        requireAlpha(alpha);
        requireSize(content, "content image");
        if (plan.isWhole()) {
            return OnePassTiling.run(content, plan, photo -> {
                try (NDManager manager = RunDevice.newManager()) {
                    NDArray features = encodePadded(manager, photo);
                    return decodeCropped(restyle(manager, features, AdaptiveInstanceNorm.mean(features),
                            AdaptiveInstanceNorm.standardDeviation(features), styles, weights, alpha), photo);
                }
            }, cancellation, listener);
        }
        ChannelMoments moments;
        try {
            moments = featureMoments(content, plan, true, cancellation);
        } catch (CancelledException stopped) {
            return new OnePassTiling.Outcome(content, true);
        }
        float[] contentMean = moments.mean();
        float[] contentDeviation = deviation(moments);
        return OnePassTiling.run(content, plan, piece -> {
            try (NDManager manager = RunDevice.newManager()) {
                NDArray features = encodePadded(manager, piece);
                return decodeCropped(restyle(manager, features, column(manager, contentMean),
                        column(manager, contentDeviation), styles, weights, alpha), piece);
            }
        }, cancellation, listener);
    }

    /** The features given each style's statistics, blended by weight, then towards the photo's by alpha. */
    private static NDArray restyle(NDManager manager, NDArray features, NDArray contentMean, NDArray contentDeviation,
            List<StyleStatistics> styles, double[] weights, double alpha) {
        NDArray target = null;
        for (int i = 0; i < styles.size(); i++) {
            if (weights[i] == 0) {
                continue;
            }
            NDArray restyled = AdaptiveInstanceNorm.normalizeWith(features, contentMean, contentDeviation,
                    column(manager, styles.get(i).mean()), column(manager, styles.get(i).standardDeviation()));
            restyled = Constants.times(restyled, weights[i]);
            target = target == null ? restyled : target.add(restyled);
        }
        return blend(target, features, alpha);
    }

    /**
     * Spatial control: each style re-normalises the photo's features with the statistics of its own
     * region (as the authors' code does), and the results are blended by the masks.
     *
     * @param maskImages one per style; brightness (0 to 1) says where that style goes, stretched to the photo
     */
    public RgbImage stylizeRegions(RgbImage content, List<StyleStatistics> styles, List<RgbImage> maskImages,
            double alpha) {
        requireAlpha(alpha);
        requireSize(content, "content image");
        OnePassPlan.whole(content.width(), content.height(), MEMORY, MemoryBudget.nativeBytes(), DESCRIPTION,
                "with style masks");
        List<float[]> masks = StyleMasks.atFeatureResolution(maskImages, content, FEATURE_STRIDE);
        try (NDManager manager = RunDevice.newManager()) {
            NDArray features = encodePadded(manager, content);
            Shape shape = features.getShape();
            float[] coverage = StyleMasks.coverage(masks);
            NDArray target = features.mul(plane(manager, StyleMasks.remainder(coverage), shape));
            for (int i = 0; i < styles.size(); i++) {
                NDArray mask = plane(manager, masks.get(i), shape);
                NDArray restyled = AdaptiveInstanceNorm.normalizeRegion(features, mask,
                        column(manager, styles.get(i).mean()), column(manager, styles.get(i).standardDeviation()));
                target = target.add(restyled.mul(plane(manager, StyleMasks.share(masks.get(i), coverage), shape)));
            }
            return decodeCropped(blend(target, features, alpha), content);
        }
    }

    /**
     * relu4_1 features of the photo reflected out to a multiple of 8 pixels, so the decoder's output
     * covers the photo exactly (and the torchvision encoder's floor pooling loses no pixels).
     */
    private NDArray encodePadded(NDManager manager, RgbImage content) {
        NDArray image = ImageTensors.toTensor(manager, content);
        int height = content.height();
        int width = content.width();
        NDArray padded = Layers.reflectionPad(image, 0, padding(height), 0, padding(width));
        return encoder.encode(padded);
    }

    private RgbImage decodeCropped(NDArray features, RgbImage content) {
        NDArray output = decoder.decode(features).get(":, :, 0:" + content.height() + ", 0:" + content.width());
        return ImageTensors.toImage(output);
    }

    private static NDArray blend(NDArray target, NDArray features, double alpha) {
        return alpha == 1 ? target : Constants.times(target, alpha).add(Constants.times(features, 1 - alpha));
    }

    /** Pixels added after a side so it becomes a multiple of {@link #FEATURE_STRIDE}. */
    static int padding(int side) {
        return (FEATURE_STRIDE - side % FEATURE_STRIDE) % FEATURE_STRIDE;
    }

    private static RgbImage resized(RgbImage image, int longestSide) {
        if (longestSide == 0 || Math.max(image.width(), image.height()) == longestSide) {
            return image;
        }
        return Resampler.fitLongestSide(image, longestSide);
    }

    private static NDArray column(NDManager manager, float[] values) {
        return manager.create(values).reshape(1, values.length, 1, 1);
    }

    /** A feature-resolution map as a (1, 1, h, w) array that broadcasts over the channels. */
    private static NDArray plane(NDManager manager, float[] values, Shape features) {
        return manager.create(values).reshape(1, 1, features.get(2), features.get(3));
    }

    private static void requireAlpha(double alpha) {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new InvalidOptionException("alpha", "must be between 0 and 1, got " + alpha);
        }
    }

    private static void requireSize(RgbImage image, String description) {
        if (Math.min(image.width(), image.height()) < MINIMUM_SIDE) {
            throw new BadInputException(description + " is " + image.width() + "x" + image.height()
                    + "; AdaIN needs at least " + MINIMUM_SIDE + " pixels on each side");
        }
    }
}
