package dev.atelier.method.adain;

import ai.djl.ndarray.NDArray;
import dev.atelier.nn.Backbone;
import dev.atelier.nn.ImageNetNormalization;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdaIN's encoder made of torchvision's ImageNet VGG-19 (zero padding, ImageNet normalisation):
 * the same network the optimisation method uses, so a decoder Atelier trains on it needs no
 * separate encoder download.
 */
public final class TorchvisionVggEncoder implements AdainEncoder {
    private final Backbone backbone;

    /** @param backbone a VGG-19 loaded at least up to conv4_1; owned from now on */
    public TorchvisionVggEncoder(Backbone backbone) {
        this.backbone = backbone;
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
        return backbone.network().features(ImageNetNormalization.normalize(rgb), java.util.List.of("relu4_1"))
                .get("conv4_1");
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
    public void close() {
        backbone.close();
    }
}
