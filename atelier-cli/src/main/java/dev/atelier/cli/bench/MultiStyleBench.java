package dev.atelier.cli.bench;

import ai.djl.ndarray.NDArray;
import com.google.gson.JsonObject;
import dev.atelier.BadInputException;
import dev.atelier.InvalidOptionException;
import ai.djl.ndarray.NDManager;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.ImageSaver;
import dev.atelier.io.Resampler;
import dev.atelier.io.RgbImage;
import dev.atelier.loss.ContentLoss;
import dev.atelier.loss.GramMatrix;
import dev.atelier.loss.StyleLoss;
import dev.atelier.method.feedforward.FeedForwardModels;
import dev.atelier.method.feedforward.FeedForwardStylizer;
import dev.atelier.method.feedforward.FeedForwardTrainingOptions;
import dev.atelier.method.feedforward.ModelFile;
import dev.atelier.method.feedforward.StyleNetwork;
import dev.atelier.method.feedforward.TransformerNetwork;
import dev.atelier.models.ModelStore;
import dev.atelier.nn.Backbone;
import dev.atelier.nn.BackboneChoice;
import dev.atelier.nn.BackboneLoader;
import dev.atelier.nn.ImageNetNormalization;
import dev.atelier.nn.ImageTensors;
import dev.atelier.nn.Pooling;
import dev.atelier.optim.Scalars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A network of several paintings (Dumoulin et al. 2017) against one network per painting: the
 * style loss (Johnson et al.'s, summed over the style layers) and content loss of each painting's
 * pictures on held-out photos, measured with a loss network, and a grid of blends of four paintings
 * (the paper's Figure 7: bilinear weights, a pure painting in each corner).
 */
@Command(name = "multistyle", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Several paintings in one network against one network each: losses per painting, blend grid.")
final class MultiStyleBench implements Callable<Integer> {
    @Option(names = "--multi", required = true, paramLabel = "FILE", description = "The network of several paintings.")
    Path multi;

    @Option(names = "--single", split = ",", paramLabel = "FILE", description = "One network per painting, in the "
            + "multi network's order (optional).")
    List<Path> singles = new ArrayList<>();

    @Option(names = "--paintings", required = true, split = ",", paramLabel = "FILE",
            description = "The paintings, in the multi network's order.")
    List<Path> paintings;

    @Option(names = "--photos", required = true, paramLabel = "DIR", description = "Held-out photos.")
    Path photos;

    @Option(names = "--size", defaultValue = "256", description = "Longest side the photos are brought to.")
    int size;

    @Option(names = "--style-size", defaultValue = "256", description = "Longest side of the paintings (as trained).")
    int styleSize;

    @Option(names = "--backbone", defaultValue = "vgg16", description = "Loss network.")
    String backbone;

    @Option(names = "--weights", paramLabel = "FILE", description = "Loss network weights file.")
    Path weights;

    @Option(names = "--content-layer", defaultValue = "relu2_2")
    String contentLayer;

    @Option(names = "--style-layers", split = ",", defaultValue = "relu1_2,relu2_2,relu3_3,relu4_3")
    List<String> styleLayers;

    @Option(names = "--grid", paramLabel = "FILE.png", description = "Write a 5x5 grid of blends of the first four "
            + "paintings on the first photo.")
    Path grid;

    @Option(names = "--grid-size", defaultValue = "192", description = "Longest side of each picture in the grid.")
    int gridSize;

    @Option(names = "--grid-photo", paramLabel = "FILE", description = "The photo of the grid (default: the first "
            + "held-out photo by name).")
    Path gridPhoto;

    @Override
    public Integer call() throws IOException {
        BenchValues.between("size", size, 16, 4096);
        BenchValues.between("style-size", styleSize, 16, 4096);
        BenchValues.between("grid-size", gridSize, 16, 1024);
        if (grid != null && paintings.size() < 4) {
            throw new InvalidOptionException("grid", "the grid blends four paintings; " + paintings.size()
                    + " given");
        }
        if (singles.size() > paintings.size()) {
            throw new InvalidOptionException("single", singles.size() + " networks of one for " + paintings.size()
                    + " paintings");
        }
        FeedForwardTrainingOptions options = FeedForwardTrainingOptions.SCHEMA.parse(Map.of("backbone", backbone,
                "content-layer", contentLayer, "style-layers", String.join(",", styleLayers)));
        List<Path> photoFiles;
        try (Stream<Path> list = Files.list(photos)) {
            photoFiles = list.filter(Files::isRegularFile).sorted().toList();
        }
        if (photoFiles.isEmpty()) {
            throw new BadInputException(photos, "holds no photos");
        }
        ImageLoader loader = new ImageLoader();
        try (NDManager manager = NDManager.newBaseManager();
                Backbone loss = new BackboneLoader(ModelStore.fromEnvironment()).load(options.backbone(), weights, 0,
                        options.deepestLayer(), Pooling.MAX, manager, BenchValues.warningsToStandardError());
                TransformerNetwork network = FeedForwardModels.loadNetwork(multi, manager)) {
            String content = loss.network().architecture().canonicalName(contentLayer);
            List<Map<String, NDArray>> targets = new ArrayList<>();
            for (Path painting : paintings) {
                RgbImage image = Resampler.fitLongestSide(loader.read(painting), styleSize);
                Map<String, NDArray> grams = new LinkedHashMap<>();
                loss.network().features(ImageNetNormalization.normalize(ImageTensors.toTensor(manager, image)),
                        styleLayers).forEach((layer, features) -> grams.put(layer, GramMatrix.normalized(features)));
                targets.add(grams);
            }
            if (network.styles() != paintings.size()) {
                throw new InvalidOptionException("paintings", "the multi network holds "
                        + network.styles() + " paintings, " + paintings.size() + " given");
            }
            System.out.println(Measurements.format("%d paintings, %d photos at %d px; loss network %s to %s; "
                    + "style loss = sum over %s of mean squared Gram difference; content loss = mean squared "
                    + "difference at %s", paintings.size(), photoFiles.size(), size, loss.name(),
                    options.deepestLayer(), styleLayers, content));
            System.out.println("multi: " + trainedWith(multi));
            for (Path single : singles) {
                System.out.println("single: " + trainedWith(single));
            }
            System.out.println("painting | style: multi | style: single | content: multi | content: single");
            double[] sums = new double[4];
            for (int p = 0; p < paintings.size(); p++) {
                double[] weightsOfP = new double[paintings.size()];
                weightsOfP[p] = 1;
                // A mixing view holds nothing of its own: it is left unclosed, the network closes below.
                double[] multiLosses = losses(network.mixing(weightsOfP), photoFiles, loader, loss, content,
                        targets.get(p), manager);
                double[] singleLosses = {Double.NaN, Double.NaN};
                if (p < singles.size()) {
                    try (StyleNetwork single = FeedForwardModels.load(singles.get(p), manager)) {
                        singleLosses = losses(single, photoFiles, loader, loss, content, targets.get(p), manager);
                    }
                }
                sums[0] += multiLosses[0];
                sums[1] += singleLosses[0];
                sums[2] += multiLosses[1];
                sums[3] += singleLosses[1];
                System.out.println(Measurements.format("%s | %.4g | %.4g | %.4g | %.4g",
                        paintings.get(p).getFileName(), multiLosses[0], singleLosses[0], multiLosses[1],
                        singleLosses[1]));
            }
            int count = paintings.size();
            System.out.println(Measurements.format("mean | %.4g | %.4g | %.4g | %.4g", sums[0] / count,
                    sums[1] / count, sums[2] / count, sums[3] / count));
            if (grid != null) {
                writeGrid(network, loader.read(gridPhoto != null ? gridPhoto : photoFiles.get(0)));
            }
        }
        System.out.println(Measurements.format("peak resident memory: %.0f MiB", Measurements.peakResidentMebibytes()));
        return 0;
    }

    /** How a network was trained, from its model file: the budget the comparison is about. */
    private static String trainedWith(Path file) {
        ModelFile.Model model = FeedForwardModels.read(file);
        JsonObject training = model.training();
        if (training == null || !training.has("training")) {
            return file.getFileName() + " (no training record)";
        }
        JsonObject loop = training.getAsJsonObject("training");
        // The weights written may be an earlier step's (the best validation), the provenance says which.
        JsonObject provenance = model.provenance();
        String step = provenance != null && provenance.has("step") ? provenance.get("step").getAsString() : "?";
        return Measurements.format("%s: weights of step %s of %d, batches of %d photos at %d px, lr %s, "
                + "content weight %s, style weight %s", file.getFileName(), step, loop.get("steps").getAsInt(),
                loop.get("batch_size").getAsInt(),
                loop.get("image_size").getAsInt(), loop.get("learning_rate").getAsString(),
                training.get("content_weight").getAsString(), training.get("style_weight").getAsString());
    }

    /** Mean style and content loss of a network's pictures over the photos. */
    private double[] losses(StyleNetwork network, List<Path> photoFiles, ImageLoader loader, Backbone loss,
            String content, Map<String, NDArray> grams, NDManager manager) {
        double style = 0;
        double contentLoss = 0;
        FeedForwardStylizer stylizer = new FeedForwardStylizer(network);
        for (Path file : photoFiles) {
            RgbImage photo = Resampler.fitLongestSide(loader.read(file), size);
            RgbImage picture = stylizer.stylize(photo);
            try (NDManager scope = manager.newSubManager()) {
                List<String> layers = new ArrayList<>(styleLayers);
                layers.add(content);
                Map<String, NDArray> features = loss.network().features(ImageNetNormalization.normalize(
                        ImageTensors.toTensor(scope, picture)), layers);
                NDArray photoFeatures = loss.network().features(ImageNetNormalization.normalize(
                        ImageTensors.toTensor(scope, photo)), List.of(content)).get(content);
                for (Map.Entry<String, NDArray> gram : grams.entrySet()) {
                    style += Scalars.toDouble(StyleLoss.layerLoss(features.get(loss.network().architecture()
                            .canonicalName(gram.getKey())), gram.getValue(), StyleLoss.Scaling.NORMALIZED_GRAM));
                }
                contentLoss += Scalars.toDouble(ContentLoss.between(features.get(content), photoFeatures));
            }
        }
        return new double[] {style / photoFiles.size(), contentLoss / photoFiles.size()};
    }

    /** Row i, column j: weights ((1-u)(1-v), u(1-v), (1-u)v, uv) with u = j/4, v = i/4. */
    private void writeGrid(TransformerNetwork network, RgbImage photo) {
        RgbImage small = Resampler.fitLongestSide(photo, gridSize);
        int width = small.width();
        int height = small.height();
        float[] canvas = new float[3 * 5 * width * 5 * height];
        int canvasWidth = 5 * width;
        int canvasPixels = canvasWidth * 5 * height;
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                double u = j / 4.0;
                double v = i / 4.0;
                double[] mix = new double[network.styles()];
                mix[0] = (1 - u) * (1 - v);
                mix[1] = u * (1 - v);
                mix[2] = (1 - u) * v;
                mix[3] = u * v;
                float[] planes = new FeedForwardStylizer(network.mixing(mix)).stylize(small).planes();
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < height; y++) {
                        System.arraycopy(planes, (c * height + y) * width, canvas,
                                c * canvasPixels + (i * height + y) * canvasWidth + j * width, width);
                    }
                }
            }
        }
        new ImageSaver().write(RgbImage.wrap(canvasWidth, 5 * height, canvas), grid);
        System.out.println("grid: " + grid + " (" + canvasWidth + "x" + 5 * height + ")");
    }
}
