package dev.atelier.method.feedforward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.atelier.io.RgbImage;
import dev.atelier.loss.GramMatrix;
import dev.atelier.loss.StyleLoss;
import dev.atelier.nn.Backbone;
import dev.atelier.nn.ImageNetNormalization;
import dev.atelier.nn.ImageTensors;
import dev.atelier.nn.Pooling;
import dev.atelier.nn.Vgg;
import dev.atelier.nn.VggArchitecture;
import dev.atelier.optim.Scalars;
import dev.atelier.weights.StateDict;
import java.util.List;
import java.util.Map;

/**
 * Johnson et al.'s style distance between two images, computed by the core's loss code: the sum
 * over relu1_2, relu2_2, relu3_3 and relu4_3 of the mean squared difference of normalised Gram
 * matrices, in a seeded random VGG-16 (no download in tests).
 */
final class StyleDistance implements AutoCloseable {
    static final List<String> LAYERS = List.of("relu1_2", "relu2_2", "relu3_3", "relu4_3");

    private final NDManager manager = NDManager.newBaseManager();
    private final Backbone backbone;

    StyleDistance(long seed) {
        backbone = randomVgg16(seed, manager);
    }

    /** A seeded random VGG-16 up to relu4_3, as a loss network. */
    static Backbone randomVgg16(long seed, NDManager manager) {
        StateDict weights = Vgg.randomStateDict(VggArchitecture.VGG16, seed, "conv4_3");
        return new Backbone(Vgg.fromStateDict(VggArchitecture.VGG16, weights, "conv4_3", Pooling.MAX, manager,
                DataType.FLOAT32), "random-vgg16", "generated, seed " + seed, Vgg.contentHash(weights));
    }

    Backbone backbone() {
        return backbone;
    }

    double between(RgbImage image, RgbImage style) {
        try (NDManager scope = manager.newSubManager()) {
            Map<String, NDArray> imageFeatures = features(scope, image);
            Map<String, NDArray> styleFeatures = features(scope, style);
            double total = 0;
            for (Map.Entry<String, NDArray> entry : imageFeatures.entrySet()) {
                NDArray target = GramMatrix.normalized(styleFeatures.get(entry.getKey()));
                total += Scalars.toDouble(StyleLoss.layerLoss(entry.getValue(), target,
                        StyleLoss.Scaling.NORMALIZED_GRAM));
            }
            return total;
        }
    }

    private Map<String, NDArray> features(NDManager scope, RgbImage image) {
        return backbone.network().features(ImageNetNormalization.normalize(ImageTensors.toTensor(scope, image)),
                LAYERS);
    }

    @Override
    public void close() {
        backbone.close();
        manager.close();
    }
}
