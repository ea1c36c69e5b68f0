package dev.atelier.method.feedforward;

import ai.djl.ndarray.NDArray;
import dev.atelier.nn.Constants;
import ai.djl.ndarray.NDManager;
import dev.atelier.loss.ContentLoss;
import dev.atelier.loss.StyleLoss;
import dev.atelier.loss.TotalVariationLoss;
import dev.atelier.nn.ImageNetNormalization;
import dev.atelier.nn.Vgg;
import dev.atelier.training.TrainingTask;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Johnson et al.'s perceptual loss for training a transformation network on one style: the
 * content loss between the VGG features of the network's output and of its input photo, plus the
 * style loss between the output's normalised Gram matrices and the painting's, as pytorch/examples
 * {@code fast_neural_style} computes them (mean squared errors; Gram matrices divided by C·H·W).
 */
final class PerceptualTrainingTask implements TrainingTask {
    private final TransformerNetwork network;
    private final Vgg lossNetwork;
    private final String contentLayer;
    private final Map<String, NDArray> styleGrams;
    private final double contentWeight;
    private final double styleWeight;
    private final double tvWeight;
    private final NDManager targets;
    private final Set<String> layers = new LinkedHashSet<>();

    /**
     * @param styleGrams the painting's normalised Gram matrices (1, C, C) by layer; copied
     */
    PerceptualTrainingTask(TransformerNetwork network, Vgg lossNetwork, String contentLayer,
            Map<String, NDArray> styleGrams, double contentWeight, double styleWeight, double tvWeight) {
        this.network = network;
        this.lossNetwork = lossNetwork;
        this.contentLayer = contentLayer;
        this.contentWeight = contentWeight;
        this.styleWeight = styleWeight;
        this.tvWeight = tvWeight;
        this.targets = NDManager.newBaseManager();
        this.styleGrams = new LinkedHashMap<>();
        styleGrams.forEach((layer, gram) -> {
            NDArray copy = gram.duplicate();
            copy.attach(targets);
            this.styleGrams.put(layer, copy);
        });
        layers.add(contentLayer);
        layers.addAll(styleGrams.keySet());
        for (NDArray parameter : network.parameters().values()) {
            parameter.setRequiresGradient(true);
        }
    }

    @Override
    public Map<String, NDArray> parameters() {
        return network.parameters();
    }

    @Override
    public BatchLoss loss(NDArray batch, NDArray unusedStyle) {
        NDArray output = Constants.dividedBy(network.forward(Constants.times(batch, 255)), 255);
        NDArray outputNormalized = ImageNetNormalization.normalize(output);
        Map<String, NDArray> outputFeatures = lossNetwork.features(outputNormalized, layers);
        NDArray inputFeatures = lossNetwork.features(ImageNetNormalization.normalize(batch), List.of(contentLayer))
                .get(contentLayer);
        Map<String, NDArray> terms = new LinkedHashMap<>();
        terms.put("content", Constants.times(ContentLoss.between(outputFeatures.get(contentLayer), inputFeatures),
                contentWeight));
        List<NDArray> styleTerms = new ArrayList<>();
        styleGrams.forEach((layer, gram) -> styleTerms.add(
                StyleLoss.layerLoss(outputFeatures.get(layer), gram, StyleLoss.Scaling.NORMALIZED_GRAM)));
        NDArray style = styleTerms.get(0);
        for (int i = 1; i < styleTerms.size(); i++) {
            style = style.add(styleTerms.get(i));
        }
        terms.put("style", Constants.times(style, styleWeight));
        NDArray total = terms.get("content").add(terms.get("style"));
        if (tvWeight > 0) {
            terms.put("tv", Constants.times(TotalVariationLoss.of(outputNormalized), tvWeight));
            total = total.add(terms.get("tv"));
        }
        return new BatchLoss(total, terms);
    }

    @Override
    public void close() {
        targets.close();
    }
}
