package dev.atelier.studio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one range a video player asks for, by RFC 9110's rules; anything else sends the whole file. */
class ByteRangeTest {
    @TempDir
    Path folder;

    @Test
    void aRangeFromAnOffsetToTheEndOrBetweenTwoOrTheLastBytes() {
        assertThat(ByteRange.of("bytes=0-", 1000)).isEqualTo(new ByteRange(0, 999));
        assertThat(ByteRange.of("bytes=100-199", 1000)).isEqualTo(new ByteRange(100, 199));
        assertThat(ByteRange.of("bytes=900-5000", 1000)).as("cut at the end").isEqualTo(new ByteRange(900, 999));
        assertThat(ByteRange.of("bytes=-300", 1000)).isEqualTo(new ByteRange(700, 999));
        assertThat(ByteRange.of("bytes=-5000", 1000)).isEqualTo(new ByteRange(0, 999));
        assertThat(new ByteRange(100, 199).length()).isEqualTo(100);
        assertThat(new ByteRange(100, 199).contentRange(1000)).isEqualTo("bytes 100-199/1000");
    }

    @Test
    void whatCannotBeHonouredSendsTheWholeFileAndWhatLiesBeyondItIsUnsatisfiable() {
        for (String ignored : new String[] {null, "", "bytes=", "bytes=-", "items=0-5", "bytes=5-1", "bytes=0-1,5-6",
            "bytes=abc-", "bytes=99999999999999999999-"}) {
            assertThat(ByteRange.of(ignored, 1000)).as(ignored).isNull();
        }
        assertThat(ByteRange.of("bytes=1000-", 1000)).isSameAs(ByteRange.UNSATISFIABLE);
        assertThat(ByteRange.of("bytes=-0", 1000)).isSameAs(ByteRange.UNSATISFIABLE);
        assertThat(ByteRange.of("bytes=0-", 0)).isSameAs(ByteRange.UNSATISFIABLE);
    }

    @Test
    void theRangesBytesAreReadFromTheFile() throws IOException {
        byte[] content = new byte[5000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 7);
        }
        Path file = Files.write(folder.resolve("clip.mp4"), content);
        try (InputStream input = new ByteRange(1234, 4321).open(file)) {
            byte[] read = input.readAllBytes();
            assertThat(read).isEqualTo(java.util.Arrays.copyOfRange(content, 1234, 4322));
        }
    }
}
