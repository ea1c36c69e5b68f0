package dev.atelier.pipeline;

import com.google.gson.JsonObject;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.Resampler;
import dev.atelier.io.RgbImage;
import dev.atelier.method.adain.AdainStylizer;
import dev.atelier.color.ColorTransfer;
import dev.atelier.report.JsonReports;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * AdaIN (Huang and Belongie) for a batch: each painting is encoded once into its channel statistics,
 * which every photo then reuses. With colour preservation the painting is recoloured per photo, so
 * only the scaled painting is kept and the statistics are computed per pair.
 */
public final class AdainPairs implements PairMethod<AdainPairs.PreparedStyle> {
    private final AdainStylizer stylizer;
    private final Settings settings;

    /**
     * AdaIN's settings.
     *
     * @param alpha 0 reproduces the photo through the decoder, 1 applies the full style
     * @param preserveColor keep the photo's colours (the painting is recoloured to them first)
     * @param styleSize longest side paintings are scaled to; 0 keeps their own size
     * @param size the default size of photos
     * @param encoder what the encoder is, for reports
     * @param encoderSha256 SHA-256 of the encoder weights
     * @param decoder where the decoder came from
     * @param decoderSha256 SHA-256 of the decoder weights
     */
    public record Settings(double alpha, boolean preserveColor, int styleSize, int size, String encoder,
            String encoderSha256, String decoder, String decoderSha256) {}

    /** A painting scaled for the encoder, with its statistics unless they depend on the photo. */
    public record PreparedStyle(RgbImage picture, AdainStylizer.StyleStatistics statistics) {}

    /** @param stylizer built on the loaded encoder and decoder, which stay the caller's to close */
    public AdainPairs(AdainStylizer stylizer, Settings settings) {
        this.stylizer = stylizer;
        this.settings = settings;
    }

    @Override
    public String name() {
        return "adain";
    }

    @Override
    public JsonObject settings() {
        JsonObject json = new JsonObject();
        json.addProperty("alpha", settings.alpha());
        json.addProperty("preserve_color", settings.preserveColor());
        json.addProperty("style_size", settings.styleSize());
        json.addProperty("encoder_sha256", settings.encoderSha256());
        json.addProperty("decoder_sha256", settings.decoderSha256());
        return json;
    }

    @Override
    public boolean stylesAreImages() {
        return true;
    }

    @Override
    public int defaultSize() {
        return settings.size();
    }

    @Override
    public PreparedStyle prepareStyle(Path file, ImageLoader loader) {
        RgbImage picture = loader.read(file);
        if (settings.styleSize() > 0) {
            picture = Resampler.fitLongestSide(picture, settings.styleSize());
        }
        return new PreparedStyle(picture, settings.preserveColor() ? null : stylizer.statistics(picture));
    }

    @Override
    public Optional<RgbImage> picture(PreparedStyle style) {
        return Optional.of(style.picture());
    }

    @Override
    public PairResult stylize(PairInput input, PreparedStyle style, PairContext context) {
        AdainStylizer.StyleStatistics statistics = style.statistics() != null ? style.statistics()
                : stylizer.statistics(ColorTransfer.matchColors(style.picture(), input.content()));
        RgbImage image = stylizer.stylize(input.content(), List.of(statistics), List.of(1.0), settings.alpha());
        return PairResult.of(image, report(input, image));
    }

    private JsonObject report(PairInput input, RgbImage result) {
        JsonObject report = JsonReports.newReport("batch", "adain");
        JsonObject files = new JsonObject();
        files.addProperty("content", input.contentFile().toString());
        files.addProperty("style", input.styleFile().toString());
        files.addProperty("output", input.output().toString());
        report.add("files", files);
        report.add("settings", settings());
        JsonObject networks = new JsonObject();
        networks.addProperty("encoder", settings.encoder());
        networks.addProperty("encoder_sha256", settings.encoderSha256());
        networks.addProperty("decoder", settings.decoder());
        networks.addProperty("decoder_sha256", settings.decoderSha256());
        report.add("networks", networks);
        JsonObject outcome = new JsonObject();
        outcome.addProperty("width", result.width());
        outcome.addProperty("height", result.height());
        report.add("result", outcome);
        return report;
    }

    @Override
    public void close() {
        // The encoder and decoder belong to the caller.
    }
}
