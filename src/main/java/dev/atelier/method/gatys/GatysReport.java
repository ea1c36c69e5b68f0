package dev.atelier.method.gatys;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.atelier.nn.Backbone;
import dev.atelier.report.JsonReports;
import dev.atelier.report.LossPlot;
import java.nio.file.Path;
import java.util.Map;

/** The JSON sidecar and loss plot of a Gatys run. */
public final class GatysReport {
    private GatysReport() {}

    /**
     * Everything needed to reproduce the result: settings, inputs, the backbone and its weights'
     * SHA-256, the seed, versions, and the loss history (one entry per iteration, iteration 0 the
     * initial image; terms unweighted, total weighted).
     */
    public static JsonObject toJson(GatysOptions options, Backbone backbone, GatysResult result,
            Map<String, Path> inputs, Path output) {
        JsonObject report = JsonReports.newReport("stylize", "gatys");
        JsonObject files = new JsonObject();
        inputs.forEach((role, path) -> files.addProperty(role, path.toString()));
        files.addProperty("output", output.toString());
        report.add("files", files);
        report.add("settings", settings(options));
        JsonObject network = new JsonObject();
        network.addProperty("name", backbone.name());
        network.addProperty("weights", backbone.weightsSource());
        network.addProperty("weights_sha256", backbone.weightsSha256());
        network.addProperty("pooling", options.pooling().name().toLowerCase(java.util.Locale.ROOT));
        report.add("backbone", network);
        report.addProperty("seed", options.seed());
        JsonObject outcome = new JsonObject();
        outcome.addProperty("width", result.image().width());
        outcome.addProperty("height", result.image().height());
        outcome.addProperty("seconds", result.seconds());
        outcome.addProperty("evaluations", result.evaluations());
        outcome.addProperty("iterations", result.last().iteration());
        outcome.addProperty("best_iteration", result.bestIteration());
        outcome.addProperty("cancelled", result.cancelled());
        outcome.addProperty("converged", result.converged());
        report.add("result", outcome);
        JsonArray history = new JsonArray();
        for (HistoryEntry entry : result.history()) {
            JsonObject line = new JsonObject();
            line.addProperty("iteration", entry.iteration());
            line.addProperty("scale", entry.scale());
            line.addProperty("content", entry.content());
            line.addProperty("style", entry.style());
            line.addProperty("tv", entry.tv());
            line.addProperty("total", entry.total());
            line.addProperty("seconds", entry.seconds());
            history.add(line);
        }
        report.add("history", history);
        return report;
    }

    private static JsonObject settings(GatysOptions options) {
        JsonObject settings = new JsonObject();
        settings.addProperty("size", options.size());
        settings.addProperty("style_scale", options.styleScale());
        settings.addProperty("backbone", options.backbone().displayName());
        settings.addProperty("pooling", options.pooling().name().toLowerCase(java.util.Locale.ROOT));
        JsonArray contentLayers = new JsonArray();
        options.contentLayers().forEach(contentLayers::add);
        settings.add("content_layers", contentLayers);
        JsonObject styleLayers = new JsonObject();
        options.styleLayers().forEach(styleLayers::addProperty);
        settings.add("style_layers", styleLayers);
        settings.addProperty("content_weight", options.contentWeight());
        settings.addProperty("style_weight", options.styleWeight());
        settings.addProperty("tv_weight", options.tvWeight());
        settings.addProperty("optimizer", options.optimizer().name().toLowerCase(java.util.Locale.ROOT));
        settings.addProperty("learning_rate", options.learningRate());
        settings.addProperty("lbfgs_history", options.lbfgsHistory());
        settings.addProperty("init", options.initialization().name().toLowerCase(java.util.Locale.ROOT));
        settings.addProperty("iterations", options.iterations());
        JsonArray scales = new JsonArray();
        for (ScalePlan.Scale scale : options.scalePlan().scales()) {
            JsonObject entry = new JsonObject();
            entry.addProperty("size", scale.longestSide());
            entry.addProperty("iterations", scale.iterations());
            scales.add(entry);
        }
        settings.add("scales", scales);
        settings.addProperty("seed", options.seed());
        return settings;
    }

    /** Loss curves: each weighted term and the total against iteration. */
    public static void writePlot(GatysOptions options, GatysResult result, Path file) {
        LossPlot plot = new LossPlot("Loss per iteration", "iteration");
        for (HistoryEntry entry : result.history()) {
            plot.add("total", entry.iteration(), entry.total());
            plot.add("content × α", entry.iteration(), entry.content() * options.contentWeight());
            plot.add("style × β", entry.iteration(), entry.style() * options.styleWeight());
            plot.add("tv × γ", entry.iteration(), entry.tv() * options.tvWeight());
        }
        plot.write(file, 900, 600);
    }
}
