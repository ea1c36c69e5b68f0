package dev.atelier.cli;

import dev.atelier.report.Versions;
import picocli.CommandLine;

/** {@code atelier --version}: Atelier's version and what it runs on. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return Versions.all().entrySet().stream().map(entry -> entry.getKey() + " " + entry.getValue())
                .toArray(String[]::new);
    }
}
