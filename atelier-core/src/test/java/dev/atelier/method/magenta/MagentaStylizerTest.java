package dev.atelier.method.magenta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.atelier.Cancellation;
import dev.atelier.InvalidOptionException;
import dev.atelier.color.ColorPreservation;
import dev.atelier.color.ColorTransfer;
import dev.atelier.color.PictureMeasures;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.Resampler;
import dev.atelier.io.RgbImage;
import dev.atelier.nn.ImageTensors;
import dev.atelier.nn.Layers;
import dev.atelier.testing.ImageDifference;
import dev.atelier.testing.SharedFiles;
import dev.atelier.testing.TestPictures;
import dev.atelier.tiling.OnePassPlan;
import dev.atelier.tiling.OnePassTiling;
import dev.atelier.tiling.TilePlan;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Magenta method on the shared photo and paintings, kept small (the photo's longest side 192
 * pixels) so the class runs in seconds.
 */
class MagentaStylizerTest {
    private static final Path PREDICTOR = SharedFiles.model(SharedFiles.MAGENTA, SharedFiles.MAGENTA_PREDICTOR);
    private static final Path F16 = SharedFiles.model(SharedFiles.MAGENTA, SharedFiles.MAGENTA_TRANSFORMER_F16);
    private static final Path INT8 = SharedFiles.model(SharedFiles.MAGENTA, SharedFiles.MAGENTA_TRANSFORMER_INT8);

    private static NDManager manager;
    private static StylePredictionNetwork predictor;
    private static StyleTransferNetwork transformer;
    private static MagentaStylizer stylizer;
    private static RgbImage photo;
    private static RgbImage starryNight;
    private static RgbImage scream;
    private static StyleEmbedding starry;
    private static StyleEmbedding screaming;
    private static StyleEmbedding itself;
    private static RgbImage fullStyle;
    private static RgbImage ownStyle;

    @BeforeAll
    static void load() {
        manager = NDManager.newBaseManager();
        predictor = MagentaModels.loadPredictor(PREDICTOR, manager);
        transformer = MagentaModels.loadTransformer(F16, manager);
        stylizer = new MagentaStylizer(predictor, transformer);
        ImageLoader loader = new ImageLoader();
        photo = Resampler.fitLongestSide(loader.read(SharedFiles.content("tubingen.jpg")), 192);
        // Brought near the predictor's 256 here once, so each embedding does not resample a large file.
        starryNight = Resampler.fitShortestSide(loader.read(SharedFiles.style("starry_night.jpg")), 300);
        scream = Resampler.fitShortestSide(loader.read(SharedFiles.style("the_scream.jpg")), 300);
        starry = stylizer.embed(starryNight);
        screaming = stylizer.embed(scream);
        // The photo prepared like a painting: its own style, what alpha 0 and unmasked parts use.
        itself = stylizer.embed(photo);
        fullStyle = stylizer.stylize(photo, List.of(starry), List.of(), MagentaOptions.defaults());
        ownStyle = stylizer.stylize(photo, List.of(itself), List.of(), MagentaOptions.defaults());
    }

    @AfterAll
    static void close() {
        stylizer.close();
        transformer.close();
        predictor.close();
        manager.close();
    }

    @Test
    void theSharedPairRepaintsThePhotoRecognisably() {
        assertThat(fullStyle.width()).isEqualTo(photo.width());
        assertThat(fullStyle.height()).isEqualTo(photo.height());
        // Its edges survive: gradient magnitudes of photo and result go together (at half size, where
        // the brush texture the style adds averages out), which another photo's do not.
        assertThat(PictureMeasures.edgeCorrelation(photo, fullStyle)).isGreaterThan(0.5);
        RgbImage other = Resampler.resizeTo(new ImageLoader().read(SharedFiles.content("golden_gate.jpg")),
                photo.width(), photo.height());
        assertThat(Math.abs(PictureMeasures.edgeCorrelation(other, fullStyle))).isLessThan(0.15);
        // Its palette moves to the painting's: mean and spread of each channel get closer.
        RgbImage painting = MagentaStylizer.prepareStyle(starryNight, 256);
        double before = PictureMeasures.paletteDistance(photo, painting);
        double after = PictureMeasures.paletteDistance(fullStyle, painting);
        assertThat(after).isLessThan(0.6 * before);
        // And it is not the photo any more.
        assertThat(TestPictures.meanAbsoluteDifference(fullStyle, photo)).isGreaterThan(0.08);
    }

    @Test
    void theF16AndInt8TransformersPaintTheSamePicture() {
        RgbImage fromInt8;
        try (NDManager scope = NDManager.newBaseManager();
                StyleTransferNetwork int8 = MagentaModels.loadTransformer(INT8, scope)) {
            fromInt8 = new MagentaStylizer(predictor, int8).stylize(photo, List.of(starry), List.of(),
                    MagentaOptions.defaults());
        }
        assertThat(TestPictures.meanAbsoluteDifference(fullStyle, fromInt8)).isLessThan(2.0 / 255);
    }

    @Test
    void alphaMixesThePaintingsEmbeddingWithThePhotosOwn() {
        // Alpha 0.3 is exactly the embedding 0.3 S(painting) + 0.7 S(photo prepared like a painting).
        float[] painting = starry.values();
        float[] own = itself.values();
        float[] mixed = new float[painting.length];
        for (int i = 0; i < mixed.length; i++) {
            mixed[i] = (float) (0.3 * painting[i] + 0.7 * own[i]);
        }
        RgbImage byHand = stylizer.stylize(photo, List.of(new StyleEmbedding(mixed)), List.of(), options().build());
        RgbImage weaker = stylizer.stylize(photo, List.of(starry), List.of(), options().optAlpha(0.3).build());
        assertThat(TestPictures.meanAbsoluteDifference(weaker, byHand)).isLessThan(1e-6);
        // Alpha 0, the photo repainted in its own style, is nearer the photo than the full style, in
        // colour and in its edges.
        assertThat(TestPictures.meanAbsoluteDifference(ownStyle, fullStyle)).isGreaterThan(0.05);
        assertThat(TestPictures.meanAbsoluteDifference(ownStyle, photo))
                .isLessThan(0.85 * TestPictures.meanAbsoluteDifference(fullStyle, photo));
        assertThat(PictureMeasures.edgeCorrelation(photo, ownStyle))
                .isGreaterThan(PictureMeasures.edgeCorrelation(photo, fullStyle) + 0.1);
    }

    @Test
    void weightsBlendTheEmbeddings() {
        RgbImage first = stylizer.stylize(photo, List.of(starry, screaming), List.of(),
                options().optStyleWeights(List.of(2.0, 0.0)).build());
        assertThat(TestPictures.meanAbsoluteDifference(first, fullStyle)).isLessThan(1e-6);

        RgbImage blend = stylizer.stylize(photo, List.of(starry, screaming), List.of(),
                options().optStyleWeights(List.of(1.0, 3.0)).build());
        float[] a = starry.values();
        float[] b = screaming.values();
        float[] mixed = new float[a.length];
        for (int i = 0; i < mixed.length; i++) {
            mixed[i] = (float) (0.25 * a[i] + 0.75 * b[i]);
        }
        RgbImage byHand = stylizer.stylize(photo, List.of(new StyleEmbedding(mixed)), List.of(), options().build());
        assertThat(TestPictures.meanAbsoluteDifference(blend, byHand)).isLessThan(1e-6);
        RgbImage screamOnly = stylizer.stylize(photo, List.of(screaming), List.of(), options().build());
        assertThat(TestPictures.meanAbsoluteDifference(blend, fullStyle)).isGreaterThan(0.03);
        assertThat(TestPictures.meanAbsoluteDifference(blend, screamOnly)).isGreaterThan(0.01);
    }

    @Test
    void masksConfineEachStyleToItsRegion() {
        int width = photo.width();
        int height = photo.height();
        RgbImage left = halfMask(width, height, true);
        RgbImage right = halfMask(width, height, false);
        RgbImage masked = stylizer.stylize(photo, List.of(starry, screaming), List.of(left, right), options().build());
        RgbImage screamOnly = stylizer.stylize(photo, List.of(screaming), List.of(), options().build());

        // Away from the seam (the network sees tens of pixels around each one), each side is its style.
        RgbImage leftSide = masked.crop(0, 0, width / 6, height);
        RgbImage rightSide = masked.crop(width - width / 6, 0, width / 6, height);
        double leftToStarry = TestPictures.meanAbsoluteDifference(leftSide, fullStyle.crop(0, 0, width / 6, height));
        double leftToScream = TestPictures.meanAbsoluteDifference(leftSide, screamOnly.crop(0, 0, width / 6, height));
        double rightToStarry = TestPictures.meanAbsoluteDifference(rightSide,
                fullStyle.crop(width - width / 6, 0, width / 6, height));
        double rightToScream = TestPictures.meanAbsoluteDifference(rightSide,
                screamOnly.crop(width - width / 6, 0, width / 6, height));
        assertThat(leftToStarry).isLessThan(0.4 * leftToScream);
        assertThat(rightToScream).isLessThan(0.4 * rightToStarry);
    }

    @Test
    void uniformMasksAreWeights() {
        // gamma and beta are affine in the embedding, so masks of 0.25 and 0.75 everywhere are the
        // weights 0.25 and 0.75.
        RgbImage quarter = RgbImage.solid(photo.width(), photo.height(), 0.25f, 0.25f, 0.25f);
        RgbImage threeQuarters = RgbImage.solid(photo.width(), photo.height(), 0.75f, 0.75f, 0.75f);
        RgbImage masked = stylizer.stylize(photo, List.of(starry, screaming), List.of(quarter, threeQuarters),
                options().build());
        RgbImage weighted = stylizer.stylize(photo, List.of(starry, screaming), List.of(),
                options().optStyleWeights(List.of(0.25, 0.75)).build());
        assertThat(TestPictures.meanAbsoluteDifference(masked, weighted)).isLessThan(2e-5);
    }

    @Test
    void whereNoMaskReachesThePhotoKeepsItsOwnStyle() {
        int width = photo.width();
        int height = photo.height();
        RgbImage masked = stylizer.stylize(photo, List.of(starry), List.of(halfMask(width, height, true)),
                options().build());
        RgbImage rightSide = masked.crop(width - width / 6, 0, width / 6, height);
        assertThat(TestPictures.meanAbsoluteDifference(rightSide,
                ownStyle.crop(width - width / 6, 0, width / 6, height)))
                .isLessThan(0.6 * TestPictures.meanAbsoluteDifference(rightSide,
                        fullStyle.crop(width - width / 6, 0, width / 6, height)));
    }

    @Test
    void preservingColourByHistogramPredictsThePaintingRecolouredToThePhoto() {
        RgbImage kept = stylizer.stylize(photo, starryNight, options().optPreserveColor(ColorPreservation.HISTOGRAM)
                .build());

        RgbImage expected = stylizer.stylize(photo, ColorTransfer.matchColors(starryNight, photo), options().build());
        assertThat(TestPictures.meanAbsoluteDifference(kept, expected)).isLessThan(1e-6);
        assertThat(TestPictures.meanAbsoluteDifference(kept, fullStyle)).isGreaterThan(1e-3);
    }

    @Test
    void preservingColourKeepsThePhotosColourAndTheResultsLuminance() {
        RgbImage kept = stylizer.stylize(photo, List.of(starry), List.of(), options().optPreserveColor(ColorPreservation.LUMINANCE).build());
        int pixels = photo.pixelCount();
        float[] result = kept.sharedPlanes();
        float[] original = photo.sharedPlanes();
        float[] styled = fullStyle.sharedPlanes();
        int compared = 0;
        for (int i = 0; i < pixels; i++) {
            float[] shift = new float[3];
            boolean clamped = false;
            for (int c = 0; c < 3; c++) {
                shift[c] = result[c * pixels + i] - original[c * pixels + i];
                clamped |= result[c * pixels + i] <= 0 || result[c * pixels + i] >= 1;
            }
            if (clamped) {
                continue;
            }
            compared++;
            // Same colour: every channel moved by the same amount (U and V unchanged) ...
            assertThat(shift[1]).isCloseTo(shift[0], within(1e-5f));
            assertThat(shift[2]).isCloseTo(shift[0], within(1e-5f));
            // ... the amount that gives the stylised luminance.
            assertThat(luma(result, i, pixels)).isCloseTo(luma(styled, i, pixels), within(1e-5f));
        }
        assertThat(compared).isGreaterThan(pixels / 2);
    }

    @Test
    void oddSizesComeOutTheSameSizeAlignedWithThePhoto() {
        RgbImage odd = Resampler.resizeTo(photo, 37, 53);
        RgbImage result = stylizer.stylize(odd, List.of(starry), List.of(), options().build());
        RgbImage expected;
        try (NDManager scope = NDManager.newBaseManager()) {
            // Reflected out to 40x56 (multiples of 4), repainted, and cut back from the top left.
            NDArray padded = Layers.reflectionPad(ImageTensors.toTensor(scope, odd), 0, 3, 0, 3);
            NDArray embedding = scope.create(starry.values()).reshape(1, 100);
            expected = ImageTensors.toImage(transformer.forward(padded, embedding).get(":, :, 0:53, 0:37"));
        }
        assertThat(result.width()).isEqualTo(37);
        assertThat(result.height()).isEqualTo(53);
        assertThat(TestPictures.meanAbsoluteDifference(result, expected)).isLessThan(1e-6);

        RgbImage resized = stylizer.stylize(photo, List.of(starry), List.of(), options().optSize(101).build());
        assertThat(Math.max(resized.width(), resized.height())).isEqualTo(101);
    }

    @Test
    void photosBelowTheMinimumSideAreRefused() {
        assertThatThrownBy(() -> stylizer.stylize(TestPictures.photo(15, 40, 1), List.of(starry), List.of(),
                options().build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the photo is 15x40; the Magenta method needs at least 16 pixels on each side");
        assertThat(stylizer.stylize(TestPictures.photo(16, 16, 2), List.of(starry), List.of(), options().build())
                .width()).isEqualTo(16);
    }

    @Test
    void anEmbeddingIsThePredictorsOnTheCentreSquare() {
        RgbImage wide = Resampler.resizeTo(starryNight, 300, 200);
        RgbImage square = MagentaStylizer.prepareStyle(wide, 256);
        assertThat(square.width()).isEqualTo(256);
        assertThat(square.height()).isEqualTo(256);
        assertThat(square).isEqualTo(Resampler.centerCrop(Resampler.resizeTo(wide, 384, 256), 256, 256));
        float[] direct;
        try (NDManager scope = NDManager.newBaseManager()) {
            direct = predictor.predict(ImageTensors.toTensor(scope, square)).toFloatArray();
        }
        assertThat(stylizer.embed(wide).values()).containsExactly(direct);
        StyleEmbedding smaller = stylizer.embed(wide, options().optStyleSize(128).build());
        assertThat(smaller).isNotEqualTo(stylizer.embed(wide));
    }

    @Test
    void optionsAreCheckedByKey() {
        assertThatThrownBy(() -> options().optAlpha(1.5).build()).isInstanceOf(InvalidOptionException.class)
                .hasMessage("alpha: must be between 0 and 1, got 1.5");
        assertThatThrownBy(() -> options().optStyleWeights(List.of(1.0, -1.0)).build())
                .isInstanceOf(InvalidOptionException.class)
                .hasMessage("style-weights: must be finite and non-negative, got -1.0");
        assertThatThrownBy(() -> options().optStyleWeights(List.of(0.0, 0.0)).build())
                .isInstanceOf(InvalidOptionException.class).hasMessage("style-weights: must not all be zero");
        assertThatThrownBy(() -> options().optSize(8).build()).isInstanceOf(InvalidOptionException.class)
                .hasMessage("size: must be 0 (keep the photo's size) or between 16 and 16384 pixels, got 8");
        assertThatThrownBy(() -> options().optStyleSize(5000).build()).isInstanceOf(InvalidOptionException.class)
                .hasMessage("style-size: must be between 32 and 4096 pixels, got 5000");
        assertThatThrownBy(() -> stylizer.stylize(photo, List.of(starry), List.of(),
                options().optStyleWeights(List.of(1.0, 2.0)).build()))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessage("style-weights: 2 weights for 1 paintings; give one weight per painting");
        assertThatThrownBy(() -> stylizer.stylize(photo, List.of(starry), List.of(photo, photo), options().build()))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessage("style-masks: 2 masks for 1 paintings; give one mask per painting");
        MagentaOptions defaults = MagentaOptions.defaults();
        assertThat(defaults).isEqualTo(new MagentaOptions(1, List.of(), ColorPreservation.NONE, 0, 256, "magenta-predictor",
                "magenta-transformer"));
        assertThat(defaults.toBuilder().optAlpha(0.5).build().alpha()).isEqualTo(0.5);
    }

    private static MagentaOptions.Builder options() {
        return MagentaOptions.builder();
    }

    private static RgbImage halfMask(int width, int height, boolean left) {
        float[] planes = new float[3 * width * height];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    planes[(c * height + y) * width + x] = (x < width / 2) == left ? 1 : 0;
                }
            }
        }
        return RgbImage.wrap(width, height, planes);
    }

    /**
     * With the real networks: tiles of a photo whose statistics come from it at full size give the
     * untiled picture, the largest difference anywhere (seams included) under 1/255 (measured: 0).
     */
    @Test
    void tilesReproduceTheWholePassWithoutSeams() {
        RgbImage picture = Resampler.fitLongestSide(new ImageLoader().read(SharedFiles.content("tubingen.jpg")), 320);
        MagentaOptions options = MagentaOptions.defaults();
        OnePassPlan whole = new OnePassPlan(TilePlan.of(picture.width(), picture.height(), 320, 0),
                MagentaStylizer.MEMORY);
        OnePassPlan tiled = new OnePassPlan(TilePlan.aligned(picture.width(), picture.height(), 192, 32, 4),
                MagentaStylizer.MEMORY);
        assertThat(tiled.tiles().tiles()).hasSize(4);

        RgbImage untiled = stylizer.stylize(picture, List.of(starry), List.of(), new double[] {1}, options, whole,
                Cancellation.never(), (done, total) -> { }).image();
        RgbImage pieced = stylizer.stylize(picture, List.of(starry), List.of(), new double[] {1}, options, tiled,
                Cancellation.never(), (done, total) -> { }).image();
        assertThat(ImageDifference.between(untiled, pieced, tiled.tiles()).maximum()).isLessThan(1.0);
    }

    /**
     * A larger photo gets its statistics from a copy scaled down to one pass (here 0.96 of its size):
     * the difference from the untiled picture is a small tone shift (measured: 0.94/255 on average),
     * no larger near seams than elsewhere.
     */
    @Test
    void scaledDownStatisticsShiftTheToneEvenlyAndLeaveNoSeam() {
        RgbImage picture = Resampler.fitLongestSide(new ImageLoader().read(SharedFiles.content("tubingen.jpg")), 768);
        MagentaOptions options = MagentaOptions.defaults();
        OnePassPlan whole = new OnePassPlan(TilePlan.of(picture.width(), picture.height(), 768, 0),
                MagentaStylizer.MEMORY);
        OnePassPlan tiled = new OnePassPlan(TilePlan.aligned(picture.width(), picture.height(), 512, 32, 4),
                MagentaStylizer.MEMORY);

        RgbImage untiled = stylizer.stylize(picture, List.of(starry), List.of(), new double[] {1}, options, whole,
                Cancellation.never(), (done, total) -> { }).image();
        RgbImage pieced = stylizer.stylize(picture, List.of(starry), List.of(), new double[] {1}, options, tiled,
                Cancellation.never(), (done, total) -> { }).image();
        ImageDifference difference = ImageDifference.between(untiled, pieced, tiled.tiles());
        assertThat(difference.mean()).isLessThan(2.0);
        assertThat(difference.seamBandMean()).isLessThan(1.2 * difference.elsewhereMean() + 0.1);
    }

    @Test
    void aCancellationBetweenTilesEndsTheRunCancelled() {
        OnePassPlan tiled = new OnePassPlan(TilePlan.aligned(photo.width(), photo.height(), 128, 32, 4),
                MagentaStylizer.MEMORY);
        Cancellation cancellation = new Cancellation();
        OnePassTiling.Outcome outcome = stylizer.stylize(photo, List.of(starry), List.of(), new double[] {1},
                MagentaOptions.defaults(), tiled, cancellation, (done, total) -> cancellation.request());
        assertThat(outcome.cancelled()).isTrue();
    }

    private static float luma(float[] planes, int pixel, int pixels) {
        return 0.299f * planes[pixel] + 0.587f * planes[pixels + pixel] + 0.114f * planes[2 * pixels + pixel];
    }
}
