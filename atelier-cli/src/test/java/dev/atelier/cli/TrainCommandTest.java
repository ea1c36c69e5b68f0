package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.ImageSaver;
import dev.atelier.method.feedforward.ModelFile;
import dev.atelier.method.feedforward.TransformerNetwork;
import dev.atelier.testing.TestFiles;
import dev.atelier.testing.TestPictures;
import dev.atelier.weights.WeightsFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code atelier train --add-to}: a painting added to a trained network of several (Dumoulin et
 * al. 2017, "incorporating a new style"), end to end through the command line, on a tiny network,
 * generated photos and paintings and a seeded random loss network (no download).
 */
class TrainCommandTest {
    @TempDir
    Path folder;

    @Test
    void addingAPaintingWritesANewNetworkWhoseEarlierPartsAreTheInputsBitForBit() throws IOException {
        Path photos = Files.createDirectory(folder.resolve("photos"));
        ImageSaver saver = new ImageSaver();
        for (int i = 0; i < 3; i++) {
            saver.write(TestPictures.photo(40, 36, 20 + i), photos.resolve("photo-" + i + ".png"));
        }
        Path first = folder.resolve("first.png");
        saver.write(TestPictures.painting(40, 40, 1), first);
        Path second = folder.resolve("second.png");
        saver.write(TestPictures.painting(40, 40, 2), second);
        Path added = folder.resolve("added.png");
        saver.write(TestPictures.painting(40, 40, 3), added);
        Path base = folder.resolve("two.safetensors");
        CommandLineRun two = CommandLineRun.of("train", "--style", first.toString(), second.toString(), "--data",
                photos.toString(), "--output", base.toString(), "--backbone", "random-vgg16", "--steps", "2",
                "--batch-size", "2", "--image-size", "32", "--style-size", "32", "--validation-fraction", "0",
                "--quiet");
        assertThat(two.exitCode()).as(two.err()).isZero();
        byte[] baseBytes = Files.readAllBytes(base);
        FileTime baseTime = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(base, baseTime);

        Path grown = folder.resolve("three.safetensors");
        CommandLineRun addition = CommandLineRun.of("train", "--add-to", base.toString(), "--style",
                added.toString(), "--data", photos.toString(), "--output", grown.toString(), "--backbone",
                "random-vgg16", "--steps", "3", "--batch-size", "1", "--image-size", "32", "--style-size", "32",
                "--lr", "0.01", "--validation-fraction", "0", "--quiet");

        assertThat(addition.exitCode()).as(addition.err()).isZero();
        // The input network is left as it was, to the byte and the modification time.
        assertThat(Files.readAllBytes(base)).isEqualTo(baseBytes);
        assertThat(Files.getLastModifiedTime(base)).isEqualTo(baseTime);

        ModelFile.Model before = ModelFile.read(base);
        ModelFile.Model after = ModelFile.read(grown);
        assertThat(after.styles()).containsExactly("first.png", "second.png", "added.png");
        assertThat(after.layout()).isEqualTo(before.layout());
        assertThat(after.weights().names()).isEqualTo(before.weights().names());
        Set<String> norms = TransformerNetwork.normParameters(before.layout());
        int trainedValues = 0;
        for (String name : before.weights().names()) {
            float[] old = before.weights().require(name).values();
            float[] now = after.weights().require(name).values();
            if (!norms.contains(name)) {
                // Every shared convolution (weights and biases), bit for bit.
                assertThat(now).as(name).isEqualTo(old);
                continue;
            }
            assertThat(after.weights().require(name).shape()).as(name)
                    .containsExactly(3, before.weights().require(name).shape()[1]);
            // The earlier paintings' scales and shifts, bit for bit.
            assertThat(Arrays.copyOf(now, old.length)).as(name).isEqualTo(old);
            int channels = old.length / 2;
            for (int c = 0; c < channels; c++) {
                float start = (old[c] + old[channels + c]) / 2;
                if (now[2 * channels + c] != start) {
                    trainedValues++;
                }
            }
        }
        assertThat(trainedValues).as("the new painting's scales and shifts were trained").isPositive();
        // The new network names the one it grew from, by content.
        assertThat(after.training().get("add_to_sha256").getAsString()).isEqualTo(WeightsFiles.sha256(base));
        JsonObject report = TestFiles.report(folder.resolve("three.json"));
        assertThat(report.getAsJsonObject("result").get("steps").getAsLong()).isEqualTo(3);

        // stylize picks the new painting by its number, as a blend of it alone would.
        Path photo = photos.resolve("photo-0.png");
        CommandLineRun third = stylize(grown, photo, "third.png", "--style-index", "3");
        assertThat(third.exitCode()).as(third.err()).isZero();
        CommandLineRun alone = stylize(grown, photo, "alone.png", "--style-weights", "0,0,1");
        assertThat(alone.exitCode()).as(alone.err()).isZero();
        assertThat(pixels("alone.png")).isEqualTo(pixels("third.png"));
        // ... and the first painting is still the input network's first painting.
        assertThat(stylize(grown, photo, "first-grown.png", "--style-index", "1").exitCode()).isZero();
        assertThat(stylize(base, photo, "first-base.png", "--style-index", "1").exitCode()).isZero();
        assertThat(pixels("first-grown.png")).isEqualTo(pixels("first-base.png"));
        assertThat(pixels("third.png")).isNotEqualTo(pixels("first-grown.png"));
        CommandLineRun tooFar = stylize(grown, photo, "fourth.png", "--style-index", "4");
        assertThat(tooFar.exitCode()).isNotZero();
        assertThat(tooFar.errorLines()).hasSize(1).allMatch(line -> line.contains("holds 3 paintings"));
        assertThat(folder.resolve("fourth.png")).doesNotExist();
    }

    /** A picture's pixels (its file may also carry what made it). */
    private float[] pixels(String name) {
        return new ImageLoader().read(folder.resolve(name)).planes();
    }

    private CommandLineRun stylize(Path model, Path photo, String output, String... choice) {
        String[] arguments = {"stylize", "--model", model.toString(), "--content", photo.toString(), "--output",
            folder.resolve(output).toString(), "--quiet"};
        String[] all = Arrays.copyOf(arguments, arguments.length + choice.length);
        System.arraycopy(choice, 0, all, arguments.length, choice.length);
        return CommandLineRun.of(all);
    }
}
