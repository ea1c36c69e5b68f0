package dev.atelier.method.adain;

import ai.djl.ndarray.NDArray;
import dev.atelier.nn.Constants;
import dev.atelier.training.TrainingTask;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdaIN's decoder training loss (Huang and Belongie 2017, eq. 11-13): the content loss is the
 * distance between the re-encoded output's relu4_1 features and the AdaIN target itself; the style
 * loss matches channel means and standard deviations of the output and the painting at relu1_1 …
 * relu4_1. Distances are mean squared errors, as the reference code computes them.
 */
final class AdainTrainingTask implements TrainingTask {
    private final AdainEncoder encoder;
    private final AdainDecoder decoder;
    private final double contentWeight;
    private final double styleWeight;

    AdainTrainingTask(AdainEncoder encoder, AdainDecoder decoder, double contentWeight, double styleWeight) {
        this.encoder = encoder;
        this.decoder = decoder;
        this.contentWeight = contentWeight;
        this.styleWeight = styleWeight;
        for (NDArray parameter : decoder.parameters().values()) {
            parameter.setRequiresGradient(true);
        }
    }

    @Override
    public Map<String, NDArray> parameters() {
        return decoder.parameters();
    }

    @Override
    public BatchLoss loss(NDArray content, NDArray style) {
        if (style == null) {
            throw new IllegalArgumentException("AdaIN training needs a batch of style images");
        }
        Map<String, NDArray> styleFeatures = encoder.features(style);
        NDArray contentFeatures = encoder.encode(content);
        NDArray target = AdaptiveInstanceNorm.apply(contentFeatures, styleFeatures.get("relu4_1"));
        NDArray output = decoder.decode(target);
        Map<String, NDArray> outputFeatures = encoder.features(output);
        NDArray contentLoss = outputFeatures.get("relu4_1").sub(target).square().mean();
        NDArray styleLoss = null;
        for (String layer : AdainEncoder.LAYERS) {
            NDArray produced = outputFeatures.get(layer);
            NDArray wanted = styleFeatures.get(layer);
            NDArray layerLoss = AdaptiveInstanceNorm.mean(produced).sub(AdaptiveInstanceNorm.mean(wanted)).square()
                    .mean().add(AdaptiveInstanceNorm.standardDeviation(produced)
                            .sub(AdaptiveInstanceNorm.standardDeviation(wanted)).square().mean());
            styleLoss = styleLoss == null ? layerLoss : styleLoss.add(layerLoss);
        }
        Map<String, NDArray> terms = new LinkedHashMap<>();
        terms.put("content", Constants.times(contentLoss, contentWeight));
        terms.put("style", Constants.times(styleLoss, styleWeight));
        return new BatchLoss(terms.get("content").add(terms.get("style")), terms);
    }

    @Override
    public void close() {
        // The encoder and decoder belong to the trainer.
    }
}
