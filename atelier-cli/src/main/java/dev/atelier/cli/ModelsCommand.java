package dev.atelier.cli;

import dev.atelier.Cancellation;
import dev.atelier.api.Atelier;
import dev.atelier.models.KnownFile;
import dev.atelier.models.KnownModel;
import dev.atelier.models.ModelCatalog;
import dev.atelier.models.ModelStatus;
import dev.atelier.models.ModelStore;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code atelier models}: every model Atelier can fetch by name, where from, its digest, and whether it is cached. */
@Command(name = "models", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"List the pretrained models Atelier can use by name: size, sources, SHA-256, and whether "
                + "each is in the cache ($ATELIER_HOME, default ~/.atelier).",
            "Names download on first use into the verified cache; set ATELIER_MIRROR=URL to fetch every file first "
                    + "from URL/<file name>."})
final class ModelsCommand implements Callable<Integer> {

    @Option(names = "--fetch", paramLabel = "NAME", arity = "1..*",
            description = "Download these models now (e.g. for a machine that will be offline).")
    List<String> fetch = new ArrayList<>();

    @Option(names = {"--quiet", "-q"}, description = "No download progress.")
    boolean quiet;

    private int fetchAll(Atelier atelier, ProgressLine line) {
        for (String name : fetch) {
            KnownModel model = ModelCatalog.find(name).orElseThrow(() -> new dev.atelier.InvalidOptionException(
                    "fetch", "no known model '" + name + "' (see 'atelier models')"));
            Path file = atelier.models().fetch(model, quiet ? dev.atelier.progress.RunListener.silent()
                    : new DownloadProgressPrinter(line));
            line.finish();
            System.err.println(model.name() + ": " + file);
        }
        return ExitCode.SUCCESS;
    }

    @Override
    public Integer call() {
        PrintStream out = System.out;
        Atelier atelier = Atelier.fromEnvironment();
        if (!fetch.isEmpty()) {
            ProgressLine line = new ProgressLine(System.err, ProgressLine.terminalAttached(), "download");
            // Ctrl-C or SIGTERM stops a download at once, keeping its partial file for the next try (exit 130).
            Cancellation cancellation = Interrupts.install(() -> { });
            try (Cancellation.Binding bound = cancellation.bindToThread()) {
                return fetchAll(atelier, line);
            }
        }
        out.println("cache: " + atelier.models().cache().directory());
        for (ModelStatus status : atelier.modelStatus()) {
            KnownModel model = status.model();
            out.printf(Locale.ROOT, "%n%s — %s%n  used by: %s%n  %s%n", model.name(), model.description(),
                    model.usedBy(), status.cachedFile().map(file -> "cached: " + file).orElse("not cached"));
            if (model.archive() != null) {
                out.printf(Locale.ROOT, "  file: %s, extracted from %s (%s)%n", model.archive().fileName(),
                        model.archive().model().name(), status.recordedSha256().map(sha -> "SHA-256 " + sha
                                + ", recorded at first download").orElse("SHA-256 not published: recorded at first "
                                + "download"));
            }
            for (KnownFile file : model.files()) {
                String digest = file.sha256().isPublished() ? file.sha256().toString() + " (" + file.digestSource()
                        + ")" : status.recordedSha256().map(sha -> sha + " (recorded at first download)")
                        .orElse("not published: recorded at first download");
                out.printf(Locale.ROOT, "  file: %s, %s%n    SHA-256 %s%n", file.fileName(), size(file), digest);
                for (URI url : file.urls()) {
                    out.println("    from " + url);
                }
            }
        }
        String mirror = System.getenv(ModelStore.MIRROR_VARIABLE);
        if (mirror != null && !mirror.isBlank()) {
            out.printf(Locale.ROOT, "%nmirror (tried first for every file): %s%n", mirror);
        }
        return ExitCode.SUCCESS;
    }

    private static String size(KnownFile file) {
        return file.exactSize() ? String.format(Locale.ROOT, "%,d bytes", file.bytes())
                : String.format(Locale.ROOT, "about %d MB", Math.round(file.bytes() / 1e6));
    }
}
