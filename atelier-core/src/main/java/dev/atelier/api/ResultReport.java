package dev.atelier.api;

import com.google.gson.JsonObject;
import dev.atelier.method.MethodResult;
import dev.atelier.method.MethodSession;
import dev.atelier.method.StyleKind;
import dev.atelier.report.ModelUse;
import dev.atelier.report.Report;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The report of one repainted photo, the same for a single result, folder mode and a batch pair. */
final class ResultReport {
    private ResultReport() {}

    /**
     * @param settings the method's options as JSON (and whatever the run resolved)
     * @param styles the paintings or model files used
     * @param outputs files written, by role ({@code image}, {@code report}, {@code plot}, …)
     * @param seconds wall time of the stylisation
     */
    static Report of(String command, String method, StyleKind kind, JsonObject settings, MethodSession<?> session,
            MethodResult result, Path content, List<Path> styles, List<Path> masks, Map<String, Path> outputs,
            double seconds) {
        Report report = Report.start(command, method).input("content", content)
                .inputs(kind == StyleKind.MODELS ? "models" : "styles", styles).inputs("style_masks", masks);
        outputs.forEach(report::output);
        JsonObject all = settings.deepCopy();
        session.resolvedSettings().entrySet().forEach(entry -> all.add(entry.getKey(), entry.getValue()));
        report.settings(all);
        for (ModelUse use : session.models()) {
            report.model(use);
        }
        for (ModelUse use : result.models()) {
            report.model(use);
        }
        report.result("width", result.image().width()).result("height", result.image().height())
                .result("seconds", seconds).result("cancelled", result.cancelled()).results(result.details());
        if (!result.history().isEmpty()) {
            report.history(result.history());
        }
        return report;
    }
}
