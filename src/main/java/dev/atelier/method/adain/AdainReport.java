package dev.atelier.method.adain;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.atelier.io.RgbImage;
import dev.atelier.report.JsonReports;
import dev.atelier.report.LossPlot;
import dev.atelier.training.TrainingHistory;
import dev.atelier.training.TrainingResult;
import java.nio.file.Path;
import java.util.List;

/** The JSON sidecars of AdaIN's stylizations and decoder trainings, and a training's loss plot. */
public final class AdainReport {
    /** Most steps a training report or plot lists; longer runs are thinned evenly (validations always kept). */
    static final int MAXIMUM_HISTORY = 2000;

    private AdainReport() {}

    /**
     * The files of a stylization.
     *
     * @param masks empty when no spatial control was asked for
     */
    public record StylizationFiles(Path content, List<Path> styles, List<Path> masks, Path output) {}

    /**
     * Everything needed to reproduce a stylization: settings, inputs, the encoder and decoder with
     * their SHA-256, sizes, timings and versions.
     *
     * @param decoderFile the decoder's file (a download lands in the cache)
     * @param loadSeconds time to read the networks
     * @param stylizeSeconds time to encode, re-normalise and decode
     */
    public static JsonObject stylization(StylizationFiles files, AdainOptions options, AdainEncoder encoder,
            Path decoderFile, AdainModels.LoadedDecoder decoder, AdainStylizer.Result result, double loadSeconds,
            double stylizeSeconds) {
        JsonObject report = JsonReports.newReport("stylize", "adain");
        JsonObject paths = new JsonObject();
        paths.addProperty("content", files.content().toString());
        paths.add("styles", strings(files.styles()));
        if (!files.masks().isEmpty()) {
            paths.add("style_masks", strings(files.masks()));
        }
        paths.addProperty("output", files.output().toString());
        report.add("files", paths);
        JsonObject settings = JsonReports.toJson(options).getAsJsonObject();
        JsonArray weights = new JsonArray();
        for (double weight : AdainStylizer.normalizedWeights(options.styleWeights(), files.styles().size())) {
            weights.add(weight);
        }
        settings.add("normalized_style_weights", weights);
        report.add("settings", settings);
        report.add("encoder", encoder(encoder));
        JsonObject network = new JsonObject();
        network.addProperty("file", decoderFile.toString());
        network.addProperty("sha256", decoder.sha256());
        network.addProperty("trained_for", decoder.encoder().displayName());
        network.add("metadata", decoder.provenance());
        report.add("decoder", network);
        JsonObject outcome = new JsonObject();
        outcome.addProperty("width", result.image().width());
        outcome.addProperty("height", result.image().height());
        JsonArray styleSizes = new JsonArray();
        for (RgbImage style : result.styles()) {
            styleSizes.add(style.width() + "x" + style.height());
        }
        outcome.add("style_sizes", styleSizes);
        outcome.addProperty("load_seconds", loadSeconds);
        outcome.addProperty("stylize_seconds", stylizeSeconds);
        report.add("result", outcome);
        return report;
    }

    /**
     * Everything needed to reproduce a decoder training: folders, settings, the encoder, how the
     * run ended, and the loss history (thinned to {@value #MAXIMUM_HISTORY} steps, validations all kept).
     */
    public static JsonObject training(AdainTrainer.Inputs inputs, AdainTrainingOptions options, AdainEncoder encoder,
            TrainingResult result, double seconds) {
        JsonObject report = JsonReports.newReport("train-adain", "adain");
        JsonObject paths = new JsonObject();
        paths.addProperty("content_folder", inputs.contentFolder().toString());
        paths.addProperty("style_folder", inputs.styleFolder().toString());
        paths.addProperty("output", inputs.output().toString());
        paths.addProperty("checkpoint", AdainTrainer.checkpointOf(inputs.output()).toString());
        report.add("files", paths);
        report.add("settings", JsonReports.toJson(options));
        report.add("encoder", encoder(encoder));
        JsonObject outcome = new JsonObject();
        outcome.addProperty("steps", result.steps());
        outcome.addProperty("best_step", result.bestStep());
        if (Double.isFinite(result.bestValidation())) {
            outcome.addProperty("best_validation_loss", result.bestValidation());
        }
        outcome.addProperty("stopped_early", result.stoppedEarly());
        outcome.addProperty("cancelled", result.cancelled());
        outcome.addProperty("seconds_this_run", seconds);
        report.add("result", outcome);
        int stride = stride(result.history().size());
        report.addProperty("history_stride", stride);
        TrainingHistory kept = new TrainingHistory();
        for (TrainingHistory.Entry entry : thinned(result.history(), stride)) {
            kept.add(entry);
        }
        report.add("history", kept.toJson());
        return report;
    }

    /** Each weighted term, the total and the validation loss against the step. */
    public static void writeTrainingPlot(TrainingResult result, Path file) {
        LossPlot plot = new LossPlot("AdaIN decoder training", "step");
        for (TrainingHistory.Entry entry : thinned(result.history(), stride(result.history().size()))) {
            entry.terms().forEach((name, value) -> plot.add(name, entry.step(), value));
            plot.add("total", entry.step(), entry.total());
            if (!Double.isNaN(entry.validation())) {
                plot.add("validation", entry.step(), entry.validation());
            }
        }
        plot.write(file, 900, 600);
    }

    private static JsonObject encoder(AdainEncoder encoder) {
        JsonObject network = new JsonObject();
        network.addProperty("kind", encoder.kind().displayName());
        network.addProperty("weights", encoder.description());
        network.addProperty("weights_sha256", encoder.weightsSha256());
        encoder.randomSeed().ifPresent(seed -> network.addProperty("random_seed", seed));
        return network;
    }

    static int stride(int steps) {
        return Math.max(1, (steps + MAXIMUM_HISTORY - 1) / MAXIMUM_HISTORY);
    }

    /** Every {@code stride}-th step, every validation and the last step. */
    private static List<TrainingHistory.Entry> thinned(List<TrainingHistory.Entry> history, int stride) {
        return history.stream().filter(entry -> entry.step() % stride == 0 || !Double.isNaN(entry.validation())
                || entry == history.get(history.size() - 1)).toList();
    }

    private static JsonArray strings(List<Path> paths) {
        JsonArray array = new JsonArray();
        paths.forEach(path -> array.add(path.toString()));
        return array;
    }
}
