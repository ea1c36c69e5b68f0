package dev.atelier.method.feedforward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.atelier.BadInputException;
import dev.atelier.Cancellation;
import dev.atelier.UnavailableException;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.Resampler;
import dev.atelier.io.RgbImage;
import dev.atelier.nn.ImageTensors;
import dev.atelier.nn.NormStatistics;
import dev.atelier.testing.ImageDifference;
import dev.atelier.testing.SharedFiles;
import dev.atelier.testing.TestPictures;
import dev.atelier.tiling.MemoryBudget;
import dev.atelier.tiling.OnePassPlan;
import dev.atelier.tiling.OnePassTiling;
import dev.atelier.tiling.TilePlan;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FeedForwardStylizerTest {
    private static NDManager manager;
    private static TransformerNetwork wave;
    private static TransformerNetwork untrained;

    @BeforeAll
    static void load() {
        manager = NDManager.newBaseManager();
        wave = FeedForwardModels.loadNetwork(SharedFiles.network("wave"), manager);
        untrained = TransformerNetwork.fromStateDict(TransformerLayout.PYTORCH_EXAMPLES,
                TransformerNetwork.initialStateDict(TransformerLayout.PYTORCH_EXAMPLES, 5), manager);
    }

    @AfterAll
    static void close() {
        wave.close();
        untrained.close();
        manager.close();
    }

    @Test
    void sizesThatAreMultiplesOfFourGetExactlyTheNetworkApplied() {
        RgbImage photo = TestPictures.photo(48, 36, 1);
        for (TransformerNetwork network : List.of(wave, untrained)) {
            float[] result = new FeedForwardStylizer(network).stylize(photo).planes();
            float[] direct;
            try (NDManager scope = manager.newSubManager()) {
                NDArray output = network.forward(ImageTensors.toTensor(scope, photo).mul(255));
                direct = output.div(255).clip(0, 1).toFloatArray();
            }
            assertThat(result).hasSameSizeAs(direct);
            for (int i = 0; i < result.length; i++) {
                assertThat(result[i]).as("%s value %d", network.layout(), i).isCloseTo(direct[i], within(1e-6f));
            }
        }
    }

    @Test
    void anySizeComesBackAtItsOwnSize() {
        FeedForwardStylizer stylizer = new FeedForwardStylizer(wave);
        for (int[] size : new int[][] {{37, 53}, {16, 17}, {50, 19}, {64, 64}}) {
            RgbImage result = stylizer.stylize(TestPictures.photo(size[0], size[1], 2));
            assertThat(result.width()).isEqualTo(size[0]);
            assertThat(result.height()).isEqualTo(size[1]);
        }
    }

    @Test
    void otherSizesAreMirroredDownAndRightToAMultipleOfFourThenCroppedBack() {
        // 37x53 becomes 40x56: columns 37..39 mirror 35..33 and rows 53..55 mirror 51..49 (the edge
        // pixel itself is not repeated), built here by hand and stylised as a multiple of four.
        FeedForwardStylizer stylizer = new FeedForwardStylizer(wave);
        RgbImage photo = TestPictures.photo(37, 53, 3);
        float[] padded = new float[3 * 40 * 56];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 56; y++) {
                for (int x = 0; x < 40; x++) {
                    int sourceX = x < 37 ? x : 2 * 36 - x;
                    int sourceY = y < 53 ? y : 2 * 52 - y;
                    padded[(c * 56 + y) * 40 + x] = photo.sample(c, sourceX, sourceY);
                }
            }
        }
        RgbImage expected = stylizer.stylize(RgbImage.wrap(40, 56, padded)).crop(0, 0, 37, 53);
        assertThat(TestPictures.meanAbsoluteDifference(stylizer.stylize(photo), expected)).isLessThan(1e-6);
    }

    @Test
    void aBatchGivesTheSameImagesAsOneAtATime() {
        FeedForwardStylizer stylizer = new FeedForwardStylizer(wave);
        List<RgbImage> photos = List.of(TestPictures.photo(40, 24, 4), TestPictures.photo(40, 24, 5));
        List<RgbImage> batch = stylizer.stylizeBatch(photos);
        for (int i = 0; i < photos.size(); i++) {
            assertThat(TestPictures.meanAbsoluteDifference(batch.get(i), stylizer.stylize(photos.get(i))))
                    .isLessThan(1e-5);
        }
    }

    @Test
    void resultsAreValidImagesEvenWhenTheNetworkOvershoots() {
        // The pytorch/examples layout's raw output is not bounded: saved images clamp it to [0, 1].
        RgbImage result = new FeedForwardStylizer(untrained).stylize(TestPictures.photo(32, 32, 6));
        for (float value : result.planes()) {
            assertThat(value).isBetween(0f, 1f);
        }
    }

    @Test
    void tooSmallImagesAreRefusedWithTheirSize() {
        assertThatThrownBy(() -> new FeedForwardStylizer(wave).stylize(TestPictures.photo(15, 40, 7)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("15x40")
                .hasMessageContaining("at least 16");
    }

    /**
     * Tiles with a halo, normalised by the statistics of the whole picture, make exactly the picture
     * of one pass with those statistics: no seam (the largest difference anywhere, seams included, is
     * under 1/255). Here the photo is small enough that the statistics come from it at full size, so
     * the tiled result is the untiled one.
     */
    @Test
    void tilesReproduceTheWholePassWithoutSeams() {
        RgbImage photo = Resampler.fitLongestSide(new ImageLoader().read(SharedFiles.content("tubingen.jpg")), 320);
        FeedForwardStylizer stylizer = new FeedForwardStylizer(wave);
        OnePassPlan tiled = new OnePassPlan(TilePlan.aligned(photo.width(), photo.height(), 192, 32, 4),
                FeedForwardStylizer.MEMORY);
        assertThat(tiled.tiles().tiles()).hasSize(4);

        RgbImage whole = stylizer.pass(List.of(photo), NormStatistics.own()).get(0);
        RgbImage pieced = stylizer.stylize(photo, tiled, Cancellation.never(), (done, total) -> { }).image();

        ImageDifference difference = ImageDifference.between(whole, pieced, tiled.tiles());
        assertThat(difference.maximum()).isLessThan(1.0);
    }

    /**
     * A picture larger than one pass gets its statistics from a scaled-down copy (here 0.77 of its
     * size): the tiles still join without a seam (the result is the whole pass with those
     * statistics, to 1/255), and it differs from the untiled picture by a tone shift spread evenly
     * (measured at 384x288 in 12 tiles: 2.9/255 on average, 2.9 near seams and 2.8 elsewhere).
     */
    @Test
    void scaledDownStatisticsShiftTheToneEvenlyAndLeaveNoSeam() {
        RgbImage photo = Resampler.fitLongestSide(new ImageLoader().read(SharedFiles.content("tubingen.jpg")), 384);
        FeedForwardStylizer stylizer = new FeedForwardStylizer(wave);
        OnePassPlan tiled = new OnePassPlan(TilePlan.aligned(photo.width(), photo.height(), 128, 32, 4),
                FeedForwardStylizer.MEMORY);

        RgbImage pieced = stylizer.stylize(photo, tiled, Cancellation.never(), (done, total) -> { }).image();
        List<NormStatistics.Moments> statistics = stylizer.wholePictureStatistics(photo, tiled);
        RgbImage sameStatistics = stylizer.pass(List.of(photo), NormStatistics.fixed(statistics)).get(0);
        RgbImage untiled = stylizer.pass(List.of(photo), NormStatistics.own()).get(0);

        assertThat(ImageDifference.between(sameStatistics, pieced, tiled.tiles()).maximum()).isLessThan(1.0);
        ImageDifference fromUntiled = ImageDifference.between(untiled, pieced, tiled.tiles());
        assertThat(fromUntiled.mean()).isLessThan(4.0);
        assertThat(fromUntiled.seamBandMean()).isLessThan(1.2 * fromUntiled.elsewhereMean() + 0.1);
    }

    @Test
    void aCancellationBetweenTilesEndsTheRunCancelled() {
        RgbImage photo = TestPictures.photo(200, 120, 3);
        OnePassPlan tiled = new OnePassPlan(TilePlan.aligned(200, 120, 128, 32, 4), FeedForwardStylizer.MEMORY);
        Cancellation cancellation = new Cancellation();
        OnePassTiling.Outcome outcome = new FeedForwardStylizer(untrained).stylize(photo, tiled, cancellation,
                (done, total) -> cancellation.request());

        assertThat(outcome.cancelled()).isTrue();
        assertThat(outcome.image().width()).isEqualTo(200);
    }

    /**
     * A network given as modules (Torch7) is not known to keep within the tiles' halo: where a
     * transformer would run in tiles it runs whole if it fits, else it is refused naming the largest
     * size that does.
     */
    @Test
    void aNetworkGivenAsModulesRunsWholeOrIsRefused() {
        StyleNetwork modules = new StyleNetwork() {
            @Override
            public NDArray forward(NDArray input) {
                return input;
            }

            @Override
            public void close() {}
        };
        try {
            // 3800 bytes a pixel: 800 x 600 needs 1.8 GB in one pass; tiles of 256 would fit 1 GB.
            System.setProperty(MemoryBudget.BUDGET_PROPERTY, "1000000000");
            assertThat(new FeedForwardStylizer(wave).plan(800, 600).isWhole()).isFalse();
            assertThatThrownBy(() -> new FeedForwardStylizer(modules).plan(800, 600))
                    .isInstanceOf(UnavailableException.class).hasMessageContaining("given as modules")
                    .hasMessageContaining("the largest that fits");
            System.setProperty(MemoryBudget.BUDGET_PROPERTY, "2000000000");
            assertThat(new FeedForwardStylizer(modules).plan(800, 600).isWhole()).isTrue();
        } finally {
            System.clearProperty(MemoryBudget.BUDGET_PROPERTY);
        }
    }
}
