package dev.atelier.api;

import com.google.gson.JsonObject;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.RgbImage;
import dev.atelier.method.MethodResult;
import dev.atelier.method.MethodSession;
import dev.atelier.method.RunContext;
import dev.atelier.method.StyleKind;
import dev.atelier.batch.PairContext;
import dev.atelier.batch.PairInput;
import dev.atelier.batch.PairMethod;
import dev.atelier.batch.PairResult;
import dev.atelier.progress.RunEvent;
import dev.atelier.progress.RunListener;
import dev.atelier.progress.StepFinished;
import dev.atelier.progress.Warning;
import dev.atelier.report.ModelUse;
import dev.atelier.report.Report;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Any method's session as the batch runs it: one session, every pair, each with its report. Public
 * for tests of the batch runner; requests reach it through {@link Atelier#batch}.
 */
public final class SessionPairs<S> implements PairMethod<S> {
    private final String command;
    private final String method;
    private final StyleKind kind;
    private final JsonObject settings;
    private final int size;
    private final MethodSession<S> session;

    /**
     * @param command what made the pairs, for reports
     * @param settings the method's options as JSON; the batch's size and format are the batch's own
     * @param size the size photos are brought to; 0 their own
     */
    public SessionPairs(String command, String method, StyleKind kind, JsonObject settings, int size,
            MethodSession<S> session) {
        this.command = command;
        this.method = method;
        this.kind = kind;
        this.settings = settings;
        this.size = size;
        this.session = session;
    }

    @Override
    public String name() {
        return method;
    }

    /** The options and what the session resolved, with every network's SHA-256: what shapes results. */
    @Override
    public JsonObject settings() {
        JsonObject all = settings.deepCopy();
        session.resolvedSettings().entrySet().forEach(entry -> all.add(entry.getKey(), entry.getValue()));
        for (ModelUse use : session.models()) {
            all.addProperty(use.role().replace(' ', '_') + "_sha256", use.sha256());
        }
        return all;
    }

    @Override
    public boolean stylesAreImages() {
        return kind == StyleKind.PAINTINGS;
    }

    @Override
    public int defaultSize() {
        return size;
    }

    @Override
    public S prepareStyle(Path file, ImageLoader loader) {
        return session.prepareStyle(file, loader);
    }

    @Override
    public Optional<RgbImage> picture(S style) {
        return session.picture(style);
    }

    @Override
    public int styleCacheSize() {
        return session.styleCacheSize();
    }

    @Override
    public boolean batches() {
        return session.batches();
    }

    @Override
    public PairResult stylize(PairInput input, S style, PairContext context) {
        long start = System.nanoTime();
        MethodResult result = session.stylize(input.content(), List.of(style), List.of(), runContext(input, context));
        return toPair(input, result, (System.nanoTime() - start) / 1e9);
    }

    @Override
    public List<PairResult> stylizeAll(List<PairInput> inputs, S style, PairContext context) {
        long start = System.nanoTime();
        List<RgbImage> contents = inputs.stream().map(PairInput::content).toList();
        List<MethodResult> results = session.stylizeAll(contents, style, runContext(inputs.get(0), context));
        double seconds = (System.nanoTime() - start) / 1e9 / inputs.size();
        List<PairResult> pairs = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            pairs.add(toPair(inputs.get(i), results.get(i), seconds));
        }
        return pairs;
    }

    private PairResult toPair(PairInput input, MethodResult result, double seconds) {
        Map<String, Path> outputs = new LinkedHashMap<>();
        outputs.put("image", input.output());
        outputs.put("report", Report.sidecarOf(input.output()));
        JsonObject report = ResultReport.of(command, method, kind, settings, session, result, input.contentFile(),
                List.of(input.styleFile()), List.of(), outputs, seconds).toJson();
        return new PairResult(result.image(), report, result.cancelled());
    }

    /** A pair's steps as the share of the pair done; its warnings as the batch's. */
    private static RunContext runContext(PairInput input, PairContext context) {
        RunListener listener = new RunListener() {
            @Override
            public void onEvent(RunEvent event) {
                if (event instanceof StepFinished step) {
                    context.progress().accept(step.fraction());
                } else if (event instanceof Warning warning) {
                    context.warnings().accept(warning.message());
                }
            }
        };
        return new RunContext(context.cancellation(), listener, step -> false, input.name());
    }

    @Override
    public void close() {
        session.close();
    }
}
