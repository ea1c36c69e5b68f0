package dev.atelier.method.feedforward;

import dev.atelier.BadInputException;
import dev.atelier.nn.BackboneChoice;
import dev.atelier.nn.TransformerLayout;
import dev.atelier.training.TrainingOptions;
import java.nio.file.Path;
import java.util.List;

/**
 * Settings for training a feed-forward network on one style. Defaults are pytorch/examples
 * {@code fast_neural_style}'s (content 1e5 at relu2_2, style 1e10 at relu1_2, relu2_2, relu3_3,
 * relu4_3 of VGG-16, Adam 1e-3, batch 4, 256 px), written here once.
 *
 * @param styleSize longest side the painting is resized to for its Gram matrices; 0 keeps its size
 * @param backbone the loss network (VGG-16 in the paper)
 * @param weights a local file for the loss network's weights, or {@code null}
 * @param layout which transformer layout to train
 */
public record FeedForwardTrainingOptions(int styleSize, double contentWeight, double styleWeight, double tvWeight,
        String contentLayer, List<String> styleLayers, BackboneChoice backbone, Path weights,
        TransformerLayout layout, TrainingOptions training) {

    public FeedForwardTrainingOptions {
        styleLayers = List.copyOf(styleLayers);
        require(styleSize >= 0 && styleSize <= 8192, "style size must be between 0 (as is) and 8192, got "
                + styleSize);
        require(contentWeight >= 0 && Double.isFinite(contentWeight), "content weight must be >= 0");
        require(styleWeight >= 0 && Double.isFinite(styleWeight), "style weight must be >= 0");
        require(tvWeight >= 0 && Double.isFinite(tvWeight), "tv weight must be >= 0");
        require(!styleLayers.isEmpty(), "at least one style layer is needed");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new BadInputException(message);
        }
    }

    /** The documents' defaults: a COCO-scale run (40,000 steps of 4 images is two epochs of COCO). */
    public static FeedForwardTrainingOptions defaults() {
        return new FeedForwardTrainingOptions(0, 1e5, 1e10, 0, "relu2_2",
                List.of("relu1_2", "relu2_2", "relu3_3", "relu4_3"), BackboneChoice.VGG16, null,
                TransformerLayout.PYTORCH_EXAMPLES, defaultTraining());
    }

    public static TrainingOptions defaultTraining() {
        return new TrainingOptions(40_000, 4, 256, 256, 1e-3, 0, 0.02, 64, 500, 5, 500, true, 42);
    }
}
