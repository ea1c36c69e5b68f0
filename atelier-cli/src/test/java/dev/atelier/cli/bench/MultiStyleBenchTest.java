package dev.atelier.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import dev.atelier.InvalidOptionException;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.ImageSaver;
import dev.atelier.io.Resampler;
import dev.atelier.io.RgbImage;
import dev.atelier.method.feedforward.FeedForwardModels;
import dev.atelier.method.feedforward.FeedForwardStylizer;
import dev.atelier.method.feedforward.ModelFile;
import dev.atelier.method.feedforward.TransformerLayout;
import dev.atelier.method.feedforward.TransformerNetwork;
import dev.atelier.testing.TestPictures;
import dev.atelier.weights.HostTensor;
import dev.atelier.weights.StateDict;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bench multistyle}: each painting's row pairs the network of several with that painting's
 * network of one, and the blend grid puts each painting in its corner (Dumoulin et al.'s Figure 7).
 * Networks are written directly (random weights, each painting's scales and shifts drawn apart so
 * the paintings differ), the loss network is a seeded random VGG-16: no training, no download.
 */
class MultiStyleBenchTest {
    private static final TransformerLayout LAYOUT = TransformerLayout.PYTORCH_EXAMPLES;
    private static final int PAINTINGS = 4;
    private static final int GRID_SIZE = 24;

    @TempDir
    static Path folder;

    private static Path photos;
    private static List<Path> paintings;
    private static Path multi;
    private static StateDict multiWeights;

    @BeforeAll
    static void writeNetworksAndPictures() throws IOException {
        photos = Files.createDirectory(folder.resolve("photos"));
        ImageSaver saver = new ImageSaver();
        saver.write(TestPictures.photo(40, 36, 7), photos.resolve("a.png"));
        saver.write(TestPictures.photo(36, 40, 8), photos.resolve("b.png"));
        paintings = new ArrayList<>();
        // Stripes in four different colours.
        float[][] colours = {{1, 0.2f, 0.1f}, {0.1f, 1, 0.2f}, {0.2f, 0.3f, 1}, {0.6f, 0.6f, 0.6f}};
        for (int p = 0; p < PAINTINGS; p++) {
            float[] planes = TestPictures.painting(40, 40, 30 + p).planes();
            int pixels = 40 * 40;
            for (int i = 0; i < pixels; i++) {
                float level = planes[i];
                for (int c = 0; c < 3; c++) {
                    planes[c * pixels + i] = level * colours[p][c];
                }
            }
            Path painting = folder.resolve("painting-" + p + ".png");
            saver.write(RgbImage.wrap(40, 40, planes), painting);
            paintings.add(painting);
        }
        SplittableRandom random = new SplittableRandom(12);
        Set<String> norms = TransformerNetwork.normParameters(LAYOUT);
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        TransformerNetwork.initialStateDict(LAYOUT, PAINTINGS, 4).asMap().forEach((name, tensor) -> {
            float[] values = tensor.values().clone();
            if (name.startsWith("deconv3.")) {
                // Initial output weights give pictures near black whatever the paintings' parameters:
                // spread the output over the pixel range, so that each painting's picture differs.
                for (int i = 0; i < values.length; i++) {
                    values[i] = name.endsWith("weight") ? values[i] * 2000 : values[i] + 127;
                }
            }
            if (norms.contains(name)) {
                for (int i = 0; i < values.length; i++) {
                    // Far apart, so that the paintings' pictures and losses differ plainly.
                    values[i] = (float) (name.endsWith("weight") ? random.nextDouble(0.2, 2)
                            : random.nextDouble(-1.5, 1.5));
                }
            }
            tensors.put(name, new HostTensor(tensor.shape(), values));
        });
        multiWeights = new StateDict(Path.of("multi"), tensors);
        JsonObject loop = new JsonObject();
        loop.addProperty("steps", 9);
        loop.addProperty("batch_size", 4);
        loop.addProperty("image_size", 32);
        loop.addProperty("learning_rate", 0.01);
        JsonObject training = new JsonObject();
        training.addProperty("content_weight", 1e5);
        training.addProperty("style_weight", 5e8);
        training.add("training", loop);
        JsonObject provenance = new JsonObject();
        provenance.addProperty("step", 7);
        multi = folder.resolve("four.safetensors");
        ModelFile.write(multi, new ModelFile.Model(LAYOUT, multiWeights, null, provenance, training,
                paintings.stream().map(path -> path.getFileName().toString()).toList(), null));
    }

    /** A network of one painting: the multi network's convolutions and painting {@code p}'s scales and shifts. */
    private static Path single(int p) {
        Set<String> norms = TransformerNetwork.normParameters(LAYOUT);
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        multiWeights.asMap().forEach((name, tensor) -> {
            if (!norms.contains(name)) {
                tensors.put(name, tensor);
                return;
            }
            int channels = (int) tensor.shape()[1];
            tensors.put(name, new HostTensor(new long[] {channels},
                    Arrays.copyOfRange(tensor.values(), p * channels, (p + 1) * channels)));
        });
        Path file = folder.resolve("single-" + p + ".safetensors");
        ModelFile.write(file, new ModelFile.Model(LAYOUT, new StateDict(file, tensors), "painting-" + p, null, null));
        return file;
    }

    private static String run(String... arguments) throws IOException {
        MultiStyleBench bench = new MultiStyleBench();
        new CommandLine(bench).parseArgs(arguments);
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            assertThat(bench.call()).isZero();
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String paintingList() {
        return String.join(",", paintings.stream().map(Path::toString).toList());
    }

    @Test
    void eachPaintingsRowPairsTheMultiNetworkWithThatPaintingsSingleNetwork() throws IOException {
        // Singles for paintings 1 and 2 made of the multi network's own rows: those rows agree column
        // for column; paintings 3 and 4 have none.
        String out = run("--multi", multi.toString(), "--single", single(0) + "," + single(1), "--paintings",
                paintingList(), "--photos", photos.toString(), "--size", "32", "--style-size", "32",
                "--backbone", "random-vgg16");

        assertThat(out).contains("multi: four.safetensors: weights of step 7 of 9, batches of 4 photos at 32 px, "
                + "lr 0.01, content weight 100000.0, style weight 5.0E8");
        assertThat(out).contains("single: single-0.safetensors (no training record)");
        List<String[]> rows = out.lines().filter(line -> line.startsWith("painting-") || line.startsWith("mean |"))
                .map(line -> line.split(" \\| ")).toList();
        assertThat(rows).hasSize(PAINTINGS + 1);
        for (int p = 0; p < PAINTINGS; p++) {
            String[] row = rows.get(p);
            assertThat(row[0]).isEqualTo("painting-" + p + ".png");
            double styleMulti = Double.parseDouble(row[1]);
            double contentMulti = Double.parseDouble(row[3]);
            assertThat(styleMulti).isPositive().isFinite();
            assertThat(contentMulti).isPositive().isFinite();
            if (p < 2) {
                // The same weights, run with or without the mix of paintings: equal up to float rounding.
                assertThat(Double.parseDouble(row[2])).as("style of painting %d", p).isCloseTo(styleMulti,
                        Percentage.withPercentage(0.1));
                assertThat(Double.parseDouble(row[4])).as("content of painting %d", p).isCloseTo(contentMulti,
                        Percentage.withPercentage(0.1));
            } else {
                assertThat(row[2]).isEqualTo("NaN");
                assertThat(row[4]).isEqualTo("NaN");
            }
        }
        // The paintings differ, so their rows do: a single network paired with the wrong painting would show.
        assertThat(Double.parseDouble(rows.get(0)[1])).isNotCloseTo(Double.parseDouble(rows.get(1)[1]),
                Percentage.withPercentage(1));
        assertThat(Double.parseDouble(rows.get(0)[3])).isNotCloseTo(Double.parseDouble(rows.get(1)[3]),
                Percentage.withPercentage(1));
        double meanStyle = 0;
        for (int p = 0; p < PAINTINGS; p++) {
            meanStyle += Double.parseDouble(rows.get(p)[1]) / PAINTINGS;
        }
        assertThat(Double.parseDouble(rows.get(PAINTINGS)[1])).isCloseTo(meanStyle,
                Percentage.withPercentage(0.1));
    }

    @Test
    void theGridHasEachPaintingInItsCornerAndTheirEvenBlendInTheMiddle() throws IOException {
        Path grid = folder.resolve("grid.png");
        Path photo = photos.resolve("b.png");
        String out = run("--multi", multi.toString(), "--paintings", paintingList(), "--photos", photos.toString(),
                "--size", "32", "--style-size", "32", "--backbone", "random-vgg16", "--grid", grid.toString(),
                "--grid-size", String.valueOf(GRID_SIZE), "--grid-photo", photo.toString());

        RgbImage small = Resampler.fitLongestSide(new ImageLoader().read(photo), GRID_SIZE);
        int width = small.width();
        int height = small.height();
        assertThat(out).contains("(" + 5 * width + "x" + 5 * height + ")");
        RgbImage picture = new ImageLoader().read(grid);
        assertThat(picture.width()).isEqualTo(5 * width);
        assertThat(picture.height()).isEqualTo(5 * height);
        // Row i, column j: painting 1 top left, 2 top right, 3 bottom left, 4 bottom right.
        double[][] cells = {{0, 0, 1, 0, 0, 0}, {0, 4, 0, 1, 0, 0}, {4, 0, 0, 0, 1, 0}, {4, 4, 0, 0, 0, 1},
            {2, 2, 0.25, 0.25, 0.25, 0.25}};
        List<float[]> tiles = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager();
                TransformerNetwork network = FeedForwardModels.loadNetwork(multi, manager)) {
            for (double[] cell : cells) {
                float[] expected = new FeedForwardStylizer(network.mixing(Arrays.copyOfRange(cell, 2, 6)))
                        .stylize(small).planes();
                float[] tile = tile(picture, (int) cell[0], (int) cell[1], width, height);
                // The grid is written in 8 bits.
                for (int k = 0; k < expected.length; k++) {
                    assertThat((double) tile[k]).as("cell %s", Arrays.toString(cell))
                            .isCloseTo(expected[k], Offset.offset(0.6 / 255));
                }
                tiles.add(tile);
            }
        }
        for (int a = 0; a < tiles.size(); a++) {
            for (int b = a + 1; b < tiles.size(); b++) {
                assertThat(tiles.get(a)).as("cells %d and %d differ", a, b).isNotEqualTo(tiles.get(b));
            }
        }
    }

    @Test
    void aGridOfFewerThanFourPaintingsIsRefusedBeforeAnyWork() {
        MultiStyleBench bench = new MultiStyleBench();
        new CommandLine(bench).parseArgs("--multi", folder.resolve("absent.safetensors").toString(), "--paintings",
                paintings.get(0) + "," + paintings.get(1), "--photos", photos.toString(), "--grid",
                folder.resolve("never.png").toString());
        assertThatThrownBy(bench::call).isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("four paintings");
        assertThat(folder.resolve("never.png")).doesNotExist();
    }

    private static float[] tile(RgbImage picture, int row, int column, int width, int height) {
        float[] planes = picture.planes();
        int pictureWidth = picture.width();
        int picturePixels = pictureWidth * picture.height();
        float[] tile = new float[3 * width * height];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < height; y++) {
                System.arraycopy(planes, c * picturePixels + (row * height + y) * pictureWidth + column * width, tile,
                        (c * height + y) * width, width);
            }
        }
        return tile;
    }
}
