package dev.atelier.method.magenta;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import dev.atelier.color.ColorPreservation;
import dev.atelier.io.RgbImage;
import dev.atelier.method.MethodResult;
import dev.atelier.method.MethodSession;
import dev.atelier.method.RunContext;
import dev.atelier.method.StyleWeights;
import dev.atelier.models.ModelStore;
import dev.atelier.report.ModelUse;
import dev.atelier.tiling.OnePassTiling;
import dev.atelier.tiling.TileProgress;
import dev.atelier.weights.WeightsFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The two networks loaded for many photos. A painting is prepared once into its embedding (the
 * predictor's 100 numbers), so a batch predicts each painting's style only once; the picture is kept
 * small (the square the predictor read) for contact sheets and side-by-side pictures.
 */
public final class MagentaSession implements MethodSession<MagentaSession.PreparedStyle> {
    private final MagentaOptions options;
    private final MagentaStylizer stylizer;
    private final Path predictorFile;
    private final Path transformerFile;
    private final NDManager manager;
    private final List<ModelUse> models;

    /**
     * A painting's embedding ({@code null} when it depends on the photo: colour preservation by
     * histogram), and the square of it the predictor read.
     */
    public record PreparedStyle(StyleEmbedding embedding, RgbImage picture) {}

    MagentaSession(MagentaOptions options, MagentaStylizer stylizer, Path predictorFile, Path transformerFile,
            NDManager manager) {
        this.options = options;
        this.stylizer = stylizer;
        this.predictorFile = predictorFile;
        this.transformerFile = transformerFile;
        this.manager = manager;
        // Hashed now, while loading: a report written after a stop must not have to read the files again.
        this.models = List.of(use("predictor", options.predictor(), predictorFile),
                use("transformer", options.transformer(), transformerFile));
    }

    @Override
    public List<ModelUse> models() {
        return models;
    }

    private static ModelUse use(String role, String reference, Path file) {
        return new ModelUse(role, ModelStore.isKnown(reference) ? reference : file.getFileName().toString(),
                file.toString(), WeightsFiles.sha256(file), null);
    }

    @Override
    public JsonObject resolvedSettings() {
        return new JsonObject();
    }

    @Override
    public PreparedStyle preparePainting(RgbImage painting) {
        RgbImage square = MagentaStylizer.prepareStyle(painting, options.styleSize());
        // A painting recoloured to each photo is predicted per photo instead.
        return new PreparedStyle(options.preserveColor() == ColorPreservation.HISTOGRAM ? null
                : stylizer.embed(painting, options), square);
    }

    @Override
    public Optional<RgbImage> picture(PreparedStyle style) {
        return Optional.of(style.picture());
    }

    @Override
    public MethodResult stylize(RgbImage content, List<PreparedStyle> styles, List<RgbImage> masks,
            RunContext context) {
        List<StyleEmbedding> embeddings = new ArrayList<>();
        List<RgbImage> pictures = new ArrayList<>();
        for (PreparedStyle style : styles) {
            if (style.embedding() != null) {
                embeddings.add(style.embedding());
                pictures.add(style.picture());
            } else {
                RgbImage recoloured = MagentaStylizer.recoloured(style.picture(), content, options);
                embeddings.add(stylizer.embed(recoloured, options));
                pictures.add(recoloured);
            }
        }
        // The photo arrives at the options' size already.
        OnePassTiling.Outcome outcome = stylizer.stylize(content, embeddings, masks,
                options.toBuilder().optSize(0).build(), context.cancellation(),
                TileProgress.reporting(context.listener(), context.item()));
        JsonObject details = new JsonObject();
        details.add("normalized_style_weights", StyleWeights.json(options.styleWeights(), styles.size()));
        return new MethodResult(outcome.image(), outcome.cancelled(), List.of(), details, pictures, List.of());
    }

    @Override
    public void close() {
        manager.close();
    }
}
