package dev.atelier.pipeline;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.RgbImage;
import dev.atelier.method.feedforward.FeedForwardModels;
import dev.atelier.method.feedforward.FeedForwardStylizer;
import dev.atelier.method.feedforward.ModelFile;
import dev.atelier.nn.TransformerNetwork;
import dev.atelier.report.JsonReports;
import dev.atelier.weights.WeightsFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Trained feed-forward networks (Johnson et al.) for a batch: each "style" is a model file, loaded
 * once and run over every photo; equally sized photos can go through it together (the batch size
 * decides; see {@link BatchOptions#batchSize()} for why that is off by default on CPUs).
 */
public final class FeedForwardPairs implements PairMethod<FeedForwardPairs.LoadedModel> {
    private final NDManager manager = NDManager.newBaseManager();

    /** A model file read and its network built. */
    public record LoadedModel(Path file, ModelFile.Model model, TransformerNetwork network, String sha256)
            implements AutoCloseable {
        @Override
        public void close() {
            network.close();
        }
    }

    @Override
    public String name() {
        return "feedforward";
    }

    /** Nothing beyond the batch's size: each model is the style, and its file is part of the pair. */
    @Override
    public JsonObject settings() {
        return new JsonObject();
    }

    @Override
    public boolean stylesAreImages() {
        return false;
    }

    /** The photo's own size, as {@code stylize --model} does. */
    @Override
    public int defaultSize() {
        return 0;
    }

    @Override
    public LoadedModel prepareStyle(Path file, ImageLoader loader) {
        ModelFile.Model model = FeedForwardModels.read(file);
        String sha256 = Files.isRegularFile(file) ? WeightsFiles.sha256(file) : null;
        TransformerNetwork network = TransformerNetwork.fromStateDict(model.layout(), model.weights(), manager);
        return new LoadedModel(file, model, network, sha256);
    }

    @Override
    public Optional<RgbImage> picture(LoadedModel style) {
        return Optional.empty();
    }

    /** Networks are small (about 7 MB each): keep enough that typical batches load each model once. */
    @Override
    public int styleCacheSize() {
        return 16;
    }

    /** The network takes a batch of equally sized photos in one forward pass. */
    @Override
    public boolean batches() {
        return true;
    }

    @Override
    public PairResult stylize(PairInput input, LoadedModel style, PairContext context) {
        return stylizeAll(List.of(input), style, context).get(0);
    }

    @Override
    public List<PairResult> stylizeAll(List<PairInput> inputs, LoadedModel style, PairContext context) {
        List<RgbImage> contents = inputs.stream().map(PairInput::content).toList();
        List<RgbImage> images = new FeedForwardStylizer(style.network()).stylizeBatch(contents);
        List<PairResult> results = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            results.add(PairResult.of(images.get(i), report(inputs.get(i), style, images.get(i))));
        }
        return results;
    }

    private static JsonObject report(PairInput input, LoadedModel style, RgbImage result) {
        JsonObject report = JsonReports.newReport("batch", "feedforward");
        JsonObject files = new JsonObject();
        files.addProperty("content", input.contentFile().toString());
        files.addProperty("model", input.styleFile().toString());
        files.addProperty("output", input.output().toString());
        report.add("files", files);
        JsonObject network = new JsonObject();
        network.addProperty("layout", style.model().layout().displayName());
        network.addProperty("style", style.model().style());
        network.addProperty("model_sha256", style.sha256());
        if (style.model().provenance() != null) {
            network.add("provenance", style.model().provenance());
        }
        report.add("model", network);
        JsonObject outcome = new JsonObject();
        outcome.addProperty("width", result.width());
        outcome.addProperty("height", result.height());
        report.add("result", outcome);
        return report;
    }

    @Override
    public void close() {
        manager.close();
    }
}
