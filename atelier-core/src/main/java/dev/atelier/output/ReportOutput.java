package dev.atelier.output;

import dev.atelier.report.Report;
import java.nio.file.Path;

/** The JSON report (docs/formats.md): written last, listing every file the run wrote. */
public record ReportOutput(Path file) implements Output {

    /** The report beside {@code image}: its name with {@code .json}. */
    public static ReportOutput besideImage(Path image) {
        return new ReportOutput(Report.sidecarOf(image));
    }

    @Override
    public void claim(OutputClaims claims) {
        claims.output("report", "report", file);
    }

    @Override
    public void write(Finished finished) {
        finished.report().output("report", file).write(file);
    }
}
