package dev.atelier.method.feedforward;

import dev.atelier.device.RunDevice;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import dev.atelier.io.RgbImage;
import dev.atelier.method.MethodResult;
import dev.atelier.method.MethodSession;
import dev.atelier.method.RunContext;
import dev.atelier.report.ModelUse;
import dev.atelier.tiling.OnePassTiling;
import dev.atelier.tiling.TileProgress;
import dev.atelier.weights.WeightsFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Trained networks ready to repaint: each style is a model file, read and built once; equally sized
 * photos can go through one network together (see the batch's batch size for why that is off by
 * default on CPUs). A network of several paintings repaints in the one the options pick, or in
 * their blend.
 */
public final class FeedForwardSession implements MethodSession<FeedForwardSession.LoadedModel> {
    private final NDManager manager = RunDevice.newManager();
    private final FeedForwardOptions options;

    /**
     * A model file read and its network built.
     *
     * @param painting what it repaints in: the style's name, or for a network of several the
     *     painting picked or the blend
     * @param mix the weights over a network's paintings (one weight of 1 for a network of one)
     */
    public record LoadedModel(Path file, ModelFile.Model model, StyleNetwork network, String sha256, String painting,
            double[] mix) implements AutoCloseable {
        @Override
        public void close() {
            network.close();
        }

        ModelUse use() {
            return new ModelUse("model", painting, file.toString(), sha256, null);
        }
    }

    FeedForwardSession(FeedForwardOptions options) {
        this.options = options;
    }

    /** The networks are the styles; each result names its own. */
    @Override
    public List<ModelUse> models() {
        return List.of();
    }

    @Override
    public JsonObject resolvedSettings() {
        return new JsonObject();
    }

    @Override
    public LoadedModel prepareModel(Path file) {
        ModelFile.Model model = FeedForwardModels.read(file);
        double[] mix = options.paintingWeights(model.styleCount(), file.toString());
        String sha256 = Files.isRegularFile(file) ? WeightsFiles.sha256(file) : WeightsFiles.folderSha256(file);
        StyleNetwork network = FeedForwardModels.build(model, manager);
        if (model.styleCount() > 1) {
            network = ((TransformerNetwork) network).mixing(mix);
        }
        return new LoadedModel(file, model, network, sha256, painting(file, model, mix), mix);
    }

    /** The painting's name, or the blend's: {@code 0.5 candy + 0.5 mosaic}. */
    static String painting(Path file, ModelFile.Model model, double[] mix) {
        if (model.styleCount() == 1) {
            return model.style() == null ? file.getFileName().toString() : model.style();
        }
        double total = 0;
        for (double weight : mix) {
            total += weight;
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < mix.length; i++) {
            if (mix[i] == total) {
                return model.styles().get(i);
            }
            if (mix[i] > 0) {
                parts.add(String.format(java.util.Locale.ROOT, "%.3g %s", mix[i] / total, model.styles().get(i)));
            }
        }
        return String.join(" + ", parts);
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

    @Override
    public boolean batches() {
        return true;
    }

    @Override
    public MethodResult stylize(RgbImage content, List<LoadedModel> styles, List<RgbImage> masks,
            RunContext context) {
        return stylizeAll(List.of(content), styles.get(0), context).get(0);
    }

    /**
     * Repaints the photos: a photo alone in memory-planned tiles when it is large, checking the
     * cancellation between tiles; several together in one batch when their pass fits.
     */
    @Override
    public List<MethodResult> stylizeAll(List<RgbImage> contents, LoadedModel style, RunContext context) {
        FeedForwardStylizer stylizer = new FeedForwardStylizer(style.network());
        List<RgbImage> images;
        boolean cancelled;
        if (contents.size() == 1) {
            OnePassTiling.Outcome outcome = stylizer.stylize(contents.get(0), context.cancellation(),
                    TileProgress.reporting(context.listener(), context.item()));
            images = List.of(outcome.image());
            cancelled = outcome.cancelled();
        } else if (context.cancellation().isRequested()) {
            images = contents;
            cancelled = true;
        } else {
            images = stylizer.stylizeBatch(contents);
            cancelled = context.cancellation().isRequested();
        }
        List<MethodResult> results = new ArrayList<>();
        for (RgbImage image : images) {
            JsonObject details = new JsonObject();
            details.addProperty("layout", style.model().layout().displayName());
            if (style.model().style() != null) {
                details.addProperty("style", style.model().style());
            }
            if (style.model().styleCount() > 1) {
                details.addProperty("painting", style.painting());
                com.google.gson.JsonArray mix = new com.google.gson.JsonArray();
                for (double weight : style.mix()) {
                    mix.add(weight);
                }
                details.add("style_mix", mix);
            }
            if (style.model().provenance() != null) {
                details.add("provenance", style.model().provenance());
            }
            results.add(new MethodResult(image, cancelled, List.of(), details, List.of(), List.of(style.use())));
        }
        return results;
    }

    @Override
    public void close() {
        manager.close();
    }
}
