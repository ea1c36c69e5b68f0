package dev.atelier.weights.download;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A pretrained weights file Atelier knows how to fetch: its id, the sources to try in order, and
 * roughly how big it is (so progress can be shown even when a server does not say).
 *
 * @param id short stable name, e.g. {@code vgg19}; also names the lock file in the cache
 * @param sources tried first to last; later ones are mirrors, possibly in another file format
 * @param approximateBytes an estimate of the size, or 0 when unknown
 */
public record KnownWeights(String id, List<Source> sources, long approximateBytes) {
    // Declared before the constants below, whose construction uses it.
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    /**
     * VGG-19 trained on ImageNet (torchvision weights), used by Gatys-style optimisation. The
     * Hugging Face copy is safetensors with a full digest; torchvision's own URL is a pickle
     * checkpoint verified only by the 8-digit prefix in its name.
     */
    public static final KnownWeights VGG19 = new KnownWeights("vgg19", List.of(
            Source.of("https://huggingface.co/timm/vgg19.tv_in1k/resolve/main/model.safetensors",
                    "vgg19.tv_in1k.safetensors", "11aea017b543ff59233749d8f1cf544cda749378f5790d2fedab841fb86b7669"),
            Source.of("https://download.pytorch.org/models/vgg19-dcbb9e9d.pth",
                    "vgg19-dcbb9e9d.pth", "dcbb9e9d")),
            574_700_000L);

    /** VGG-16 trained on ImageNet (torchvision weights); same two mirrors as {@link #VGG19}. */
    public static final KnownWeights VGG16 = new KnownWeights("vgg16", List.of(
            Source.of("https://huggingface.co/timm/vgg16.tv_in1k/resolve/main/model.safetensors",
                    "vgg16.tv_in1k.safetensors", "57b026918159a6bf9faf8405c3a551903768e7138989d9c6224a14227203fad8"),
            Source.of("https://download.pytorch.org/models/vgg16-397923af.pth",
                    "vgg16-397923af.pth", "397923af")),
            553_400_000L);

    /** The normalised VGG encoder from the AdaIN paper's reference implementation. */
    public static final KnownWeights ADAIN_ENCODER = new KnownWeights("adain-encoder", List.of(
            Source.of("https://github.com/naoto0804/pytorch-AdaIN/releases/download/v0.0.0/vgg_normalised.pth",
                    "adain-vgg_normalised.pth", "804ca2835ecf7539f0cd2a7ac3c18ce81e6f8468969ae7117ac0c148d286bb4a")),
            80_100_000L);

    /** The trained AdaIN decoder from the paper's reference implementation. */
    public static final KnownWeights ADAIN_DECODER = new KnownWeights("adain-decoder", List.of(
            Source.of("https://github.com/naoto0804/pytorch-AdaIN/releases/download/v0.0.0/decoder.pth",
                    "adain-decoder.pth", "379ca41d59f3a37eed3599bbbc2560c19da5c458870a5ffd3a9dd41aa88f9472")),
            14_000_000L);

    public KnownWeights {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("weights id must be lower-case letters, digits, '.', '_' or '-': '"
                    + id + "'");
        }
        sources = List.copyOf(sources);
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("weights '" + id + "' need at least one source");
        }
        if (sources.stream().map(Source::fileName).distinct().count() != sources.size()) {
            throw new IllegalArgumentException("sources of weights '" + id + "' must use different file names");
        }
        if (approximateBytes < 0) {
            throw new IllegalArgumentException("approximate size cannot be negative: " + approximateBytes);
        }
    }

    /** Every artifact Atelier can download, for listings and lookups by id. */
    public static List<KnownWeights> all() {
        return List.of(VGG19, VGG16, ADAIN_ENCODER, ADAIN_DECODER);
    }

    public static Optional<KnownWeights> byId(String id) {
        return all().stream().filter(weights -> weights.id().equals(id)).findFirst();
    }
}
