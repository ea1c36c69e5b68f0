package dev.atelier.method.adain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.atelier.nn.Backbone;
import dev.atelier.nn.ImageNetNormalization;
import dev.atelier.nn.Pooling;
import dev.atelier.nn.Vgg;
import dev.atelier.nn.VggArchitecture;
import dev.atelier.weights.StateDict;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * AdaIN's encoder made of torchvision's ImageNet VGG-19 (zero padding, ImageNet normalisation):
 * the same network the optimisation method uses, so a decoder Atelier trains on it needs no
 * separate encoder download.
 */
public final class TorchvisionVggEncoder implements AdainEncoder {
    /** The deepest convolution the encoder needs; deeper layers are never loaded. */
    static final String DEEPEST_CONVOLUTION = "conv4_1";

    private final Backbone backbone;
    private final OptionalLong randomSeed;

    /** @param backbone a VGG-19 loaded at least up to conv4_1; owned from now on */
    public TorchvisionVggEncoder(Backbone backbone) {
        this(backbone, OptionalLong.empty());
    }

    private TorchvisionVggEncoder(Backbone backbone, OptionalLong randomSeed) {
        if (backbone.network().architecture() != VggArchitecture.VGG19) {
            throw new IllegalArgumentException("AdaIN's encoder is VGG-19, got " + backbone.name());
        }
        this.backbone = backbone;
        this.randomSeed = randomSeed;
    }

    /** Seeded random VGG-19 weights: for trials without a download; a decoder trained on them records the seed. */
    public static TorchvisionVggEncoder random(long seed, NDManager manager) {
        StateDict weights = Vgg.randomStateDict(VggArchitecture.VGG19, seed, DEEPEST_CONVOLUTION);
        Vgg network = Vgg.fromStateDict(VggArchitecture.VGG19, weights, DEEPEST_CONVOLUTION, Pooling.MAX, manager,
                DataType.FLOAT32);
        return new TorchvisionVggEncoder(new Backbone(network, "random-vgg19", "generated, seed " + seed,
                Vgg.contentHash(weights)), OptionalLong.of(seed));
    }

    @Override
    public Map<String, NDArray> features(NDArray rgb) {
        Map<String, NDArray> byConvolution = backbone.network().features(ImageNetNormalization.normalize(rgb),
                LAYERS);
        Map<String, NDArray> features = new LinkedHashMap<>();
        for (String layer : LAYERS) {
            features.put(layer, byConvolution.get(backbone.network().architecture().canonicalName(layer)));
        }
        return features;
    }

    @Override
    public NDArray encode(NDArray rgb) {
        return backbone.network().features(ImageNetNormalization.normalize(rgb), List.of("relu4_1"))
                .get(DEEPEST_CONVOLUTION);
    }

    @Override
    public AdainModels.EncoderKind kind() {
        return AdainModels.EncoderKind.TORCHVISION_VGG19;
    }

    @Override
    public String description() {
        return backbone.name() + " (" + backbone.weightsSource() + ")";
    }

    @Override
    public String weightsSha256() {
        return backbone.weightsSha256();
    }

    @Override
    public OptionalLong randomSeed() {
        return randomSeed;
    }

    @Override
    public void close() {
        backbone.close();
    }
}
