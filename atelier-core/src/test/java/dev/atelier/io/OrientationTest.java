package dev.atelier.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrientationTest {

    /**
     * The stored image is
     * <pre>
     * a b c
     * d e f
     * </pre>
     * and the expected rows are what the EXIF specification says a viewer shows.
     */
    @ParameterizedTest(name = "orientation {0}")
    @CsvSource({
        "1, abc def",
        "2, cba fed",
        "3, fed cba",
        "4, def abc",
        "5, ad be cf",
        "6, da eb fc",
        "7, fc eb da",
        "8, cf be ad",
    })
    void turnsTheStoredPixelsUpright(int tagValue, String expectedRows) {
        RgbImage stored = lettered(new String[] {"abc", "def"});
        Orientation orientation = Orientation.fromTagValue(tagValue);

        RgbImage upright = orientation.apply(stored);

        assertThat(orientation.tagValue()).isEqualTo(tagValue);
        assertThat(lettersOf(upright)).isEqualTo(expectedRows);
    }

    @ParameterizedTest
    @CsvSource({"0", "9", "-1", "65535"})
    void unknownTagValuesMeanNormal(int tagValue) {
        assertThat(Orientation.fromTagValue(tagValue)).isEqualTo(Orientation.NORMAL);
    }

    /** Each letter becomes a pixel whose three channels hold its code, at different scales. */
    private static RgbImage lettered(String[] rows) {
        int width = rows[0].length();
        int height = rows.length;
        float[] planes = new float[3 * width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float code = rows[y].charAt(x);
                planes[y * width + x] = code;
                planes[width * height + y * width + x] = code * 2;
                planes[2 * width * height + y * width + x] = code * 3;
            }
        }
        return RgbImage.wrap(width, height, planes);
    }

    private static String lettersOf(RgbImage image) {
        StringBuilder text = new StringBuilder();
        for (int y = 0; y < image.height(); y++) {
            if (y > 0) {
                text.append(' ');
            }
            for (int x = 0; x < image.width(); x++) {
                float code = image.sample(0, x, y);
                assertThat(image.sample(1, x, y)).isEqualTo(code * 2);
                assertThat(image.sample(2, x, y)).isEqualTo(code * 3);
                text.append((char) code);
            }
        }
        return text.toString();
    }
}
