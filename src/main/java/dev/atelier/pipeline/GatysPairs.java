package dev.atelier.pipeline;

import com.google.gson.JsonObject;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.RgbImage;
import dev.atelier.method.gatys.GatysOptions;
import dev.atelier.method.gatys.GatysReport;
import dev.atelier.method.gatys.GatysResult;
import dev.atelier.method.gatys.GatysStylizer;
import dev.atelier.method.gatys.IterationEvent;
import dev.atelier.method.gatys.OptimizerKind;
import dev.atelier.method.gatys.StylizeListener;
import dev.atelier.nn.Backbone;
import dev.atelier.report.JsonReports;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Optimisation (Gatys et al.) for a batch: one backbone for every pair. Each result's size is the
 * batch's (the photo arrives already at it), so {@link GatysOptions#size()} only serves as the
 * default size.
 */
public final class GatysPairs implements PairMethod<RgbImage> {
    private final Backbone backbone;
    private final GatysOptions options;
    private final GatysStylizer stylizer;

    /** @param backbone the loaded VGG; it stays the caller's to close */
    public GatysPairs(Backbone backbone, GatysOptions options) {
        this.backbone = backbone;
        this.options = options;
        this.stylizer = new GatysStylizer(backbone);
    }

    @Override
    public String name() {
        return "gatys";
    }

    /**
     * The options as in a report, less what does not change results: the size (the batch's own
     * setting), the weights file's path (its SHA-256 is kept), intermediate saves, and the settings
     * of the optimiser not in use.
     */
    @Override
    public JsonObject settings() {
        JsonObject settings = JsonReports.toJson(options).getAsJsonObject();
        settings.remove("size");
        settings.remove("weights");
        settings.remove("save_every");
        settings.remove(options.optimizer() == OptimizerKind.LBFGS ? "learning_rate" : "lbfgs_history");
        settings.addProperty("backbone_used", backbone.name());
        settings.addProperty("backbone_sha256", backbone.weightsSha256());
        return settings;
    }

    @Override
    public boolean stylesAreImages() {
        return true;
    }

    @Override
    public int defaultSize() {
        return options.size();
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

    @Override
    public PairResult stylize(PairInput input, RgbImage style, PairContext context) {
        RgbImage content = input.content();
        GatysOptions pairOptions = options.toBuilder().optSize(Math.max(content.width(), content.height()))
                .optSaveEvery(0).build();
        StylizeListener listener = new StylizeListener() {
            @Override
            public void onIteration(IterationEvent event) {
                context.progress().accept(event.workFraction());
            }

            @Override
            public void onWarning(String message) {
                context.warnings().accept(message);
            }
        };
        GatysResult result = stylizer.stylize(content, style, pairOptions, listener, context.cancellation());
        Map<String, Path> inputs = new LinkedHashMap<>();
        inputs.put("content", input.contentFile());
        inputs.put("style", input.styleFile());
        JsonObject report = GatysReport.toJson(pairOptions, backbone, result, inputs, input.output());
        report.addProperty("command", "batch");
        return new PairResult(result.image(), report, result.cancelled());
    }

    @Override
    public void close() {
        // The backbone belongs to the caller.
    }
}
