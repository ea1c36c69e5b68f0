package dev.atelier.cli.bench;

import ai.djl.ndarray.NDManager;
import dev.atelier.report.HistoryEntry;
import dev.atelier.method.RunContext;
import dev.atelier.Cancellation;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.ImageSaver;
import dev.atelier.io.Resampler;
import dev.atelier.io.RgbImage;
import dev.atelier.method.gatys.GatysOptions;
import dev.atelier.method.gatys.GatysResult;
import dev.atelier.method.gatys.GatysStylizer;
import dev.atelier.method.gatys.LossScaling;
import dev.atelier.models.ModelStore;
import dev.atelier.nn.Backbone;
import dev.atelier.nn.BackboneChoice;
import dev.atelier.nn.BackboneLoader;
import dev.atelier.progress.RunListener;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A grid of pictures, backbones by style strength, from one photo and painting: the evidence that
 * the default loss scaling gives a balanced picture on every network. Each row is a backbone, the
 * first two columns the photo and the painting, the others the style weight times each factor.
 * Prints each run's final relative content and style errors (measured with {@code loss-scaling
 * relative}, whatever the runs used) so balance can be read as numbers too.
 */
@Command(name = "gatys-grid", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Pictures of backbones x style strengths around the default (one PNG).")
final class GatysGridBench implements Callable<Integer> {
    @Option(names = "--content", defaultValue = BenchValues.EXAMPLE_PHOTO, description = "The photo.")
    Path content;

    @Option(names = "--style", defaultValue = BenchValues.EXAMPLE_PAINTING, description = "The painting.")
    Path style;

    @Option(names = "--size", defaultValue = "256")
    int size;

    @Option(names = "--iterations", defaultValue = "300")
    int iterations;

    @Option(names = "--backbones", split = ",", defaultValue = "embedded,random-vgg19,random-vgg16",
            description = "Backbones, one row each.")
    List<String> backbones;

    @Option(names = "--normalised-weights", paramLabel = "FILE",
            description = "Weights of vgg19-normalised (pytorch-AdaIN layout), when that row is asked for.")
    Path normalisedWeights;

    @Option(names = "--factors", split = ",", defaultValue = "0.1,1,10",
            description = "Style weights as factors of the default, one column each.")
    List<Double> factors;

    @Option(names = "--loss-scaling", defaultValue = "relative")
    String lossScaling;

    @Option(names = "--cell", defaultValue = "200", description = "Cell width of the grid in pixels.")
    int cell;

    @Option(names = "--output", required = true, description = "The grid's PNG or JPEG file.")
    Path output;

    @Override
    public Integer call() {
        ImageLoader loader = new ImageLoader();
        RgbImage photo = loader.read(content);
        RgbImage painting = loader.read(style);
        LossScaling scaling = LossScaling.valueOf(lossScaling.toUpperCase(Locale.ROOT));
        List<List<RgbImage>> rows = new ArrayList<>();
        List<String> rowLabels = new ArrayList<>();
        List<String> columnLabels = new ArrayList<>();
        columnLabels.add("photo");
        columnLabels.add("painting");
        for (String name : backbones) {
            BackboneChoice choice = BackboneChoice.parse(name);
            GatysOptions base = GatysOptions.builder().optBackbone(choice).optSize(size).optIterations(iterations)
                    .optLossScaling(scaling).build();
            double defaultWeight = base.styleWeight();
            Path weights = choice == BackboneChoice.VGG19_NORMALISED ? normalisedWeights : null;
            List<RgbImage> row = new ArrayList<>();
            row.add(Resampler.fitLongestSide(photo, size));
            row.add(Resampler.fitLongestSide(painting, size));
            try (NDManager manager = NDManager.newBaseManager();
                    Backbone network = new BackboneLoader(ModelStore.fromEnvironment()).load(
                            choice, weights, base.seed(), base.deepestLayer(), base.pooling(), manager,
                            event -> {
                                if (event instanceof dev.atelier.progress.Warning warning) {
                                    System.err.println(warning.message());
                                }
                            })) {
                rowLabels.add(network.name());
                for (double factor : factors) {
                    GatysOptions options = base.toBuilder().optStyleWeight(defaultWeight * factor).build();
                    long start = System.nanoTime();
                    GatysResult result = new GatysStylizer(network).stylize(photo, painting, options,
                            RunContext.quiet());
                    double seconds = (System.nanoTime() - start) / 1e9;
                    var photoError = measure(network, photo, painting, Resampler.fitLongestSide(photo, size), options);
                    var resultError = measure(network, photo, painting, result.image(), options);
                    System.out.printf(Locale.ROOT, "%-16s beta %-9.3g relative content error %.4f, style error %.4f "
                            + "(the photo's own %.4f)  %5.1f s%n", network.name(), options.styleWeight(),
                            resultError.content(), resultError.style(), photoError.style(), seconds);
                    row.add(result.image());
                    if (rows.isEmpty()) {
                        columnLabels.add(String.format(Locale.ROOT, "β %s", shortNumber(options.styleWeight())));
                    }
                }
            }
            rows.add(row);
        }
        new ImageSaver().write(labelledGrid(rows, rowLabels, columnLabels), output);
        System.out.println("wrote " + output);
        return 0;
    }

    /** 0.1, 1, 10, 1e+06: short enough for a caption. */
    private static String shortNumber(double value) {
        return value >= 1e4 || value < 1e-3 ? String.format(Locale.ROOT, "%.0e", value)
                : java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /**
     * The relative content and style errors of {@code image} at full size (0 iterations from it,
     * scaled relative, weights 1): how much of the photo and of the painting's statistics it keeps.
     */
    private static Errors measure(Backbone network, RgbImage photo, RgbImage painting, RgbImage image,
            GatysOptions options) {
        GatysOptions measuring = options.toBuilder().optLossScaling(LossScaling.RELATIVE).optContentWeight(1)
                .optStyleWeight(1).optIterations(0).optScales(1).build();
        HistoryEntry last = new GatysStylizer(network).stylize(photo, List.of(painting), List.of(), measuring,
                new RunContext(Cancellation.never(), RunListener.silent(), step -> false, "", image, null)).last();
        return new Errors(last.losses().getOrDefault("content", 0.0), last.losses().getOrDefault("style", 0.0));
    }

    /** The relative errors of a picture: content against the photo, style against the painting. */
    private record Errors(double content, double style) {}

    /** The pictures in rows, each cell {@code cell} pixels wide, with a caption under each. */
    private RgbImage labelledGrid(List<List<RgbImage>> rows, List<String> rowLabels, List<String> columnLabels) {
        RgbImage sample = Resampler.fitLongestSide(rows.get(0).get(0), cell);
        int cellHeight = (int) Math.round((double) cell * sample.height() / sample.width());
        int caption = 18;
        int gap = 4;
        int columns = rows.get(0).size();
        BufferedImage sheet = new BufferedImage(columns * (cell + gap) - gap,
                rows.size() * (cellHeight + caption + gap) - gap, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = sheet.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        graphics.setColor(Color.WHITE);
        graphics.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        graphics.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < columns; c++) {
                int x = c * (cell + gap);
                int y = r * (cellHeight + caption + gap);
                RgbImage picture = Resampler.resizeTo(rows.get(r).get(c), cell, cellHeight);
                graphics.drawImage(picture.toBufferedImage(), x, y, null);
                graphics.setColor(Color.BLACK);
                String text = c < 2 ? columnLabels.get(c) : rowLabels.get(r) + "  " + columnLabels.get(c);
                graphics.drawString(text, x + 2, y + cellHeight + caption - 5);
            }
        }
        graphics.dispose();
        return RgbImage.fromBufferedImage(sheet);
    }
}
