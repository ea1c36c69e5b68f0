package dev.atelier.method.adain;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import dev.atelier.color.ColorPreservation;
import dev.atelier.color.ColorTransfer;
import dev.atelier.io.Resampler;
import dev.atelier.io.RgbImage;
import dev.atelier.method.MethodResult;
import dev.atelier.method.MethodSession;
import dev.atelier.method.RunContext;
import dev.atelier.method.StyleWeights;
import dev.atelier.models.ModelStore;
import dev.atelier.report.ModelUse;
import dev.atelier.tiling.OnePassTiling;
import dev.atelier.tiling.TileProgress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An encoder and decoder loaded for many photos: each painting is encoded once into its channel
 * statistics, which every photo then reuses. With colour preservation the painting is recoloured
 * per photo, so only the scaled painting is kept and its statistics are computed per photo.
 */
public final class AdainSession implements MethodSession<AdainSession.PreparedStyle> {
    private final AdainOptions options;
    private final AdainEncoder encoder;
    private final AdainDecoder decoder;
    private final Path decoderFile;
    private final AdainModels.LoadedDecoder decoderWeights;
    private final NDManager manager;
    private final AdainStylizer stylizer;

    /** A painting scaled for the encoder, with its statistics unless they depend on the photo. */
    public record PreparedStyle(RgbImage picture, AdainStylizer.StyleStatistics statistics) {}

    AdainSession(AdainOptions options, AdainEncoder encoder, AdainDecoder decoder, Path decoderFile,
            AdainModels.LoadedDecoder decoderWeights, NDManager manager) {
        this.options = options;
        this.encoder = encoder;
        this.decoder = decoder;
        this.decoderFile = decoderFile;
        this.decoderWeights = decoderWeights;
        this.manager = manager;
        this.stylizer = new AdainStylizer(encoder, decoder);
    }

    @Override
    public List<ModelUse> models() {
        Long seed = encoder.randomSeed().isPresent() ? encoder.randomSeed().getAsLong() : null;
        return List.of(new ModelUse("encoder", encoder.kind().displayName(),
                        seed == null ? encoder.description() : null, encoder.weightsSha256(), seed),
                new ModelUse("decoder", ModelStore.isKnown(options.decoder()) ? options.decoder()
                        : decoderFile.getFileName().toString(), decoderFile.toString(), decoderWeights.sha256(), null));
    }

    @Override
    public JsonObject resolvedSettings() {
        JsonObject resolved = new JsonObject();
        resolved.addProperty("encoder_used", encoder.kind().displayName());
        return resolved;
    }

    @Override
    public PreparedStyle preparePainting(RgbImage painting) {
        RgbImage picture = painting;
        int side = options.styleSideFor(options.size());
        if (side > 0 && Math.max(picture.width(), picture.height()) != side) {
            picture = Resampler.fitLongestSide(picture, side);
        }
        // Recoloured paintings depend on the photo: their statistics are computed per photo.
        return new PreparedStyle(picture, options.preserveColor() == ColorPreservation.HISTOGRAM ? null
                : stylizer.statistics(picture));
    }

    @Override
    public Optional<RgbImage> picture(PreparedStyle style) {
        return Optional.of(style.picture());
    }

    @Override
    public MethodResult stylize(RgbImage content, List<PreparedStyle> styles, List<RgbImage> masks,
            RunContext context) {
        List<AdainStylizer.StyleStatistics> statistics = new ArrayList<>();
        List<RgbImage> used = new ArrayList<>();
        for (PreparedStyle style : styles) {
            if (style.statistics() != null) {
                statistics.add(style.statistics());
                used.add(style.picture());
            } else {
                RgbImage recoloured = ColorTransfer.matchColors(style.picture(), content);
                statistics.add(stylizer.statistics(recoloured));
                used.add(recoloured);
            }
        }
        OnePassTiling.Outcome outcome;
        if (!masks.isEmpty()) {
            // Regions take statistics across the picture: they run whole (or are refused, when too large).
            outcome = new OnePassTiling.Outcome(stylizer.stylizeRegions(content, statistics, masks, options.alpha()),
                    context.cancellation().isRequested());
        } else {
            outcome = stylizer.stylize(content, statistics, options.styleWeights(), options.alpha(),
                    AdainStylizer.plan(content.width(), content.height()), context.cancellation(),
                    TileProgress.reporting(context.listener(), context.item()));
        }
        RgbImage image = outcome.cancelled() && outcome.image() == content ? content
                : AdainStylizer.keepColors(outcome.image(), content, options);
        JsonObject details = new JsonObject();
        details.add("normalized_style_weights", StyleWeights.json(options.styleWeights(), styles.size()));
        return new MethodResult(image, outcome.cancelled(), List.of(), details, used, List.of());
    }

    @Override
    public void close() {
        try {
            decoder.close();
            encoder.close();
        } finally {
            manager.close();
        }
    }
}
