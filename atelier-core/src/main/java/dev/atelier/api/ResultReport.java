package dev.atelier.api;

import dev.atelier.method.StyleKind;
import dev.atelier.report.ModelUse;
import dev.atelier.report.Report;
import java.nio.file.Path;
import java.util.List;

/**
 * The report of one repainted photo, the same for a single result, folder mode, a batch pair, the
 * studio and anything else that writes a {@link Stylized}: one schema (docs/formats.md).
 */
final class ResultReport {
    private ResultReport() {}

    /**
     * The report so far; each output adds the files it writes, and the report's own output writes it.
     *
     * @param styles the paintings or model files used
     */
    static Report of(String command, Stylist stylist, Stylized result, Path content, List<Path> styles,
            List<Path> masks) {
        Report report = Report.start(command, stylist.method()).input("content", content)
                .inputs(stylist.styleKind() == StyleKind.MODELS ? "models" : "styles", styles)
                .inputs("style_masks", masks);
        report.settings(stylist.settings()).device(stylist.device().toJson());
        for (ModelUse use : result.models()) {
            report.model(use);
        }
        report.result("width", result.image().width()).result("height", result.image().height())
                .result("seconds", result.seconds()).result("cancelled", result.cancelled())
                .results(result.details());
        if (!result.history().isEmpty()) {
            report.history(result.history());
        }
        return report;
    }
}
