package dev.atelier.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.atelier.Cancellation;
import dev.atelier.api.Atelier;
import dev.atelier.api.BatchJobPlan;
import dev.atelier.api.Methods;
import dev.atelier.api.StylizeOutcome;
import dev.atelier.api.StylizePlan;
import dev.atelier.api.StylizeRequest;
import dev.atelier.io.OutputFormat;
import dev.atelier.method.StyleMethod;
import dev.atelier.options.OptionSchema;
import dev.atelier.video.VideoBatchClips;
import dev.atelier.video.VideoOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code atelier stylize}: repaint one photo (or a folder of them) in the style of a painting or model. */
@Command(name = "stylize", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Repaint a photo in the style of a painting.",
            "Several photos or a folder go into the --output folder, one result each, named <photo>__<style>; "
                    + "rerunning skips what is done.",
            "A clip (.mp4, .mkv, .mov, .webm, …) is repainted frame by frame without flicker into the clip --output "
                    + "names (.mp4, .mkv, .mov, .webm or .gif), its sound kept; Ctrl-C keeps every finished frame "
                    + "and --resume continues. Needs FFmpeg."})
final class StylizeCommand implements Callable<Integer>, DeclaresOptions {

    @Spec
    CommandSpec spec;

    @Option(names = "--method", paramLabel = "NAME",
            description = "One of the methods listed above (default: feedforward with --model, else gatys).")
    String method;

    @Option(names = "--content", required = true, paramLabel = "IMAGE", arity = "1..*",
            description = "The photo to repaint; several files or folders repaint each.")
    List<Path> contents;

    @Option(names = "--style", paramLabel = "IMAGE", arity = "1..*",
            description = "The painting; several are blended by --style-weights (or placed by --style-masks).")
    List<Path> styles = new ArrayList<>();

    @Option(names = "--model", paramLabel = "MODEL", arity = "1..*",
            description = "feedforward: a trained network by name (see 'atelier models': candy, mosaic, udnie, "
                    + "rain-princess, onnx-…) or a file (Atelier model file, pytorch/examples .pth, ONNX zoo .onnx, "
                    + "fast-style-transfer variable folder).")
    List<String> models = new ArrayList<>();

    @Option(names = "--style-masks", paramLabel = "IMAGE", arity = "1..*",
            description = "One mask per painting; each painting paints where its mask is bright.")
    List<Path> styleMasks = new ArrayList<>();

    @Option(names = {"--output", "-o"}, required = true, paramLabel = "FILE",
            description = "Result image (.png, .jpg, …), or a folder for several photos; a JSON report is "
                    + "written beside each result.")
    Path output;

    @Mixin
    ReportOptions reports;

    @Option(names = "--side-by-side", paramLabel = "FILE", description = "Also write photo | paintings | result.")
    Path sideBySide;

    @Option(names = "--save-every", paramLabel = "N",
            description = "gatys: also write the image every N iterations (out.iter-0100.png, …). "
                    + "Default: ${DEFAULT-VALUE} (never).")
    int saveEvery;

    @Option(names = "--init-image", paramLabel = "IMAGE",
            description = "gatys: start from this image (an earlier result, say) instead of --init's choice.")
    Path initImage;

    @Option(names = "--resume", description = "gatys: continue from the checkpoint an interrupted run left beside "
            + "the output (OUTPUT.ckpt), with the same settings.")
    boolean resume;

    @Option(names = "--format", paramLabel = "EXT", completionCandidates = OutputFormatNames.class,
            description = "Format of results in an output folder (a single result's comes from its name): "
                    + "${COMPLETION-CANDIDATES} (jpeg and tif too). Default: ${DEFAULT-VALUE}.")
    String format = OutputFormat.PNG.name();

    @Mixin
    RunOptions run;

    OptionFlags flags;
    /** The video's own flags ({@code --temporal-weight}, {@code --crf}, …): see {@link VideoStylize}. */
    private OptionFlags videoFlags;

    @Override
    public void declareOptions(CommandSpec command) {
        Map<String, OptionSchema<?, ?>> schemas = new LinkedHashMap<>();
        for (StyleMethod<?, ?> each : Methods.all()) {
            schemas.put(each.name(), each.options());
        }
        flags = OptionFlags.declare(command, schemas);
        videoFlags = OptionFlags.declare(command, Map.of("video", VideoOptions.SCHEMA));
        OptionFlags.describeMethods(command);
    }

    @Override
    public Integer call() {
        Map<String, String> videoOptions = videoFlags.given(spec.commandLine().getParseResult(), VideoOptions.SCHEMA);
        if (VideoStylize.applies(contents, output)) {
            return new VideoStylize(this).run(videoOptions);
        }
        boolean folderMode = VideoStylize.folderMode(contents);
        if (!folderMode) {
            VideoStylize.refuseForPhotos(contents, videoOptions);
        }
        PrintStream err = System.err;
        StylizeRequest.Builder builder = StylizeRequest.builder().optMethod(method).optContents(contents)
                .optStyles(styles).optModels(models).optStyleMasks(styleMasks).optOutput(output)
                .optReport(reports.report).optPlot(reports.plot).optSideBySide(sideBySide).optSaveEvery(saveEvery)
                .optInitImage(initImage).optResume(resume).optFormat(format).optReadOptions(run.readOptions());
        if (folderMode) {
            // Several photos are a batch: clips among them are repainted into clips, as batch does.
            builder.optClips(VideoBatchClips.of(videoOptions, run.readOptions()));
        }
        StyleMethod<?, ?> chosen = Methods.get(builder.build().methodName());
        StylizeRequest request = builder.optOptions(flags.given(spec.commandLine().getParseResult(), chosen.name(),
                chosen.options(), Set.of())).build();
        Atelier atelier = run.atelier();
        StylizePlan plan = atelier.plan(request);
        if (folderMode) {
            VideoStylize.refuseWithoutClips(plan.folder().map(BatchJobPlan::hasClips).orElse(false), videoOptions);
        }
        CliListener listener = new CliListener(new ProgressLine(err, ProgressLine.terminalAttached(), "stylize"),
                run.quiet);
        Cancellation cancellation = Interrupts.install(() -> listener.message("stopping, keeping the best "
                + "picture so far (Ctrl-C again to quit at once)…"));
        StylizeOutcome outcome = atelier.run(plan, listener, cancellation);
        listener.finish();
        if (outcome.report() != null) {
            if (!run.quiet) {
                err.println(summary(outcome));
            }
        } else {
            if (!run.quiet || !outcome.failures().isEmpty()) {
                err.printf(Locale.ROOT, "%s %d image%s into %s%s, %d failed; %.1f s%n",
                        outcome.cancelled() ? "stopped with" : "have", outcome.images().size(),
                        outcome.images().size() == 1 ? "" : "s", output,
                        outcome.kept() > 0 ? " (" + outcome.kept() + " kept from before)" : "",
                        outcome.failures().size(), outcome.seconds());
            }
            outcome.failures().forEach(failure -> err.println("  " + failure.name() + ": " + failure.error()));
        }
        if (outcome.cancelled()) {
            return ExitCode.INTERRUPTED;
        }
        return outcome.failures().isEmpty() ? ExitCode.SUCCESS : ExitCode.PARTIAL_FAILURE;
    }

    /** {@code wrote out.png (512x384, gatys on vgg19, loss 1.2e5 after 500 iterations, 61.0 s)}. */
    private static String summary(StylizeOutcome outcome) {
        JsonObject report = outcome.report();
        JsonObject result = report.getAsJsonObject("result");
        StringBuilder text = new StringBuilder(outcome.cancelled() ? "stopped; kept the best so far in " : "wrote ")
                .append(outcome.images().get(0)).append(" (").append(result.get("width").getAsInt()).append('x')
                .append(result.get("height").getAsInt()).append(", ").append(report.get("method").getAsString());
        if (report.has("models")) {
            List<String> names = new ArrayList<>();
            report.getAsJsonArray("models").forEach(model -> names.add(model.getAsJsonObject().get("name")
                    .getAsString()));
            text.append(" with ").append(String.join(" and ", names));
        }
        if (report.has("history")) {
            JsonArray history = report.getAsJsonArray("history");
            JsonObject last = history.get(history.size() - 1).getAsJsonObject();
            text.append(String.format(Locale.ROOT, ", loss %.4g after %d iterations", last.get("total").getAsDouble(),
                    last.get("step").getAsLong()));
        }
        return text.append(String.format(Locale.ROOT, ", %.1f s)", result.get("seconds").getAsDouble())).toString();
    }

    /** The formats results can be written in, for {@code --format}'s help. */
    static final class OutputFormatNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return OutputFormat.names().iterator();
        }
    }
}
