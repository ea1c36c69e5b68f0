package dev.atelier.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where a run that makes one result puts its report and loss curves ({@code stylize} and the
 * trainings), declared once as a picocli mixin.
 */
final class ReportOptions {

    @Option(names = "--report", paramLabel = "FILE.json",
            description = "Report path. Default: the output's name with .json.")
    Path report;

    @Option(names = "--plot", paramLabel = "FILE.png",
            description = "Also draw the loss curves (methods that optimise or train).")
    Path plot;
}
