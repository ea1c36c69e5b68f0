package dev.atelier.studio;

import dev.atelier.progress.StepFinished;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.time.Instant;

/** A job as the API shows it (see docs/api.md). */
final class JobJson {
    private JobJson() {}

    /** {@code job} with the progress of {@code live} when it is running ({@code live} may be null). */
    static JsonObject of(JobRecord job, LiveJob live) {
        JsonObject json = new JsonObject();
        json.addProperty("id", job.id());
        json.addProperty("state", job.state().key());
        json.addProperty("method", job.method());
        json.addProperty("kind", job.clip() ? "clip" : "photo");
        json.addProperty("model", job.model());
        json.addProperty("model_name", job.modelFile() == null ? null : job.modelName() == null ? "model.safetensors"
                : job.modelName());
        JsonObject options = new JsonObject();
        job.options().forEach(options::addProperty);
        json.add("options", options);
        json.addProperty("content_name", job.contentName());
        JsonArray styleNames = new JsonArray();
        job.styleNames().forEach(styleNames::add);
        json.add("style_names", styleNames);
        json.addProperty("styles", job.styleFiles().size());
        json.addProperty("created", text(job.created()));
        json.addProperty("started", text(job.started()));
        json.addProperty("finished", text(job.finished()));
        json.addProperty("attempts", job.attempts());
        json.addProperty("cancel_requested", job.cancelRequested());
        json.addProperty("has_result", job.hasResult());
        json.addProperty("error", job.error());
        JsonArray warnings = new JsonArray();
        job.warnings().forEach(warnings::add);
        json.add("warnings", warnings);
        JsonObject networks = new JsonObject();
        job.networks().forEach(networks::addProperty);
        json.add("networks", networks);

        StepFinished progress = live != null && job.state() == JobState.RUNNING ? live.progress() : job.progress();
        if (progress != null) {
            JsonObject fields = StudioJson.progress(progress);
            fields.entrySet().forEach(entry -> json.add(entry.getKey(), entry.getValue()));
        } else {
            json.add("stage", JsonNull.INSTANCE);
            json.addProperty("step", 0);
            json.addProperty("total", 0);
            json.addProperty("fraction", job.state() == JobState.DONE ? 1.0 : 0.0);
            json.add("elapsed_seconds", JsonNull.INSTANCE);
            json.add("eta_seconds", JsonNull.INSTANCE);
            json.add("losses", new JsonObject());
            json.addProperty("item", "");
        }
        boolean running = live != null && job.state() == JobState.RUNNING;
        json.addProperty("preview_version", running ? live.previewVersion() : 0);

        String self = "/api/jobs/" + job.id();
        JsonObject links = new JsonObject();
        links.addProperty("self", self);
        links.addProperty("events", self + "/events");
        links.addProperty("content", self + "/content");
        JsonArray styles = new JsonArray();
        for (int n = 1; n <= job.styleFiles().size(); n++) {
            styles.add(self + "/style/" + n);
        }
        links.add("styles", styles);
        links.addProperty("model", job.modelFile() == null ? null : self + "/model");
        links.addProperty("result", job.hasResult() ? self + "/result" : null);
        links.addProperty("report", job.hasResult() ? self + "/report" : null);
        links.addProperty("preview", self + "/preview");
        links.addProperty("continue", job.clip() && job.state() == JobState.CANCELLED ? self + "/continue" : null);
        json.add("links", links);
        return json;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
