package dev.atelier.method.feedforward;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.atelier.testing.SharedFiles;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.Resampler;
import dev.atelier.io.RgbImage;
import dev.atelier.testing.TestPictures;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The six published lengstrom/fast-style-transfer networks, run by Atelier, really paint in a
 * style. Style closeness is the Gram-matrix style loss in a seeded random VGG-16 (no download),
 * on photos fitted to 128 px to keep the test quick.
 *
 * <p>Only two of the paintings are at hand (The Scream for {@code scream}, The Shipwreck of the
 * Minotaur for {@code wreck}): for those, the stylised photo must be closer to the painting than
 * the photo is. For all six a painting-free proxy must hold: a network's outputs share its style,
 * so its output on one photo is closer in style to its output on another photo than the first
 * photo itself is.
 */
class SharedNetworksTest {
    private static final int SIZE = 128;
    private static final Map<String, String> PAINTINGS = Map.of("scream", "the_scream.jpg", "wreck", "shipwreck.jpg");

    private static StyleDistance distance;
    private static RgbImage chicago;
    private static RgbImage sailboat;

    @BeforeAll
    static void load() {
        distance = new StyleDistance(1);
        ImageLoader loader = new ImageLoader();
        chicago = Resampler.fitLongestSide(loader.read(SharedFiles.content("chicago.jpg")), SIZE);
        sailboat = Resampler.fitLongestSide(loader.read(SharedFiles.content("sailboat.jpg")), SIZE);
    }

    @AfterAll
    static void close() {
        distance.close();
    }

    @Test
    void screamAndWreckMoveAPhotoTowardsTheirPainting() {
        ImageLoader loader = new ImageLoader();
        for (Map.Entry<String, String> entry : PAINTINGS.entrySet()) {
            RgbImage painting = Resampler.fitLongestSide(loader.read(SharedFiles.style(entry.getValue())), SIZE);
            RgbImage stylized = stylize(entry.getKey(), chicago);
            double before = distance.between(chicago, painting);
            double after = distance.between(stylized, painting);
            assertThat(after).as("%s: style loss to %s, stylised vs photo", entry.getKey(), entry.getValue())
                    .isLessThan(before);
        }
    }

    @Test
    void everyNetworkGivesDifferentPhotosItsOwnCommonStyle() {
        for (String network : SharedFiles.NETWORKS) {
            RgbImage first = stylize(network, chicago);
            RgbImage second = stylize(network, sailboat);
            double photoToStyle = distance.between(chicago, second);
            double stylizedToStyle = distance.between(first, second);
            assertThat(stylizedToStyle).as("%s: style loss to its output on sailboat, chicago stylised vs photo",
                    network).isLessThan(photoToStyle);
        }
    }

    @Test
    void aStyleIsNotJustAnyChangeToThePhoto() {
        // Guards the proxy above: a painting that is not the network's style stays far from its outputs.
        RgbImage stripes = TestPictures.painting(chicago.width(), chicago.height(), 5);
        double towardsOwnOutput = distance.between(stylize("wave", chicago), stylize("wave", sailboat));
        double stripesToOutput = distance.between(stripes, stylize("wave", sailboat));
        assertThat(towardsOwnOutput).isLessThan(stripesToOutput);
    }

    private static RgbImage stylize(String network, RgbImage photo) {
        try (NDManager manager = NDManager.newBaseManager();
                TransformerNetwork transformer = FeedForwardModels.loadNetwork(SharedFiles.network(network),
                        manager)) {
            RgbImage result = new FeedForwardStylizer(transformer).stylize(photo);
            assertThat(result.width()).isEqualTo(photo.width());
            assertThat(result.height()).isEqualTo(photo.height());
            return result;
        }
    }
}
