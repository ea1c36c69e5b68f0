package dev.atelier.method.adain;

import dev.atelier.device.RunDevice;
import ai.djl.ndarray.NDManager;
import dev.atelier.InvalidOptionException;
import dev.atelier.method.MethodContext;
import dev.atelier.method.StyleKind;
import dev.atelier.method.StyleMethod;
import dev.atelier.method.StyleWeights;
import dev.atelier.models.ModelCatalog;
import dev.atelier.models.ModelReference;
import dev.atelier.nn.EmbeddedVgg;
import dev.atelier.options.OptionSchema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Arbitrary style transfer with adaptive instance normalisation (Huang and Belongie, "Arbitrary Style
 * Transfer in Real-time with Adaptive Instance Normalization", ICCV 2017) for the entry point. The
 * encoder is always the one the decoder was trained with unless the options name another of the
 * same kind, so every front end pairs them alike.
 */
public final class AdainMethod implements StyleMethod<AdainOptions, AdainSession.PreparedStyle> {
    /** The encoder name that asks for a seeded random VGG-19 (for decoders trained on one). */
    static final String RANDOM_ENCODER = "random-vgg19";

    @Override
    public String name() {
        return "adain";
    }

    @Override
    public String title() {
        return "Any painting in one pass (AdaIN)";
    }

    /** Blends of several paintings, by weight or by mask (sec. 7.3 of the paper). */
    @Override
    public int maximumStyles() {
        return 8;
    }

    @Override
    public String description() {
        return "any painting in one pass by adaptive instance normalisation (Huang and Belongie 2017)";
    }

    @Override
    public OptionSchema<?, AdainOptions> options() {
        return AdainOptions.SCHEMA;
    }

    @Override
    public StyleKind styleKind() {
        return StyleKind.PAINTINGS;
    }

    @Override
    public void checkStyles(AdainOptions options, int styles, int masks) {
        StyleWeights.checkFit(options.styleWeights(), styles, masks);
    }

    @Override
    public Optional<String> contentSizeProblem(AdainOptions options, int width, int height) {
        return sizeProblem(width, height);
    }

    @Override
    public Optional<String> styleSizeProblem(AdainOptions options, int width, int height) {
        int side = options.styleSideFor(options.size());
        if (side == 0) {
            return sizeProblem(width, height);
        }
        double scale = (double) side / Math.max(width, height);
        return sizeProblem((int) Math.round(width * scale), (int) Math.round(height * scale))
                .map(problem -> "scaled to " + side + " px, " + problem);
    }

    private static Optional<String> sizeProblem(int width, int height) {
        if (Math.min(width, height) < AdainStylizer.MINIMUM_SIDE) {
            return Optional.of("AdaIN needs at least " + AdainStylizer.MINIMUM_SIDE + " pixels on each side");
        }
        return Optional.empty();
    }

    @Override
    public AdainSession open(AdainOptions options, MethodContext context) {
        // The decoder and an encoder the options name are fetched together, so that a failed download
        // names every file still missing, each with its option.
        List<ModelReference> references = new ArrayList<>();
        references.add(new ModelReference(options.decoder(), "decoder"));
        boolean encoderFile = options.encoder() != null && !isRandom(options.encoder())
                && !AdainModels.isEmbedded(options.encoder());
        if (encoderFile) {
            references.add(new ModelReference(options.encoder(), "encoder"));
        }
        List<Path> files = context.models().resolveAll(references, context.listener());
        Path decoderFile = files.get(0);
        AdainModels.LoadedDecoder decoder = AdainModels.readDecoder(decoderFile);
        NDManager manager = RunDevice.newManager();
        try {
            AdainEncoder encoder = encoderFile ? AdainModels.loadEncoder(files.get(1), manager)
                    : encoder(options, decoder, context, manager);
            AdainModels.requireCompatible(decoderFile, decoder, encoder);
            AdainModels.weightsMismatch(decoder, encoder).ifPresent(context::warn);
            AdainDecoder network = AdainDecoder.fromStateDict(decoder.weights(), manager);
            return new AdainSession(options, encoder, network, decoderFile, decoder, manager);
        } catch (RuntimeException | Error failure) {
            manager.close();
            throw failure;
        }
    }

    /**
     * The encoder the options name when it is no file or known model (random or embedded), else the
     * one the decoder was trained with. For the release's own encoder (a decoder of the normalised
     * VGG-19 that records no other weights) that is the full-precision release when it is cached,
     * else the copy that comes with Atelier: the same network after an 8-bit round trip of its
     * kernels, with which a newcomer's AdaIN needs only the decoder.
     */
    private static AdainEncoder encoder(AdainOptions options, AdainModels.LoadedDecoder decoder, MethodContext context,
            NDManager manager) {
        String name = options.encoder();
        if (name == null) {
            if (decoder.encoderRandomSeed().isPresent()) {
                return TorchvisionVggEncoder.random(decoder.encoderRandomSeed().getAsLong(), manager);
            }
            if (decoder.encoder() == AdainModels.EncoderKind.TORCHVISION_VGG19) {
                name = "vgg19";
            } else {
                boolean releaseCached = context.models().cached(ModelCatalog.ADAIN_ENCODER).isPresent();
                boolean trainedOnOther = decoder.encoderSha256()
                        .filter(sha256 -> !sha256.equals(EmbeddedVgg.SHA256)).isPresent();
                name = releaseCached || trainedOnOther ? ModelCatalog.ADAIN_ENCODER.name() : EmbeddedVgg.NAME;
            }
        }
        if (isRandom(name)) {
            if (decoder.encoderRandomSeed().isEmpty()) {
                throw new InvalidOptionException("encoder", "this decoder was not trained on a random VGG-19; it "
                        + "needs " + decoder.encoder().displayName());
            }
            return TorchvisionVggEncoder.random(decoder.encoderRandomSeed().getAsLong(), manager);
        }
        if (AdainModels.isEmbedded(name)) {
            return NormalisedVggEncoder.embedded(manager);
        }
        return AdainModels.loadEncoder(context.models().resolve(name, "encoder", context.listener()), manager);
    }

    private static boolean isRandom(String name) {
        return name.trim().toLowerCase(Locale.ROOT).equals(RANDOM_ENCODER);
    }
}
