package dev.atelier.method.adain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.atelier.BadInputException;
import dev.atelier.Cancellation;
import dev.atelier.InvalidOptionException;
import dev.atelier.color.ColorPreservation;
import dev.atelier.color.ColorTransfer;
import dev.atelier.color.Luminance;
import dev.atelier.io.RgbImage;
import dev.atelier.nn.ChannelMoments;
import dev.atelier.nn.ImageTensors;
import dev.atelier.nn.Layers;
import dev.atelier.testing.ImageDifference;
import dev.atelier.testing.TestPictures;
import dev.atelier.tiling.OnePassPlan;
import dev.atelier.tiling.TilePlan;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AdainStylizerTest {
    private static NDManager manager;
    private static AdainEncoder encoder;
    private static AdainDecoder decoder;
    private static AdainStylizer stylizer;

    private static final RgbImage PHOTO = TestPictures.photo(48, 32, 1);
    private static final RgbImage PAINTING = TestPictures.painting(40, 40, 2);
    private static final RgbImage OTHER_PAINTING = TestPictures.painting(32, 48, 3);

    @BeforeAll
    static void loadNetworks() {
        manager = NDManager.newBaseManager();
        encoder = NormalisedVggEncoder.fromStateDict(NormalisedVggEncoder.randomStateDict(11), manager, "random");
        decoder = AdainDecoder.fromStateDict(TestDecoders.varied(12), manager);
        stylizer = new AdainStylizer(encoder, decoder);
    }

    @AfterAll
    static void closeNetworks() {
        decoder.close();
        encoder.close();
        manager.close();
    }

    @Test
    void alphaZeroIsTheDecodersReconstructionOfThePhoto() {
        RgbImage reconstruction;
        try (NDManager scope = manager.newSubManager()) {
            reconstruction = ImageTensors.toImage(decoder.decode(encoder.encode(ImageTensors.toTensor(scope, PHOTO))));
        }

        RgbImage result = stylizer.stylize(PHOTO, PAINTING, 0);

        assertThat(result.width()).isEqualTo(48);
        assertThat(result.height()).isEqualTo(32);
        assertThat(TestPictures.meanAbsoluteDifference(result, reconstruction)).isLessThan(1e-6);
        assertThat(TestPictures.meanAbsoluteDifference(stylizer.stylize(PHOTO, PAINTING, 1), reconstruction))
                .as("full style differs from the reconstruction").isGreaterThan(1e-3);
    }

    @Test
    void oddSizesComeOutTheSameSizeAlignedWithThePhoto() {
        RgbImage photo = TestPictures.photo(37, 53, 4);
        RgbImage expected;
        try (NDManager scope = manager.newSubManager()) {
            // Reflected out to 40x56 (multiples of 8), decoded, and cut back from the top left.
            NDArray padded = Layers.reflectionPad(ImageTensors.toTensor(scope, photo), 0, 3, 0, 3);
            expected = ImageTensors.toImage(decoder.decode(encoder.encode(padded)).get(":, :, 0:53, 0:37"));
        }

        RgbImage result = stylizer.stylize(photo, PAINTING, 0);

        assertThat(result.width()).isEqualTo(37);
        assertThat(result.height()).isEqualTo(53);
        assertThat(TestPictures.meanAbsoluteDifference(result, expected)).isLessThan(1e-6);
        RgbImage styled = stylizer.stylize(photo, PAINTING, 1);
        assertThat(styled.width()).isEqualTo(37);
        assertThat(styled.height()).isEqualTo(53);
    }

    @Test
    void interpolatingTwoIdenticalStylesIsThatStyle() {
        AdainStylizer.StyleStatistics statistics = stylizer.statistics(PAINTING);

        RgbImage once = stylizer.stylize(PHOTO, List.of(statistics), List.of(1.0), 1);
        RgbImage twice = stylizer.stylize(PHOTO, List.of(statistics, stylizer.statistics(PAINTING)),
                List.of(0.3, 0.7), 1);

        assertThat(TestPictures.meanAbsoluteDifference(once, twice)).isLessThan(1e-5);
    }

    @Test
    void aStyleOfWeightZeroHasNoEffect() {
        List<AdainStylizer.StyleStatistics> both = List.of(stylizer.statistics(PAINTING),
                stylizer.statistics(OTHER_PAINTING));

        RgbImage first = stylizer.stylize(PHOTO, both.subList(0, 1), List.of(), 1);
        RgbImage weighted = stylizer.stylize(PHOTO, both, List.of(2.0, 0.0), 1);
        RgbImage mixed = stylizer.stylize(PHOTO, both, List.of(1.0, 1.0), 1);

        assertThat(TestPictures.meanAbsoluteDifference(first, weighted)).isLessThan(1e-6);
        assertThat(TestPictures.meanAbsoluteDifference(first, mixed)).isGreaterThan(1e-3);
    }

    @Test
    void imagesBelowTheMinimumSizeAreRefused() {
        RgbImage narrow = TestPictures.photo(15, 40, 5);

        assertThatThrownBy(() -> stylizer.stylize(narrow, PAINTING, 1))
                .isInstanceOf(BadInputException.class)
                .hasMessage("content image is 15x40; AdaIN needs at least 16 pixels on each side");
        assertThatThrownBy(() -> stylizer.statistics(TestPictures.painting(10, 10, 6)))
                .isInstanceOf(BadInputException.class)
                .hasMessage("style image is 10x10; AdaIN needs at least 16 pixels on each side");
        assertThat(stylizer.stylize(TestPictures.photo(16, 16, 7), PAINTING, 1).width()).isEqualTo(16);
        assertThatThrownBy(() -> stylizer.stylize(PHOTO, List.of(PAINTING, TestPictures.painting(20, 40, 8)), List.of(),
                AdainOptions.builder().optSize(0).optStyleSize(30).build()))
                .isInstanceOf(BadInputException.class)
                .hasMessage("style image 2 of 2 (resized) is 15x30; AdaIN needs at least 16 pixels on each side");
    }

    @Test
    void alphaOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> stylizer.stylize(PHOTO, PAINTING, 1.5))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessage("alpha: must be between 0 and 1, got 1.5");
        assertThatThrownBy(() -> AdainOptions.builder().optAlpha(-0.1).build())
                .isInstanceOf(InvalidOptionException.class)
                .hasMessage("alpha: must be between 0 and 1, got -0.1");
    }

    @Test
    void optionsResizeThePhotoAndThePaintings() {
        AdainOptions options = AdainOptions.builder().optSize(64).optStyleSize(24).build();

        AdainStylizer.Result result = stylizer.stylize(PHOTO, List.of(PAINTING), List.of(), options);

        assertThat(result.image().width()).isEqualTo(64);
        assertThat(result.image().height()).isEqualTo(43);
        assertThat(result.content().width()).isEqualTo(64);
        assertThat(result.styles().get(0).width()).isEqualTo(24);
        RgbImage kept = stylizer.stylize(PHOTO, List.of(PAINTING), List.of(), AdainOptions.builder()
                .optSize(0).optStyleSize(0).build()).image();
        assertThat(kept.width()).isEqualTo(48);
        assertThat(kept.height()).isEqualTo(32);
    }

    @Test
    void preservingColourByHistogramEncodesThePaintingRecolouredToThePhoto() {
        AdainOptions options = AdainOptions.builder().optSize(0).optStyleSize(0)
                .optPreserveColor(ColorPreservation.HISTOGRAM).build();

        AdainStylizer.Result result = stylizer.stylize(PHOTO, List.of(PAINTING), List.of(), options);

        RgbImage recoloured = ColorTransfer.matchColors(PAINTING, PHOTO);
        assertThat(TestPictures.meanAbsoluteDifference(result.styles().get(0), recoloured)).isZero();
        RgbImage expected = stylizer.stylize(PHOTO, recoloured, 1);
        assertThat(TestPictures.meanAbsoluteDifference(result.image(), expected)).isLessThan(1e-6);
    }

    @Test
    void preservingColourByLuminanceKeepsThePhotosChromaUnderTheResultsLuminance() {
        AdainOptions plain = AdainOptions.builder().optSize(0).optStyleSize(0).build();
        AdainOptions options = plain.toBuilder().optPreserveColor(ColorPreservation.LUMINANCE).build();

        AdainStylizer.Result result = stylizer.stylize(PHOTO, List.of(PAINTING), List.of(), options);

        // The painting itself is encoded, and only the result is recombined with the photo's chroma.
        assertThat(TestPictures.meanAbsoluteDifference(result.styles().get(0), PAINTING)).isZero();
        RgbImage styled = stylizer.stylize(PHOTO, List.of(PAINTING), List.of(), plain).image();
        assertThat(TestPictures.meanAbsoluteDifference(result.image(), Luminance.withChroma(styled, PHOTO)))
                .isLessThan(1e-6);
        assertThat(TestPictures.meanAbsoluteDifference(result.image(), styled)).isGreaterThan(1e-3);
    }

    @Test
    void aWhiteMaskIsTheWholeStyleAndRegionsFollowTheirMasks() {
        AdainOptions options = AdainOptions.builder().optSize(0).optStyleSize(0).build();
        RgbImage white = RgbImage.solid(10, 10, 1, 1, 1);
        RgbImage plain = stylizer.stylize(PHOTO, List.of(PAINTING), List.of(), options).image();
        RgbImage masked = stylizer.stylize(PHOTO, List.of(PAINTING), List.of(white), options).image();
        assertThat(TestPictures.meanAbsoluteDifference(plain, masked)).isLessThan(1e-4);

        RgbImage other = stylizer.stylize(PHOTO, List.of(OTHER_PAINTING), List.of(), options).image();
        RgbImage split = stylizer.stylize(PHOTO, List.of(PAINTING, OTHER_PAINTING),
                List.of(halves(true), halves(false)), options).image();
        // Away from the seam, each half looks like its own style rather than the other.
        RgbImage left = split.crop(0, 0, 16, 32);
        RgbImage right = split.crop(32, 0, 16, 32);
        assertThat(TestPictures.meanAbsoluteDifference(left, plain.crop(0, 0, 16, 32)))
                .isLessThan(TestPictures.meanAbsoluteDifference(left, other.crop(0, 0, 16, 32)));
        assertThat(TestPictures.meanAbsoluteDifference(right, other.crop(32, 0, 16, 32)))
                .isLessThan(TestPictures.meanAbsoluteDifference(right, plain.crop(32, 0, 16, 32)));
    }

    @Test
    void masksMustMatchTheStylesAndCoverSomething() {
        AdainOptions options = AdainOptions.builder().optSize(0).optStyleSize(0).build();
        RgbImage black = RgbImage.solid(8, 8, 0, 0, 0);

        assertThatThrownBy(() -> stylizer.stylize(PHOTO, List.of(PAINTING, OTHER_PAINTING), List.of(halves(true)),
                options))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessage("style-masks: 1 masks for 2 paintings; give one mask per painting");
        assertThatThrownBy(() -> stylizer.stylize(PHOTO, List.of(PAINTING, OTHER_PAINTING),
                List.of(halves(true), black), options))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("style mask 2 of 2 covers (almost) none of the photo");
        assertThatThrownBy(() -> stylizer.stylize(PHOTO, List.of(PAINTING, OTHER_PAINTING),
                List.of(halves(true), halves(false)), options.toBuilder().optStyleWeights(List.of(1.0, 2.0)).build()))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageStartingWith("style-weights: cannot be combined with style-masks");
    }

    /** A 12x8 mask, white on the left or the right half. */
    private static RgbImage halves(boolean left) {
        float[] planes = new float[3 * 96];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 8; y++) {
                Arrays.fill(planes, c * 96 + y * 12 + (left ? 0 : 6), c * 96 + y * 12 + (left ? 6 : 12), 1f);
            }
        }
        return RgbImage.wrap(12, 8, planes);
    }

    /**
     * In tiles AdaIN gives the untiled picture: the photo's feature statistics are gathered exactly
     * from the tiles first, and each tile's halo covers what the networks' padding changes, so the
     * largest difference anywhere (seams included) is under 1/255. Alpha 0.6 blends the restyled
     * features with the photo's own, so both parts of the tiled path are compared.
     */
    @Test
    void tilesGiveTheUntiledPictureWithoutSeams() {
        RgbImage photo = TestPictures.photo(200, 136, 7);
        AdainStylizer.StyleStatistics style = stylizer.statistics(PAINTING);
        OnePassPlan whole = new OnePassPlan(TilePlan.of(200, 136, 200, 0), AdainStylizer.MEMORY);
        OnePassPlan tiled = new OnePassPlan(TilePlan.aligned(200, 136, 128, 32, 8), AdainStylizer.MEMORY);
        assertThat(tiled.tiles().tiles()).hasSize(4);

        RgbImage untiled = stylizer.stylize(photo, List.of(style), List.of(1.0), 0.6, whole, Cancellation.never(),
                (done, total) -> { }).image();
        RgbImage pieced = stylizer.stylize(photo, List.of(style), List.of(1.0), 0.6, tiled, Cancellation.never(),
                (done, total) -> { }).image();
        assertThat(ImageDifference.between(untiled, pieced, tiled.tiles()).maximum()).isLessThan(1.0);
    }

    /** A painting's statistics gathered tile by tile are the whole painting's. */
    @Test
    void aPaintingsStatisticsFromTilesAreTheWholePaintings() {
        RgbImage painting = TestPictures.painting(200, 168, 9);
        AdainStylizer.StyleStatistics whole = stylizer.statistics(painting);
        ChannelMoments tiled = stylizer.featureMoments(painting, new OnePassPlan(TilePlan.aligned(200, 168, 128, 32,
                8), AdainStylizer.MEMORY), false, Cancellation.never());
        float[] mean = tiled.mean();
        for (int c = 0; c < mean.length; c++) {
            assertThat(mean[c]).isCloseTo(whole.mean()[c], within(1e-4f + 1e-4f * Math.abs(whole.mean()[c])));
        }
    }
}
