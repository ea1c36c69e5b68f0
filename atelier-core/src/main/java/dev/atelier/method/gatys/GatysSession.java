package dev.atelier.method.gatys;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import dev.atelier.io.RgbImage;
import dev.atelier.method.MethodResult;
import dev.atelier.method.MethodSession;
import dev.atelier.method.RunContext;
import dev.atelier.nn.Backbone;
import dev.atelier.report.ModelUse;
import java.util.List;
import java.util.Optional;

/** A VGG loaded for many optimisations; each photo is optimised afresh at its own size. */
public final class GatysSession implements MethodSession<RgbImage> {
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

    /** The painting itself: its Gram targets depend on the photo's size, so they are made per photo. */
    @Override
    public RgbImage preparePainting(RgbImage painting) {
        return painting;
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
     * in the context, progress is saved every {@value GatysStylizer#CHECKPOINT_EVERY} iterations and at
     * every scale and tile, and a run whose checkpoint exists resumes from it.
     */
    @Override
    public MethodResult stylize(RgbImage content, List<RgbImage> styles, List<RgbImage> masks,
            RunContext context) {
        GatysOptions here = options.toBuilder().optSize(Math.max(content.width(), content.height())).build();
        GatysResult result = stylizer.stylize(content, styles, masks, here, context);
        JsonObject details = new JsonObject();
        details.addProperty("iterations", result.last().step());
        details.addProperty("best_iteration", result.bestIteration());
        details.addProperty("evaluations", result.evaluations());
        details.addProperty("converged", result.converged());
        if (result.plan().isTiled()) {
            details.addProperty("tile_size", result.plan().tileSize());
            details.addProperty("tiles", result.plan().steps().stream().mapToInt(RunPlan.Step::tileCount).sum());
        }
        result.resumedAt().ifPresent(iteration -> details.addProperty("resumed_at", iteration));
        return new MethodResult(result.image(), result.cancelled(), result.history(), details, result.paintingsUsed(),
                List.of());
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
