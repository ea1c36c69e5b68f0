package dev.atelier.method.magenta;

import dev.atelier.device.RunDevice;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.Cancellation;
import dev.atelier.color.ColorPreservation;
import dev.atelier.color.ColorTransfer;
import dev.atelier.color.Luminance;
import dev.atelier.method.StyleWeights;
import dev.atelier.io.Resampler;
import dev.atelier.io.RgbImage;
import dev.atelier.nn.ConditionalInstanceNorm;
import dev.atelier.nn.ImageTensors;
import dev.atelier.nn.Layers;
import dev.atelier.nn.NormStatistics;
import dev.atelier.tiling.MemoryBudget;
import dev.atelier.tiling.NetworkMemory;
import dev.atelier.tiling.OnePassPlan;
import dev.atelier.tiling.OnePassTiling;
import dev.atelier.tiling.TilePlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Arbitrary style transfer by style prediction (Ghiasi, Lee, Kudlur, Dumoulin and Shlens,
 * "Exploring the structure of a real-time, arbitrary neural artistic stylization network", BMVC
 * 2017): a style prediction network P maps a painting to a 100-dimensional embedding S, and a style
 * transfer network whose conditional instance norms take γ and β from S repaints the photo in one
 * pass. Google's distilled networks (a MobileNetV2 P, a small transformer) are read from their
 * TensorFlow Lite files by {@link MagentaModels}.
 *
 * <p>Strength is the paper's interpolation towards the photo's own embedding,
 * {@code S = α · S_style + (1 - α) · P(photo)}; several paintings blend by averaging their embeddings.
 * Departures from the paper: masks (spatial control; each region is normalised by its own statistics
 * at every conditional instance norm) and colour preservation (luminance transfer on the result, or
 * the painting recoloured before its style is predicted). Why each is done the way it is, and what was
 * tried and rejected: docs/design.md, "Magenta".
 *
 * <p>Sizes: the result has the photo's size (or {@code size}, its longest side). Inside, the photo
 * is reflected out to multiples of 4 at the bottom and right, and the result cut back.
 *
 * <p>Memory is planned before the pass ({@link OnePassPlan}): a picture whose pass does not fit runs
 * in tiles, each with a halo cut away afterwards and feathered into its neighbours. The style
 * embeddings are computed once, from the whole paintings and the whole photo. A departure from the
 * paper, which runs whole images: the conditional instance norms would normalise each tile by its
 * own statistics, so the statistics are recorded on the whole photo scaled down to one pass's size
 * and every tile is normalised by those ({@link NormStatistics}). Pictures with masks run whole
 * (their norms weigh regions across the picture) or are refused, naming the largest size that fits.
 */
public final class MagentaStylizer implements AutoCloseable {
    /**
     * Smallest photo side accepted: the residual blocks work at a quarter of it and reflect a
     * border of one pixel, and a 4x4 map is the least whose statistics mean something.
     */
    public static final int MINIMUM_SIDE = 16;
    /**
     * Native bytes the transformer's pass needs per pixel, measured: peak resident memory of
     * {@code atelier stylize --method magenta} (float16 transformer) at 1024x768 (1.05 GB) and
     * 2048x1536 (3.30 GB), a slope of 976 bytes a pixel, rounded up.
     */
    static final long BYTES_PER_PIXEL = 1000;
    /** The transformer's memory and tile geometry (it works at a quarter of the size: tiles align to 4). */
    public static final NetworkMemory MEMORY = new NetworkMemory(BYTES_PER_PIXEL, StyleTransferNetwork.STRIDE, 64,
            32, 128);
    private static final String DESCRIPTION = "the Magenta method";

    private final StylePredictionNetwork predictor;
    private final StyleTransferNetwork transformer;
    private final NDManager owned;

    /** Uses, but does not own, the two networks; {@link #close()} leaves them open. */
    public MagentaStylizer(StylePredictionNetwork predictor, StyleTransferNetwork transformer) {
        this(predictor, transformer, null);
    }

    private MagentaStylizer(StylePredictionNetwork predictor, StyleTransferNetwork transformer, NDManager owned) {
        this.predictor = predictor;
        this.transformer = transformer;
        this.owned = owned;
    }

    /** Loads both networks from their files; {@link #close()} releases them. */
    public static MagentaStylizer load(Path predictorFile, Path transformerFile) {
        NDManager manager = RunDevice.newManager();
        try {
            return new MagentaStylizer(MagentaModels.loadPredictor(predictorFile, manager),
                    MagentaModels.loadTransformer(transformerFile, manager), manager);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** A painting's embedding as Google's example makes it: short side to 256, centre square. */
    public StyleEmbedding embed(RgbImage painting) {
        return embed(painting, MagentaOptions.defaults());
    }

    /**
     * A painting's embedding, its short side brought to {@code options.styleSize()} and the centre
     * square cut. Computed once, it serves every photo stylized with options of that style size.
     */
    public StyleEmbedding embed(RgbImage painting, MagentaOptions options) {
        RgbImage square = prepareStyle(painting, options.styleSize());
        try (NDManager scope = RunDevice.newManager()) {
            return new StyleEmbedding(predictor.predict(ImageTensors.toTensor(scope, square)).toFloatArray());
        }
    }

    /** One painting, predicted and applied. */
    public RgbImage stylize(RgbImage content, RgbImage painting, MagentaOptions options) {
        return stylize(content, List.of(embed(recoloured(painting, content, options), options)), List.of(), options);
    }

    /**
     * The painting as its style should be predicted for this photo: recoloured to the photo's colours
     * when {@code options} preserve colour by histogram, else itself.
     */
    public static RgbImage recoloured(RgbImage painting, RgbImage photo, MagentaOptions options) {
        return options.preserveColor() == ColorPreservation.HISTOGRAM ? ColorTransfer.matchColors(painting, photo)
                : painting;
    }

    /**
     * Repaints a photo with one or more embedded paintings, blended by {@code options.styleWeights()}
     * or, when masks are given, by region (see the class comment).
     *
     * @param styles the paintings' embeddings, made with the same style size as {@code options}
     * @param masks empty, or one picture per painting whose brightness (0 to 1) says where that
     *     painting's style goes; stretched to the photo. Where they add up to less than 1 the
     *     photo's own style fills in.
     * @throws IllegalArgumentException if there is no style, or the photo (after resizing) has a
     *     side under {@link #MINIMUM_SIDE}; a front end checks both before any work
     */
    public RgbImage stylize(RgbImage content, List<StyleEmbedding> styles, List<RgbImage> masks,
            MagentaOptions options) {
        return stylize(content, styles, masks, options, Cancellation.never(), (done, total) -> { }).image();
    }

    /**
     * As {@link #stylize(RgbImage, List, List, MagentaOptions)}, in tiles when the picture's pass does
     * not fit in memory (see the class comment), checking {@code cancellation} between tiles; a
     * stopped run returns the tiles done so far over the photo, marked cancelled.
     *
     * @throws dev.atelier.UnavailableException when the picture cannot be made in the memory there
     *     is (with masks, which do not run in tiles, when one pass does not fit), naming the largest
     *     size that can
     */
    public OnePassTiling.Outcome stylize(RgbImage content, List<StyleEmbedding> styles, List<RgbImage> masks,
            MagentaOptions options, Cancellation cancellation, OnePassTiling.TileListener listener) {
        if (styles.isEmpty()) {
            throw new IllegalArgumentException("at least one style is needed");
        }
        StyleWeights.checkFit(options.styleWeights(), styles.size(), masks.size());
        double[] weights = StyleWeights.normalized(options.styleWeights(), styles.size());
        RgbImage photo = options.size() == 0 || Math.max(content.width(), content.height()) == options.size()
                ? content : Resampler.fitLongestSide(content, options.size());
        if (Math.min(photo.width(), photo.height()) < MINIMUM_SIDE) {
            throw new IllegalArgumentException("the photo is " + photo.width() + "x" + photo.height()
                    + "; the Magenta method needs at least " + MINIMUM_SIDE + " pixels on each side");
        }
        OnePassPlan plan = masks.isEmpty()
                ? OnePassPlan.of(photo.width(), photo.height(), MEMORY, MemoryBudget.nativeBytes(),
                        MemoryBudget.heapBytes(), DESCRIPTION)
                : OnePassPlan.whole(photo.width(), photo.height(), MEMORY, MemoryBudget.nativeBytes(), DESCRIPTION,
                        "with style masks");
        return stylize(photo, styles, masks, weights, options, plan, cancellation, listener);
    }

    /** Repaints a photo at its own size as {@code plan} says. */
    OnePassTiling.Outcome stylize(RgbImage photo, List<StyleEmbedding> styles, List<RgbImage> masks, double[] weights,
            MagentaOptions options, OnePassPlan plan, Cancellation cancellation, OnePassTiling.TileListener listener) {
        int width = photo.width() + padding(photo.width());
        int height = photo.height() + padding(photo.height());
        RegionWeights regions = masks.isEmpty() ? null : RegionWeights.of(masks, photo, width, height);
        boolean photoStyleNeeded = options.alpha() < 1 || (regions != null && regions.photoShows());
        float[] own = photoStyleNeeded ? embed(photo, options).values() : new float[StylePredictionNetwork.EMBEDDING_SIZE];
        StyleEmbedding[] embeddings = styles.toArray(StyleEmbedding[]::new);
        OnePassTiling.Outcome outcome;
        try (NDManager scope = RunDevice.newManager()) {
            List<ConditionalInstanceNorm.Affine> norms = regions == null
                    ? uniformNorms(scope, StyleEmbedding.combine(embeddings, weights), own, options.alpha())
                    : regionalNorms(scope, embeddings, own, options.alpha(), regions);
            if (plan.isWhole()) {
                outcome = OnePassTiling.run(photo, plan, piece -> pass(piece, norms, NormStatistics.own()),
                        cancellation, listener);
            } else {
                List<NormStatistics.Moments> moments = wholePictureStatistics(photo, plan, norms);
                outcome = OnePassTiling.run(photo, plan, piece -> pass(piece, norms, NormStatistics.fixed(moments)),
                        cancellation, listener);
            }
        }
        RgbImage result = outcome.image();
        if (outcome.cancelled() && result == photo) {
            return outcome;
        }
        return new OnePassTiling.Outcome(options.preserveColor() == ColorPreservation.LUMINANCE
                ? Luminance.withChroma(result, photo) : result, outcome.cancelled());
    }

    /**
     * Every norm's statistics on the whole picture, scaled down to the pixels of one tile with its
     * halo (a pass that fits, by the plan): tiles normalised by their own statistics would differ in tone.
     */
    private List<NormStatistics.Moments> wholePictureStatistics(RgbImage photo, OnePassPlan plan,
            List<ConditionalInstanceNorm.Affine> norms) {
        TilePlan.Tile first = plan.tiles().tiles().get(0);
        double pixels = (double) (first.width() + 2 * plan.memory().halo()) * (first.height() + 2 * plan.memory().halo());
        double scale = Math.min(1, Math.sqrt(pixels / ((double) photo.width() * photo.height())));
        RgbImage small = scale >= 1 ? photo : Resampler.fitLongestSide(photo,
                (int) Math.max(MINIMUM_SIDE, Math.floor(scale * Math.max(photo.width(), photo.height()))));
        NormStatistics recording = NormStatistics.recording();
        pass(small, norms, recording);
        return recording.recorded();
    }

    /** One pass of the transformer over a piece, reflected out to a multiple of its stride and cut back. */
    private RgbImage pass(RgbImage piece, List<ConditionalInstanceNorm.Affine> norms, NormStatistics statistics) {
        try (NDManager scope = RunDevice.newManager()) {
            NDArray image = Layers.reflectionPad(ImageTensors.toTensor(scope, piece), 0, padding(piece.height()), 0,
                    padding(piece.width()));
            NDArray output = transformer.forward(image, norms, statistics);
            return ImageTensors.toImage(output.get(":, :, 0:" + piece.height() + ", 0:" + piece.width()));
        }
    }

    /** Every norm's γ and β for the one embedding {@code alpha · style + (1 - alpha) · own}, as (C) vectors. */
    private List<ConditionalInstanceNorm.Affine> uniformNorms(NDManager scope, float[] style, float[] own,
            double alpha) {
        NDArray embedding = scope.create(strengthened(style, own, alpha), new Shape(1, style.length));
        List<ConditionalInstanceNorm.Affine> norms = new ArrayList<>();
        for (ConditionalInstanceNorm.Affine affine : transformer.styleParameters(embedding)) {
            norms.add(new ConditionalInstanceNorm.Affine(affine.scale().reshape(-1), affine.shift().reshape(-1)));
        }
        return norms;
    }

    /**
     * Every norm's parameters by region: the (K + 1, C) γ and β of each painting's strengthened
     * embedding and of the photo's own, with the region weights at that norm's resolution.
     */
    private List<ConditionalInstanceNorm.Affine> regionalNorms(NDManager scope, StyleEmbedding[] styles, float[] own,
            double alpha, RegionWeights regions) {
        int sources = styles.length + 1;
        float[] rows = new float[sources * own.length];
        for (int i = 0; i < styles.length; i++) {
            System.arraycopy(strengthened(styles[i].values(), own, alpha), 0, rows, i * own.length, own.length);
        }
        System.arraycopy(own, 0, rows, styles.length * own.length, own.length);
        List<ConditionalInstanceNorm.Affine> parameters = transformer.styleParameters(
                scope.create(rows, new Shape(sources, own.length)));
        List<ConditionalInstanceNorm.Affine> norms = new ArrayList<>();
        NDArray[] weightsByStride = new NDArray[StyleTransferNetwork.STRIDE + 1];
        for (int n = 0; n < parameters.size(); n++) {
            int stride = StyleTransferNetwork.NORMALISATIONS.get(n).stride();
            if (weightsByStride[stride] == null) {
                int pixels = (regions.width() / stride) * (regions.height() / stride);
                float[][] maps = regions.atStride(stride);
                float[] flat = new float[sources * pixels];
                for (int i = 0; i < sources; i++) {
                    System.arraycopy(maps[i], 0, flat, i * pixels, pixels);
                }
                weightsByStride[stride] = scope.create(flat, new Shape(sources, pixels));
            }
            ConditionalInstanceNorm.Affine affine = parameters.get(n);
            norms.add(new ConditionalInstanceNorm.Affine(affine.scale(), affine.shift(), weightsByStride[stride]));
        }
        return norms;
    }

    private static float[] strengthened(float[] style, float[] own, double alpha) {
        if (alpha == 1) {
            return style;
        }
        float[] mixed = new float[style.length];
        for (int i = 0; i < style.length; i++) {
            mixed[i] = (float) (alpha * style[i] + (1 - alpha) * own[i]);
        }
        return mixed;
    }

    /**
     * A picture as the style prediction network sees it (Google's example): short side scaled to
     * {@code side}, then the centred {@code side x side} square.
     */
    public static RgbImage prepareStyle(RgbImage picture, int side) {
        return Resampler.centerCrop(Resampler.fitShortestSide(picture, side), side, side);
    }

    /** Pixels added after a side so it becomes a multiple of the network's stride. */
    static int padding(int side) {
        return (StyleTransferNetwork.STRIDE - side % StyleTransferNetwork.STRIDE) % StyleTransferNetwork.STRIDE;
    }

    /** Closes the networks when this stylizer loaded them ({@link #load}); otherwise does nothing. */
    @Override
    public void close() {
        if (owned != null) {
            predictor.close();
            transformer.close();
            owned.close();
        }
    }
}
