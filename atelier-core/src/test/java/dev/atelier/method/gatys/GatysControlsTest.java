package dev.atelier.method.gatys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.Cancellation;
import dev.atelier.InvalidOptionException;
import dev.atelier.NonFiniteLossException;
import dev.atelier.color.ColorPreservation;
import dev.atelier.color.Luminance;
import dev.atelier.io.RgbImage;
import dev.atelier.method.RunContext;
import dev.atelier.progress.RunListener;
import dev.atelier.nn.BackboneChoice;
import dev.atelier.testing.RandomVgg19;
import dev.atelier.testing.TestPictures;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Colour preservation, several paintings, masks, the initial image, divergence and size checks, at 64 px. */
class GatysControlsTest {
    @RegisterExtension
    static final RandomVgg19 VGG = new RandomVgg19();

    private final RgbImage content = TestPictures.photo(64, 48, 1);
    private final RgbImage style = TestPictures.painting(80, 64, 2);

    private static GatysOptions.Builder small() {
        return GatysOptions.builder().optSize(64).optScales(1).optSeed(3);
    }

    private GatysResult run(List<RgbImage> styles, List<RgbImage> masks, RgbImage init, GatysOptions options) {
        return new GatysStylizer(VGG.backbone()).stylize(content, styles, masks, options,
                new RunContext(Cancellation.never(), RunListener.silent(), step -> false, "", init, null));
    }

    @Test
    void luminanceTransferKeepsThePhotosChromaExactly() {
        GatysResult result = run(List.of(style), List.of(), null,
                small().optIterations(6).optPreserveColor(ColorPreservation.LUMINANCE).build());
        assertThat(TestPictures.meanAbsoluteDifference(result.image(), content)).isGreaterThan(0.005);
        float[][] expected = Luminance.chroma(content);
        float[][] actual = Luminance.chroma(result.image());
        for (int k = 0; k < 2; k++) {
            for (int i = 0; i < expected[k].length; i++) {
                assertThat(actual[k][i]).isCloseTo(expected[k][i], within(2e-6f));
            }
        }
    }

    @Test
    void histogramMatchingGivesThePaintingThePhotosColourMeanAndCovariance() {
        RgbImage photo = TestPictures.photo(120, 90, 7);
        RgbImage painting = softPainting(100, 100);
        RgbImage prepared = GatysStylizer.preparedStyles(photo, List.of(painting),
                small().optSize(120).optPreserveColor(ColorPreservation.HISTOGRAM).build()).get(0);
        double[][] want = meanAndCovariance(photo);
        double[][] got = meanAndCovariance(prepared);
        double scale = 0;
        for (int a = 1; a < 4; a++) {
            for (int b = 0; b < 3; b++) {
                scale = Math.max(scale, Math.abs(want[a][b]));
            }
        }
        for (int c = 0; c < 3; c++) {
            assertThat(got[0][c]).as("mean of channel %d", c).isCloseTo(want[0][c], within(2e-3));
        }
        for (int a = 1; a < 4; a++) {
            for (int b = 0; b < 3; b++) {
                assertThat(got[a][b]).as("covariance [%d][%d]", a - 1, b).isCloseTo(want[a][b], within(0.05 * scale));
            }
        }
    }

    @Test
    void blendWeightsAreNormalisedAndAZeroWeightDropsAPainting() {
        RgbImage second = softPainting(70, 60);
        GatysOptions base = small().optIterations(3).build();
        RgbImage alone = run(List.of(style), List.of(), null, base).image();
        RgbImage onlyFirst = run(List.of(style, second), List.of(), null,
                base.toBuilder().optStyleWeights(List.of(1.0, 0.0)).build()).image();
        assertThat(TestPictures.meanAbsoluteDifference(onlyFirst, alone)).isLessThan(1e-6);
        GatysResult doubled = run(List.of(style, second), List.of(), null,
                base.toBuilder().optStyleWeights(List.of(2.0, 6.0)).build());
        GatysResult plain = run(List.of(style, second), List.of(), null,
                base.toBuilder().optStyleWeights(List.of(1.0, 3.0)).build());
        assertThat(TestPictures.meanAbsoluteDifference(doubled.image(), plain.image())).isLessThan(1e-6);
        assertThat(TestPictures.meanAbsoluteDifference(plain.image(), alone)).isGreaterThan(1e-3);
    }

    @Test
    void masksConfineEachPaintingToItsRegion() {
        RgbImage red = tinted(64, 64, 0.9f, 0.1f, 0.1f);
        RgbImage blue = tinted(64, 64, 0.1f, 0.1f, 0.9f);
        RgbImage left = halfMask(64, 48, true);
        RgbImage right = halfMask(64, 48, false);
        RgbImage grey = RgbImage.solid(64, 48, 0.5f, 0.5f, 0.5f);
        GatysResult result = new GatysStylizer(VGG.backbone()).stylize(grey, List.of(red, blue), List.of(left, right),
                small().optIterations(20).optContentWeight(0).build(), RunContext.quiet());
        double[] leftColour = meanColour(result.image(), 0, 28);
        double[] rightColour = meanColour(result.image(), 36, 64);
        // Red paints the left half, blue the right.
        assertThat(leftColour[0] - leftColour[2]).isGreaterThan(0.1);
        assertThat(rightColour[2] - rightColour[0]).isGreaterThan(0.1);
    }

    @Test
    void styleWeightsAndMasksTogetherAreRefused() {
        assertThatThrownBy(() -> run(List.of(style, style), List.of(halfMask(64, 48, true), halfMask(64, 48, false)),
                null, small().optStyleWeights(List.of(1.0, 2.0)).build()))
                .isInstanceOf(InvalidOptionException.class).hasMessageStartingWith("style-weights:");
        assertThatThrownBy(() -> run(List.of(style), List.of(), null, small().optStyleWeights(List.of(1.0, 2.0))
                .build())).isInstanceOf(InvalidOptionException.class).hasMessageContaining("one weight per painting");
    }

    @Test
    void anInitialImageIsWhereTheRunStartsResizedToThePhoto() {
        RgbImage earlier = TestPictures.painting(128, 96, 9);
        GatysResult result = run(List.of(style), List.of(), earlier, small().optIterations(0).build());
        assertThat(result.image().width()).isEqualTo(64);
        assertThat(TestPictures.meanAbsoluteDifference(result.image(),
                dev.atelier.io.Resampler.resizeTo(earlier, 64, 48))).isLessThan(1e-6);
        assertThat(result.last().losses().get("content")).isGreaterThan(0);
    }

    @Test
    void aLossThatOverflowsStopsWithOneLineInsteadOfNaN() {
        assertThatThrownBy(() -> run(List.of(style), List.of(), null,
                small().optIterations(3).optStyleWeight(1e300).build()))
                .isInstanceOf(NonFiniteLossException.class)
                .hasMessageContaining("iteration 1")
                .hasMessageContaining("not a finite number")
                .satisfies(failure -> assertThat(failure.getMessage()).doesNotContain("\n"));
    }

    @Test
    void theDeepestLayerSetsTheMinimumSide() {
        assertThat(GatysOptions.defaults().minimumSide()).isEqualTo(16);
        assertThat(GatysOptions.builder().optBackbone(BackboneChoice.VGG19_NORMALISED).build().minimumSide())
                .isEqualTo(8);
        assertThat(GatysOptions.builder().optContentLayers(List.of("conv2_2"))
                .optStyleLayers(java.util.Map.of("conv1_1", 1.0)).build().minimumSide()).isEqualTo(2);
    }

    @Test
    void tooSmallPhotosAreOneLineBeforeTheNetworkRuns() {
        GatysOptions options = GatysOptions.builder().optSize(16).optIterations(1).build();
        // A 200 x 12 photo at 16 px is 16 x 1.
        assertThat(GatysSizes.photoProblem(options, 16, 1)).hasValueSatisfying(problem -> assertThat(problem)
                .contains("it is 1 px across, but layer conv5_1 needs 16")
                .contains("its short side must be at least 16 px at this size"));
        RgbImage sliver = TestPictures.photo(16, 1, 4);
        assertThatThrownBy(() -> new GatysStylizer(VGG.backbone()).stylize(sliver, style, options, RunContext.quiet()))
                .isInstanceOf(dev.atelier.BadInputException.class).hasMessageStartingWith("the photo (16x1): at 16 px");
        // Three explicit scales from 512 make the coarsest 128 x 8.
        assertThat(GatysSizes.photoProblem(GatysOptions.builder().optScales(3).build(), 512, 31))
                .hasValueSatisfying(problem -> assertThat(problem).contains("at 128 px, the coarsest of 3 scales, "
                        + "it is 8 px across"));
    }

    @Test
    void theAutomaticPlanStopsHalvingBeforeAThinPhotoGetsTooSmall() {
        GatysOptions options = GatysOptions.builder().optSize(512).optIterations(2).build();
        assertThat(options.scalePlan(200, 12).scales()).hasSize(1);
        assertThat(GatysSizes.photoProblem(options, 512, 31)).isEmpty();
        GatysResult result = new GatysStylizer(VGG.backbone()).stylize(TestPictures.photo(512, 31, 4), style, options,
                RunContext.quiet());
        assertThat(result.image().height()).isEqualTo(31);
    }

    /** A smooth, mid-range painting: recolouring it needs no clamping. */
    private static RgbImage softPainting(int width, int height) {
        float[] planes = new float[3 * width * height];
        int pixels = width * height;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double u = (double) x / width;
                double v = (double) y / height;
                planes[y * width + x] = (float) (0.45 + 0.1 * Math.sin(6 * u + 2 * v));
                planes[pixels + y * width + x] = (float) (0.5 + 0.08 * Math.cos(5 * v) + 0.04 * u);
                planes[2 * pixels + y * width + x] = (float) (0.5 + 0.06 * Math.sin(9 * u * v));
            }
        }
        return RgbImage.wrap(width, height, planes);
    }

    /** A colour with a striped texture, so the painting has structure as well as colour. */
    private static RgbImage tinted(int width, int height, float red, float green, float blue) {
        float[] planes = new float[3 * width * height];
        int pixels = width * height;
        for (int i = 0; i < pixels; i++) {
            float stripe = (i % width + i / width) % 6 < 3 ? 0.1f : -0.1f;
            planes[i] = red + stripe;
            planes[pixels + i] = green + stripe;
            planes[2 * pixels + i] = blue + stripe;
        }
        return RgbImage.wrap(width, height, planes);
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

    private static double[] meanColour(RgbImage image, int fromX, int toX) {
        double[] mean = new double[3];
        int count = 0;
        for (int y = 0; y < image.height(); y++) {
            for (int x = fromX; x < toX; x++) {
                for (int c = 0; c < 3; c++) {
                    mean[c] += image.sample(c, x, y);
                }
                count++;
            }
        }
        for (int c = 0; c < 3; c++) {
            mean[c] /= count;
        }
        return mean;
    }

    /** Row 0: the mean colour; rows 1 to 3: the covariance. */
    private static double[][] meanAndCovariance(RgbImage image) {
        int pixels = image.pixelCount();
        float[] planes = image.sharedPlanes();
        double[][] result = new double[4][3];
        for (int c = 0; c < 3; c++) {
            double sum = 0;
            for (int i = 0; i < pixels; i++) {
                sum += planes[c * pixels + i];
            }
            result[0][c] = sum / pixels;
        }
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                double sum = 0;
                for (int i = 0; i < pixels; i++) {
                    sum += (planes[a * pixels + i] - result[0][a]) * (planes[b * pixels + i] - result[0][b]);
                }
                result[a + 1][b] = sum / (pixels - 1);
            }
        }
        return result;
    }
}
