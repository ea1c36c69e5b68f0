package dev.atelier.video.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.io.ImageLoader;
import dev.atelier.io.Resampler;
import dev.atelier.io.RgbImage;
import dev.atelier.testing.SharedFiles;
import dev.atelier.video.KnownMotion;
import dev.atelier.video.flow.DisFlow;
import dev.atelier.video.flow.GrayImage;
import org.junit.jupiter.api.Test;

/** Scene cuts: two unrelated shots share almost no reliable pixel, consecutive frames of a pan most. */
class MotionTest {
    private static RgbImage photo(String name, int side) {
        return Resampler.fitLongestSide(new ImageLoader().read(SharedFiles.content(name)), side);
    }

    @Test
    void aCutBetweenTwoPhotosIsFoundAndAPanIsNot() {
        DisFlow flow = new DisFlow();
        RgbImage tubingen = Resampler.centerCrop(photo("tubingen.jpg", 400), 320, 240);
        RgbImage chicago = Resampler.centerCrop(photo("chicago.jpg", 400), 320, 240);
        Motion cut = Motion.between(GrayImage.of(tubingen), GrayImage.of(chicago), flow);
        assertThat(cut.cut()).isTrue();
        assertThat(cut.reliableShare()).isLessThan(0.1);

        KnownMotion pan = new KnownMotion(photo("tubingen.jpg", 900), 320, 240, 3, 1, 1.01);
        Motion moving = Motion.between(GrayImage.of(pan.frame(0)), GrayImage.of(pan.frame(1)), flow);
        assertThat(moving.cut()).isFalse();
        assertThat(moving.reliableShare()).isGreaterThan(0.9);
    }
}
