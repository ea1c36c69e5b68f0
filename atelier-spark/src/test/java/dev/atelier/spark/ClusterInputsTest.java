package dev.atelier.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.BadInputException;
import dev.atelier.io.ImageSaver;
import dev.atelier.testing.TestPictures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's inputs found on a file system (the local one here): clips among the photos are refused in
 * one line naming the clip, since the job repaints pictures only ({@code atelier batch} without
 * {@code --spark} repaints them); clips where paintings are looked for are passed over, as any other
 * file that is no picture.
 */
class ClusterInputsTest {
    @TempDir
    Path folder;

    private static org.apache.hadoop.fs.Path hadoop(Path path) {
        return new org.apache.hadoop.fs.Path(path.toUri());
    }

    @Test
    void aClipAmongThePhotosIsRefusedInOneLineWhetherInAFolderGivenOrListed() throws IOException {
        Path photos = Files.createDirectories(folder.resolve("photos"));
        new ImageSaver().write(TestPictures.photo(16, 12, 1), photos.resolve("a.png"));
        Files.writeString(photos.resolve("walk.mp4"), "a clip");
        Path output = folder.resolve("out");
        Configuration configuration = new Configuration();

        assertThatThrownBy(() -> ClusterInputs.images(List.of(photos.toString()), "content", configuration,
                hadoop(output))).isInstanceOf(BadInputException.class)
                .hasMessageEndingWith("walk.mp4: a clip; the Spark job repaints pictures only (clips are repainted "
                        + "whole by the batch on one machine)")
                .satisfies(failure -> assertThat(failure.getMessage()).doesNotContain("\n"));
        assertThatThrownBy(() -> ClusterInputs.images(List.of(photos.resolve("walk.mp4").toString()), "content",
                configuration, hadoop(output))).hasMessageContaining("walk.mp4: a clip");

        Path input = Files.createDirectories(folder.resolve("input"));
        new ImageSaver().write(TestPictures.photo(16, 12, 2), input.resolve("content_1.png"));
        new ImageSaver().write(TestPictures.painting(16, 16, 3), input.resolve("style_1.png"));
        Files.writeString(input.resolve("content_2.mov"), "a clip");
        assertThatThrownBy(() -> ClusterInputs.prefixed(input.toString(), "content_", "content", configuration,
                hadoop(output))).hasMessageContaining("content_2.mov: a clip");

        // Where paintings are looked for, a clip is just not a picture.
        assertThat(ClusterInputs.prefixed(input.toString(), "style_", "style", configuration, hadoop(output)))
                .hasSize(1);
        assertThat(ClusterInputs.images(List.of(photos.toString()), "style", configuration, hadoop(output)))
                .extracting(file -> file.path().getName()).containsExactly("a.png");
    }

    @Test
    void aClipInAPairsListIsRefusedNamingItsLine() throws IOException {
        new ImageSaver().write(TestPictures.photo(16, 12, 1), folder.resolve("a.png"));
        new ImageSaver().write(TestPictures.painting(16, 16, 2), folder.resolve("s.png"));
        Files.writeString(folder.resolve("walk.mkv"), "a clip");
        Path csv = Files.writeString(folder.resolve("pairs.csv"), "content,style\na.png,s.png\nwalk.mkv,s.png\n");
        SparkBatchRequest request = SparkBatchRequest.builder().optPairs(csv.toString())
                .optOutput(folder.resolve("out").toString()).build();

        assertThatThrownBy(() -> SparkPlan.of(request, false, new Configuration(), hadoop(folder.resolve("out"))))
                .isInstanceOf(BadInputException.class).hasMessageContaining(": line 3: ")
                .hasMessageContaining("walk.mkv: a clip; the Spark job repaints pictures only");
    }
}
