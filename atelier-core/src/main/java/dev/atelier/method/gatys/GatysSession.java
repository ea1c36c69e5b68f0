package dev.atelier.method.gatys;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import dev.atelier.NonFiniteLossException;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.RgbImage;
import dev.atelier.method.MethodResult;
import dev.atelier.method.MethodSession;
import dev.atelier.method.RunContext;
import dev.atelier.nn.Backbone;
import dev.atelier.progress.ImageFormed;
import dev.atelier.progress.StepFinished;
import dev.atelier.progress.Warning;
import dev.atelier.report.ModelUse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A VGG loaded for many optimisations; each photo is optimised afresh at its own size. */
public final class GatysSession implements MethodSession<RgbImage> {
    /** Iterations between checkpoint saves: a few seconds of work at 512 px, a few minutes lost at most. */
    static final int CHECKPOINT_EVERY = 50;

    private final GatysOptions options;
    private final Backbone backbone;
    private final NDManager manager;
    private final GatysStylizer stylizer;

    GatysSession(GatysOptions options, Backbone backbone, NDManager manager) {
        this.options = options;
        this.backbone = backbone;
        this.manager = manager;
        this.stylizer = new GatysStylizer(backbone);
    }

    @Override
    public List<ModelUse> models() {
        boolean generated = backbone.name().startsWith("random-");
        return List.of(new ModelUse("backbone", backbone.name(), generated ? null : backbone.weightsSource(),
                backbone.weightsSha256(), generated ? options.seed() : null));
    }

    /**
     * Which backbone really ran ({@code auto} stands for the full VGG-19 or the embedded network), and
     * the layers it ran with, which follow the backbone when left at their defaults.
     */
    @Override
    public JsonObject resolvedSettings() {
        JsonObject resolved = new JsonObject();
        resolved.addProperty("backbone_used", backbone.name());
        JsonObject all = GatysOptions.SCHEMA.toJson(options);
        for (String key : new String[] {"content_layers", "style_layers"}) {
            if (all.has(key)) {
                resolved.add(key, all.get(key));
            }
        }
        return resolved;
    }

    @Override
    public RgbImage prepareStyle(Path file, ImageLoader loader) {
        return loader.read(file);
    }

    @Override
    public Optional<RgbImage> picture(RgbImage style) {
        return Optional.of(style);
    }

    /** Paintings are kept at full size (the stylizer scales them per scale): keep only two. */
    @Override
    public int styleCacheSize() {
        return 2;
    }

    /**
     * Optimises a photo (already at the options' size) with one or more paintings; with a checkpoint
     * in the context, progress is saved every {@value #CHECKPOINT_EVERY} iterations and at every
     * scale and tile, and a run whose checkpoint exists resumes from it.
     */
    @Override
    public MethodResult stylize(RgbImage content, List<RgbImage> styles, List<RgbImage> masks,
            RunContext context) {
        GatysOptions here = options.toBuilder().optSize(Math.max(content.width(), content.height())).build();
        GatysCheckpoint checkpoint = context.checkpoint() == null ? null
                : new GatysCheckpoint(context.checkpoint(), CHECKPOINT_EVERY);
        GatysResult result = stylizer.stylize(content, styles, masks, context.initImage(), here, checkpoint,
                new Listener(here, context), context.cancellation());
        List<dev.atelier.report.HistoryEntry> history = new ArrayList<>();
        boolean tiled = result.plan().steps().stream().anyMatch(step -> step.tileCount() > 1);
        for (HistoryEntry entry : result.history()) {
            history.add(new dev.atelier.report.HistoryEntry(entry.iteration(), entry.scale(),
                    tiled ? entry.tile() : -1, weighted(here, entry.content(), entry.style(), entry.tv()),
                    entry.seconds(), Double.NaN));
        }
        JsonObject details = new JsonObject();
        details.addProperty("iterations", result.last().iteration());
        details.addProperty("best_iteration", result.bestIteration());
        details.addProperty("evaluations", result.evaluations());
        details.addProperty("converged", result.converged());
        if (tiled) {
            details.addProperty("tile_size", result.plan().tileSize());
            details.addProperty("tiles", result.plan().steps().stream().mapToInt(RunPlan.Step::tileCount).sum());
        }
        result.resumedAt().ifPresent(iteration -> details.addProperty("resumed_at", iteration));
        return new MethodResult(result.image(), result.cancelled(), history, details,
                GatysStylizer.preparedStyles(content, styles, here), List.of());
    }

    /** The loss terms as they enter the total: α·content, β·style, γ·tv. */
    static Map<String, Double> weighted(GatysOptions options, double content, double style, double tv) {
        Map<String, Double> losses = new LinkedHashMap<>();
        losses.put("content", content * options.contentWeight());
        losses.put("style", style * options.styleWeight());
        losses.put("tv", tv * options.tvWeight());
        return losses;
    }

    /** Turns the stylizer's callbacks into run events, and stops a run whose loss is no longer finite. */
    private static final class Listener implements StylizeListener {
        private final GatysOptions options;
        private final RunContext context;
        private Map<String, Double> lastFinite = Map.of();

        Listener(GatysOptions options, RunContext context) {
            this.options = options;
            this.context = context;
        }

        @Override
        public void onIteration(IterationEvent event) {
            Map<String, Double> losses = weighted(options, event.losses().term("content"),
                    event.losses().term("style"), event.losses().term("tv"));
            if (!losses.values().stream().allMatch(Double::isFinite)) {
                throw diverged(event.iteration(), losses);
            }
            lastFinite = losses;
            double remaining = event.secondsRemaining();
            context.listener().onEvent(new StepFinished("optimise", event.iteration(), event.totalIterations(),
                    event.workFraction(), event.seconds(), Double.isFinite(remaining) ? remaining : Double.NaN,
                    losses, context.item()));
        }

        /**
         * A one-line error blaming the weight of the term that overflowed, or else of the term that was
         * largest before the loss turned NaN: that term's steps threw the image out of range.
         */
        private NonFiniteLossException diverged(int iteration, Map<String, Double> losses) {
            String term = losses.entrySet().stream().filter(entry -> Double.isInfinite(entry.getValue()))
                    .map(Map.Entry::getKey).findFirst().orElseGet(() -> lastFinite.entrySet().stream()
                            .max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("style"));
            double total = losses.values().stream().mapToDouble(Double::doubleValue).sum();
            return new NonFiniteLossException("the loss became " + total + " at iteration " + iteration
                    + "; lower {" + term + "-weight}" + (options.optimizer() == OptimizerKind.ADAM ? " or {lr}" : ""));
        }

        @Override
        public boolean wantsImage(int iteration) {
            return context.imageWanted().test(iteration);
        }

        @Override
        public void onIntermediateImage(int iteration, RgbImage image) {
            if (context.imageWanted().test(iteration)) {
                context.listener().onEvent(new ImageFormed(iteration, image));
            }
        }

        @Override
        public void onWarning(String message) {
            context.listener().onEvent(new Warning(message));
        }
    }

    @Override
    public void close() {
        try {
            backbone.close();
        } finally {
            manager.close();
        }
    }
}
