package dev.atelier.method.magenta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.weights.tflite.TfliteModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The style prediction network P of Ghiasi et al. (BMVC 2017) in Google's distilled form: a
 * MobileNetV2 (Sandler et al. 2018, depth multiplier 1) whose 1280 pooled features a 1x1
 * convolution maps to the 100-dimensional style embedding S. Input RGB in [0, 1], (N, 3, H, W);
 * any size works (the features are averaged over H and W), Google's example uses 256x256.
 *
 * <p>Built from {@code style_predict_quantized_256.tflite}, whose weights are int8 per output
 * channel; they are de-quantised and the network runs in float32. The file also quantises every
 * activation to int8, which we do not: the float result is what the int8 graph approximates
 * (PROVENANCE.md: the embeddings differ by at most 0.024, cosine 0.99993).
 */
public final class StylePredictionNetwork implements AutoCloseable {
    /** Length of the style embedding. */
    public static final int EMBEDDING_SIZE = 100;
    /** Channels of the stem convolution. */
    static final int STEM_CHANNELS = 32;
    /** Channels of the last 1x1 convolution, which are averaged into the embedding's input. */
    static final int FEATURE_CHANNELS = 1280;
    /** Channels an inverted residual block expands to, per input channel. */
    static final int EXPANSION = 6;

    /** What the graph runs: each count exactly, apart from the converter's (de)quantisation steps. */
    static final Map<String, Integer> OPERATORS = Map.of("CONV_2D", 36, "DEPTHWISE_CONV_2D", 17, "ADD", 10,
            "MEAN", 1);
    static final Set<String> CONVERSION_OPERATORS = Set.of("QUANTIZE", "DEQUANTIZE");

    /**
     * One inverted residual block: 1x1 expansion (absent in the first), 3x3 depthwise convolution
     * with the block's stride, linear 1x1 projection; the input is added back when the shape allows.
     */
    record Block(String name, int inputChannels, int outputChannels, int stride) {
        boolean expands() {
            return !name.equals("expanded_conv");
        }

        int expandedChannels() {
            return expands() ? EXPANSION * inputChannels : inputChannels;
        }

        boolean residual() {
            return stride == 1 && inputChannels == outputChannels;
        }
    }

    /** MobileNetV2's 17 blocks, (output channels, stride) as PROVENANCE.md lists them. */
    static final List<Block> BLOCKS = blocks(new int[][] {{16, 1}, {24, 2}, {24, 1}, {32, 2}, {32, 1}, {32, 1},
            {64, 2}, {64, 1}, {64, 1}, {64, 1}, {96, 1}, {96, 1}, {96, 1}, {160, 2}, {160, 1}, {160, 1}, {320, 1}});

    private final NDManager manager;
    private final Map<String, NDArray> parameters;

    private StylePredictionNetwork(NDManager manager, Map<String, NDArray> parameters) {
        this.manager = manager;
        this.parameters = Collections.unmodifiableMap(parameters);
    }

    private static List<Block> blocks(int[][] outputsAndStrides) {
        List<Block> blocks = new ArrayList<>();
        int inputs = STEM_CHANNELS;
        for (int i = 0; i < outputsAndStrides.length; i++) {
            String name = i == 0 ? "expanded_conv" : "expanded_conv_" + i;
            blocks.add(new Block(name, inputs, outputsAndStrides[i][0], outputsAndStrides[i][1]));
            inputs = outputsAndStrides[i][0];
        }
        return List.copyOf(blocks);
    }

    /**
     * Builds the network from the predictor file's weights, checking its operators and every
     * weight's name and shape.
     */
    public static StylePredictionNetwork fromModel(TfliteModel model, NDManager parent) {
        model.requireOperators(MagentaModels.PREDICTOR_DESCRIPTION, OPERATORS, CONVERSION_OPERATORS);
        NDManager manager = parent.newSubManager();
        Map<String, NDArray> parameters = new LinkedHashMap<>();
        try {
            convolution(model, manager, parameters, "MobilenetV2/Conv", STEM_CHANNELS, 3, 3);
            for (Block block : BLOCKS) {
                String prefix = "MobilenetV2/" + block.name();
                int expanded = block.expandedChannels();
                if (block.expands()) {
                    convolution(model, manager, parameters, prefix + "/expand", expanded, 1, block.inputChannels());
                }
                String depthwise = prefix + "/depthwise/depthwise_weights";
                parameters.put(depthwise, TfliteLayouts.depthwise(manager, model.require(depthwise, 1, 3, 3, expanded)));
                String depthwiseBias = prefix + "/depthwise/depthwise_bias";
                parameters.put(depthwiseBias, TfliteLayouts.vector(manager, model.require(depthwiseBias, expanded)));
                convolution(model, manager, parameters, prefix + "/project", block.outputChannels(), 1, expanded);
            }
            int last = BLOCKS.get(BLOCKS.size() - 1).outputChannels();
            convolution(model, manager, parameters, "MobilenetV2/Conv_1", FEATURE_CHANNELS, 1, last);
            String embedding = "mobilenet_conv/Conv/weights";
            parameters.put(embedding, TfliteLayouts.transposedMatrix(manager,
                    model.require(embedding, EMBEDDING_SIZE, 1, 1, FEATURE_CHANNELS)));
            String embeddingBias = "mobilenet_conv/Conv/Conv2D_bias";
            parameters.put(embeddingBias, TfliteLayouts.vector(manager, model.require(embeddingBias, EMBEDDING_SIZE)));
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        return new StylePredictionNetwork(manager, parameters);
    }

    private static void convolution(TfliteModel model, NDManager manager, Map<String, NDArray> parameters,
            String prefix, int outputs, int kernel, int inputs) {
        parameters.put(prefix + "/weights", TfliteLayouts.convolution(manager,
                model.require(prefix + "/weights", outputs, kernel, kernel, inputs)));
        parameters.put(prefix + "/Conv2D_bias", TfliteLayouts.vector(manager,
                model.require(prefix + "/Conv2D_bias", outputs)));
    }

    /**
     * Style embeddings of a batch of images.
     *
     * @param images (N, 3, H, W), RGB in [0, 1]
     * @return (N, 100), attached to the images' manager
     */
    public NDArray predict(NDArray images) {
        NDArray x = MobileNetLayers.relu6(MobileNetLayers.sameConvolution(images, parameter("MobilenetV2/Conv/weights"),
                parameter("MobilenetV2/Conv/Conv2D_bias"), 2));
        for (Block block : BLOCKS) {
            String prefix = "MobilenetV2/" + block.name();
            NDArray h = x;
            if (block.expands()) {
                h = MobileNetLayers.relu6(MobileNetLayers.sameConvolution(h, parameter(prefix + "/expand/weights"),
                        parameter(prefix + "/expand/Conv2D_bias"), 1));
            }
            h = MobileNetLayers.relu6(MobileNetLayers.depthwiseConvolution(h,
                    parameter(prefix + "/depthwise/depthwise_weights"), parameter(prefix + "/depthwise/depthwise_bias"),
                    block.stride()));
            h = MobileNetLayers.sameConvolution(h, parameter(prefix + "/project/weights"),
                    parameter(prefix + "/project/Conv2D_bias"), 1);
            x = block.residual() ? h.add(x) : h;
        }
        x = MobileNetLayers.relu6(MobileNetLayers.sameConvolution(x, parameter("MobilenetV2/Conv_1/weights"),
                parameter("MobilenetV2/Conv_1/Conv2D_bias"), 1));
        // bottleneck/Mean over H and W, then the 1x1 convolution of a 1x1 map: a matrix product.
        // The engine reduces over one axis at a time: flatten H and W into one.
        Shape shape = x.getShape();
        NDArray pooled = x.reshape(shape.get(0), shape.get(1), shape.get(2) * shape.get(3)).mean(new int[] {2});
        return pooled.matMul(parameter("mobilenet_conv/Conv/weights")).add(parameter("mobilenet_conv/Conv/Conv2D_bias"));
    }

    /**
     * The weights by their TensorFlow names, filters rearranged to (O, I, H, W) and (C, 1, H, W),
     * the embedding's 1x1 filter to an (I, O) matrix.
     */
    Map<String, NDArray> parameters() {
        return parameters;
    }

    private NDArray parameter(String name) {
        return parameters.get(name);
    }

    @Override
    public void close() {
        manager.close();
    }
}
