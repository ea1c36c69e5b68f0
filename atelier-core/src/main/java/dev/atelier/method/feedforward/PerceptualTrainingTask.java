package dev.atelier.method.feedforward;

import dev.atelier.device.RunDevice;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.atelier.loss.ContentLoss;
import dev.atelier.loss.StyleLoss;
import dev.atelier.loss.TotalVariationLoss;
import dev.atelier.nn.Constants;
import dev.atelier.nn.ImageNetNormalization;
import dev.atelier.nn.Vgg;
import dev.atelier.training.TrainingTask;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Johnson et al.'s perceptual loss for training a transformation network: the content loss between
 * the VGG features of the network's output and of its input photo, plus the style loss between the
 * output's normalised Gram matrices and the painting's, as pytorch/examples {@code
 * fast_neural_style} computes them (mean squared errors; Gram matrices divided by C·H·W).
 *
 * <p>A network of several paintings (Dumoulin et al. 2017) is trained with the same losses, each
 * photo of a batch repainted in one painting and compared with that painting's Gram matrices. The
 * paintings take turns, photo by photo and step by step, so each gets the same share (the paper
 * draws them at random); validation averages the loss over every trained painting.
 */
final class PerceptualTrainingTask implements TrainingTask {
    private final TransformerNetwork network;
    private final Vgg lossNetwork;
    private final String contentLayer;
    private final double contentWeight;
    private final double styleWeight;
    private final double tvWeight;
    private final NDManager targets;
    private final Set<String> layers = new LinkedHashSet<>();
    /** The one painting's Gram matrices (1, C, C) by layer, for a network of one. */
    private final Map<String, NDArray> styleGrams = new LinkedHashMap<>();
    /** Every trained painting's Gram matrices as rows (P, C·C) by layer, for a network of several. */
    private final Map<String, NDArray> gramRows = new LinkedHashMap<>();
    private final int[] trained;
    private final Map<String, NDArray> parameters;
    private long step;

    /**
     * A network of one painting, all of it trained.
     *
     * @param styleGrams the painting's normalised Gram matrices (1, C, C) by layer; copied
     */
    PerceptualTrainingTask(TransformerNetwork network, Vgg lossNetwork, String contentLayer,
            Map<String, NDArray> styleGrams, double contentWeight, double styleWeight, double tvWeight) {
        this(network, lossNetwork, contentLayer, List.of(styleGrams), new int[] {0}, network.parameters().keySet(),
                contentWeight, styleWeight, tvWeight);
    }

    /**
     * @param styleGrams the trained paintings' normalised Gram matrices (1, C, C) by layer, in the
     *     order of {@code trained}; copied
     * @param trained the network's painting indices these are (all of them, or the new ones when
     *     paintings are added to a trained network)
     * @param trainable the parameters to train (others stay as they are)
     */
    PerceptualTrainingTask(TransformerNetwork network, Vgg lossNetwork, String contentLayer,
            List<Map<String, NDArray>> styleGrams, int[] trained, Set<String> trainable, double contentWeight,
            double styleWeight, double tvWeight) {
        if (styleGrams.size() != trained.length || styleGrams.isEmpty()) {
            throw new IllegalArgumentException(styleGrams.size() + " paintings' targets for " + trained.length
                    + " trained paintings");
        }
        this.network = network;
        this.lossNetwork = lossNetwork;
        this.contentLayer = contentLayer;
        this.contentWeight = contentWeight;
        this.styleWeight = styleWeight;
        this.tvWeight = tvWeight;
        this.trained = trained.clone();
        this.targets = RunDevice.newManager();
        if (network.styles() == 1) {
            styleGrams.get(0).forEach((layer, gram) -> {
                NDArray copy = gram.duplicate();
                copy.attach(targets);
                this.styleGrams.put(layer, copy);
            });
        } else {
            // Row p of the (S, C·C) matrix is painting p's Gram matrix; paintings not trained here stay zero
            // rows that no photo is assigned to.
            for (String layer : styleGrams.get(0).keySet()) {
                NDArray first = styleGrams.get(0).get(layer);
                long channels = first.getShape().get(1);
                NDList rows = new NDList();
                for (int painting = 0; painting < network.styles(); painting++) {
                    int position = indexOf(this.trained, painting);
                    NDArray row = position < 0 ? first.zerosLike().reshape(1, channels * channels)
                            : styleGrams.get(position).get(layer).reshape(1, channels * channels);
                    rows.add(row);
                }
                NDArray matrix = NDArrays.concat(rows, 0);
                matrix.attach(targets);
                gramRows.put(layer, matrix);
            }
        }
        layers.add(contentLayer);
        layers.addAll(styleGrams.get(0).keySet());
        Map<String, NDArray> selected = new LinkedHashMap<>();
        network.parameters().forEach((name, parameter) -> {
            if (trainable.contains(name)) {
                parameter.setRequiresGradient(true);
                selected.put(name, parameter);
            }
        });
        this.parameters = Collections.unmodifiableMap(selected);
    }

    private static int indexOf(int[] values, int value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Map<String, NDArray> parameters() {
        return parameters;
    }

    @Override
    public void startStep(long value) {
        step = value;
    }

    @Override
    public BatchLoss loss(NDArray batch, NDArray unusedStyle) {
        if (network.styles() == 1) {
            return loss(batch, null, styleGrams);
        }
        int images = (int) batch.getShape().get(0);
        int[] paintings = new int[images];
        for (int i = 0; i < images; i++) {
            paintings[i] = trained[(int) Math.floorMod(step * images + i, (long) trained.length)];
        }
        return lossFor(batch, paintings);
    }

    @Override
    public BatchLoss validationLoss(NDArray batch, NDArray unusedStyle) {
        if (network.styles() == 1) {
            return loss(batch, null, styleGrams);
        }
        int images = (int) batch.getShape().get(0);
        NDArray total = null;
        Map<String, NDArray> terms = new LinkedHashMap<>();
        for (int painting : trained) {
            int[] paintings = new int[images];
            java.util.Arrays.fill(paintings, painting);
            BatchLoss loss = lossFor(batch, paintings);
            total = total == null ? loss.total() : total.add(loss.total());
            loss.terms().forEach((name, value) -> terms.merge(name, value, NDArray::add));
        }
        terms.replaceAll((name, value) -> Constants.dividedBy(value, trained.length));
        return new BatchLoss(Constants.dividedBy(total, trained.length), terms);
    }

    /** The loss with photo i repainted in painting {@code paintings[i]} and compared with its Gram matrices. */
    private BatchLoss lossFor(NDArray batch, int[] paintings) {
        NDArray mix = PaintingMix.rows(batch.getManager(), network.styles(), paintings);
        Map<String, NDArray> grams = new LinkedHashMap<>();
        gramRows.forEach((layer, rows) -> {
            long channels = (long) Math.sqrt(rows.getShape().get(1));
            // (N, S) one-hot rows times (S, C·C): each photo's own target, in the batch's memory.
            grams.put(layer, mix.matMul(rows).reshape(paintings.length, channels, channels));
        });
        return loss(batch, mix, grams);
    }

    private BatchLoss loss(NDArray batch, NDArray mix, Map<String, NDArray> grams) {
        NDArray output = Constants.dividedBy(network.forward(Constants.times(batch, 255), mix), 255);
        NDArray outputNormalized = ImageNetNormalization.normalize(output);
        Map<String, NDArray> outputFeatures = lossNetwork.features(outputNormalized, layers);
        NDArray inputFeatures = lossNetwork.features(ImageNetNormalization.normalize(batch), List.of(contentLayer))
                .get(contentLayer);
        Map<String, NDArray> terms = new LinkedHashMap<>();
        terms.put("content", Constants.times(ContentLoss.between(outputFeatures.get(contentLayer), inputFeatures),
                contentWeight));
        List<NDArray> styleTerms = new ArrayList<>();
        grams.forEach((layer, gram) -> styleTerms.add(
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
