package dev.atelier.api;

import com.google.gson.JsonObject;
import dev.atelier.BadInputException;
import dev.atelier.batch.ClipFiles;
import dev.atelier.batch.ClipInput;
import dev.atelier.batch.PairContext;
import dev.atelier.batch.PairInput;
import dev.atelier.batch.PairMethod;
import dev.atelier.batch.PairResult;
import dev.atelier.io.RgbImage;
import dev.atelier.method.StyleKind;
import dev.atelier.output.CheckpointOutput;
import dev.atelier.progress.Warning;
import dev.atelier.report.ModelUse;
import dev.atelier.report.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An open {@link Stylist} as the batch runs it: one stylist, every pair, each with its report.
 * Public for tests of the batch runner; requests reach it through {@link Atelier}.
 */
public final class StylistPairs implements PairMethod<Style> {
    private final String command;
    private final Stylist stylist;
    private final BatchClips clips;

    /** @param command what made the pairs, for reports */
    public StylistPairs(String command, Stylist stylist) {
        this(command, stylist, null);
    }

    /**
     * @param command what made the pairs, for reports
     * @param clips what repaints the clips among the photos on this stylist, or {@code null}: none
     */
    public StylistPairs(String command, Stylist stylist, BatchClips clips) {
        this.command = command;
        this.stylist = stylist;
        this.clips = clips;
    }

    @Override
    public String name() {
        return stylist.method();
    }

    /**
     * The options and what the stylist resolved, with every network's SHA-256: what shapes results.
     * The size is the batch's own, recorded in the manifest's settings already.
     */
    @Override
    public JsonObject settings() {
        JsonObject all = stylist.settings();
        all.remove("size");
        for (ModelUse use : stylist.models()) {
            all.addProperty(use.role().replace(' ', '_') + "_sha256", use.sha256());
        }
        return all;
    }

    @Override
    public boolean stylesAreImages() {
        return stylist.styleKind() == StyleKind.PAINTINGS;
    }

    @Override
    public int defaultSize() {
        return stylist.parsedOptions().size();
    }

    @Override
    public Style prepareStyle(Path file) {
        return stylesAreImages() ? stylist.painting(file) : stylist.model(file.toString());
    }

    @Override
    public Optional<RgbImage> picture(Style style) {
        return style.picture();
    }

    @Override
    public int styleCacheSize() {
        return stylist.styleCacheSize();
    }

    @Override
    public boolean batches() {
        return stylist.batches();
    }

    /**
     * Repaints one photo. An optimisation keeps its checkpoint beside the pair's result
     * ({@code name.png.ckpt}, as {@code stylize} does): a stopped batch loses at most the iterations
     * since the last save, and the rerun that redoes the pair resumes it. A checkpoint that does not
     * fit the pair (other settings after {@code --overwrite}, a changed photo) is deleted with a
     * warning and the pair starts afresh; a finished pair's is removed.
     */
    @Override
    public PairResult stylize(PairInput input, Style style, PairContext context) {
        if (!stylist.styleMethod().iterates()) {
            return toPair(input, stylist.stylize(input.content(), List.of(style), controls(input, context, null)));
        }
        Path checkpoint = CheckpointOutput.of(input.output()).file();
        Stylized result;
        try {
            result = stylist.stylize(input.content(), List.of(style), controls(input, context, checkpoint));
        } catch (BadInputException unusable) {
            if (!checkpoint.equals(unusable.file())) {
                throw unusable;
            }
            context.listener().onEvent(new Warning(input.name() + ": its checkpoint cannot be resumed ("
                    + unusable.getMessage() + "); the pair starts afresh"));
            deleteQuietly(checkpoint);
            result = stylist.stylize(input.content(), List.of(style), controls(input, context, checkpoint));
        }
        if (!result.cancelled()) {
            deleteQuietly(checkpoint);
        }
        return toPair(input, result);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException leftBehind) {
            // A finished pair's checkpoint left behind is only resumed as finished by the next run.
        }
    }

    @Override
    public List<PairResult> stylizeAll(List<PairInput> inputs, Style style, PairContext context) {
        if (inputs.size() == 1 || stylist.styleMethod().iterates()) {
            List<PairResult> pairs = new ArrayList<>();
            for (PairInput input : inputs) {
                pairs.add(stylize(input, style, context));
            }
            return pairs;
        }
        List<RgbImage> contents = inputs.stream().map(PairInput::content).toList();
        List<Stylized> results = stylist.stylizeAll(contents, style, controls(inputs.get(0), context, null));
        List<PairResult> pairs = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            pairs.add(toPair(inputs.get(i), results.get(i)));
        }
        return pairs;
    }

    @Override
    public Optional<ClipFiles> clips() {
        return Optional.ofNullable(clips);
    }

    /** A clip, repainted whole on this batch's stylist by the module handed in. */
    @Override
    public PairResult stylizeClip(ClipInput input, PairContext context) {
        if (clips == null) {
            return PairMethod.super.stylizeClip(input, context);
        }
        return clips.stylize(stylist, command, input, context);
    }

    private PairResult toPair(PairInput input, Stylized result) {
        Report report = ResultReport.of(command, stylist, result, input.contentFile(), List.of(input.styleFile()),
                List.of());
        report.output("image", input.output()).output("report", Report.sidecarOf(input.output()));
        return new PairResult(result.image(), report.toJson(), result.cancelled());
    }

    private static StylizeControls controls(PairInput input, PairContext context, Path checkpoint) {
        return StylizeControls.builder().optCancellation(context.cancellation()).optListener(context.listener())
                .optItem(input.name()).optCheckpoint(checkpoint).build();
    }

    /** The stylist is its opener's to close. */
    @Override
    public void close() {
        // Nothing of its own.
    }
}
