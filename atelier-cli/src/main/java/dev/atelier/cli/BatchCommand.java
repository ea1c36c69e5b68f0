package dev.atelier.cli;

import dev.atelier.Cancellation;
import dev.atelier.InvalidOptionException;
import dev.atelier.api.Atelier;
import dev.atelier.api.BatchJobPlan;
import dev.atelier.api.BatchRequest;
import dev.atelier.api.Methods;
import dev.atelier.method.StyleMethod;
import dev.atelier.options.OptionSchema;
import dev.atelier.batch.BatchOptions;
import dev.atelier.batch.BatchSummary;
import dev.atelier.batch.FailedPair;
import dev.atelier.video.VideoBatchClips;
import dev.atelier.video.VideoOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code atelier batch}: every photo with every painting (or trained model), resumable, with a contact
 * sheet and an index page. It only turns its arguments into a {@link BatchRequest}.
 */
@Command(name = "batch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Repaint every photo in the style of every painting (or with every trained model); clips "
                + "among the photos become repainted clips, as with stylize.",
            "Rerunning the same command skips finished pairs and redoes failed or interrupted ones; results the "
                    + "batch wrote are never taken for photos."})
final class BatchCommand implements Callable<Integer>, DeclaresOptions {
    /** Failures listed at the end; the manifest and index hold them all. */
    private static final int FAILURES_SHOWN = 20;
    private static final String BATCH = "batch";

    @Spec
    CommandSpec spec;

    @Option(names = "--content", paramLabel = "PATH", arity = "1..*",
            description = "Photos: image files or folders (clips among them are repainted into clips).")
    List<Path> contents = new ArrayList<>();

    @Option(names = "--style", paramLabel = "PATH", arity = "1..*",
            description = "Paintings: image files or folders of them.")
    List<Path> styles = new ArrayList<>();

    @Option(names = "--model", paramLabel = "MODEL", arity = "1..*",
            description = "Trained networks by name (see 'atelier models') or path: every photo with every model.")
    List<String> models = new ArrayList<>();

    @Option(names = "--input", paramLabel = "DIR",
            description = "One folder holding content_* photos and style_* paintings (with --model, only the "
                    + "photos are used).")
    Path input;

    @Option(names = "--pairs", paramLabel = "FILE.csv",
            description = "Explicit pairs, one 'content,style[,name]' line each (paths relative to the file; "
                    + "with --method feedforward the second column is a model).")
    Path pairs;

    @Option(names = "--method", paramLabel = "NAME",
            description = "One of the methods listed above (default: feedforward with --model, else gatys).")
    String method;

    @Option(names = {"--output", "-o"}, required = true, paramLabel = "DIR",
            description = "Folder for results, reports, manifest.json, the contact sheet and index.html "
                    + "(created if missing).")
    Path output;

    @Mixin
    RunOptions run;

    /** Read by the ./atelier script, which starts the Spark job (atelier-spark) instead of this command. */
    @Option(names = "--spark", paramLabel = "MASTER", description = "Run the batch as an Apache Spark job with this "
            + "master (local[2], spark://host:7077, yarn); ./atelier starts it with Spark's jars (see the README).")
    String spark;

    private OptionFlags flags;
    /** The video's own flags ({@code --temporal-weight}, {@code --crf}, …), for clips among the photos. */
    private OptionFlags videoFlags;

    @Override
    public void declareOptions(CommandSpec command) {
        Map<String, OptionSchema<?, ?>> schemas = new LinkedHashMap<>();
        schemas.put(BATCH, BatchOptions.SCHEMA);
        for (StyleMethod<?, ?> each : Methods.all()) {
            schemas.put(each.name(), each.options());
        }
        flags = OptionFlags.declare(command, schemas);
        videoFlags = OptionFlags.declare(command, Map.of("video", VideoOptions.SCHEMA));
        OptionFlags.describeMethods(command);
    }

    @Override
    public Integer call() {
        if (spark != null) {
            throw new InvalidOptionException("spark", "needs Spark's jars: start the batch through the ./atelier "
                    + "script, or with spark-submit and the atelier-spark cluster jar (see the README)");
        }
        PrintStream err = System.err;
        ParseResult parsed = spec.commandLine().getParseResult();
        Map<String, String> videoOptions = videoFlags.given(parsed, VideoOptions.SCHEMA);
        // Clips among the photos are repainted by the video module, as 'stylize' repaints one clip.
        BatchRequest.Builder builder = BatchRequest.builder().optMethod(method).optContents(contents).optStyles(styles)
                .optModels(models).optInputFolder(input).optPairs(pairs).optOutput(output)
                .optReadOptions(run.readOptions()).optClips(VideoBatchClips.of(videoOptions, run.readOptions()));
        StyleMethod<?, ?> chosen = Methods.get(builder.build().methodName());
        Map<String, String> options = new LinkedHashMap<>(flags.given(parsed, BatchOptions.SCHEMA));
        options.putAll(flags.given(parsed, chosen.name(), chosen.options(),
                new HashSet<>(BatchOptions.SCHEMA.keys())));
        Atelier atelier = run.atelier();
        BatchJobPlan plan = atelier.plan(builder.optOptions(options).build());
        VideoStylize.refuseWithoutClips(plan.hasClips(), videoOptions);
        CliListener listener = new CliListener(new ProgressLine(err, ProgressLine.terminalAttached(), BATCH),
                run.quiet);
        Cancellation cancellation = Interrupts.install(() -> listener.message("stopping; the pair under way is left "
                + "for the next run, a clip with its finished frames (Ctrl-C again to quit at once)…"));
        BatchSummary summary = atelier.run(plan, listener, cancellation);
        listener.finish();
        report(summary, err);
        if (summary.cancelled()) {
            return ExitCode.INTERRUPTED;
        }
        return summary.failed() > 0 ? ExitCode.PARTIAL_FAILURE : ExitCode.SUCCESS;
    }

    private void report(BatchSummary summary, PrintStream err) {
        if (!run.quiet || summary.failed() > 0) {
            err.printf(Locale.ROOT, "batch: %d of %d pairs done (%d made now, %d kept from before), %d failed, "
                    + "%d left; %.1f s%n", summary.done() + summary.skipped(), summary.total(), summary.done(),
                    summary.skipped(), summary.failed(), summary.pending(), summary.seconds());
        }
        List<FailedPair> failures = summary.failures();
        if (!failures.isEmpty()) {
            err.println("failed pairs (run the same command again to retry them):");
            failures.stream().limit(FAILURES_SHOWN).forEach(failure ->
                    err.println("  " + failure.name() + ": " + OptionFlags.render(failure.error())));
            if (failures.size() > FAILURES_SHOWN) {
                err.println("  … and " + (failures.size() - FAILURES_SHOWN) + " more in " + summary.manifest());
            }
        }
        if (!run.quiet && summary.index() != null) {
            err.println("see " + summary.index() + " and " + summary.contactSheet());
        }
    }
}
