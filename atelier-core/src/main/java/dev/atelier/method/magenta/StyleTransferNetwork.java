package dev.atelier.method.magenta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.atelier.nn.ConditionalInstanceNorm;
import dev.atelier.nn.GatherIndices;
import dev.atelier.nn.Layers;
import dev.atelier.nn.NormStatistics;
import dev.atelier.nn.ReflectionPadByOne;
import dev.atelier.weights.tflite.TfliteModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The style transfer network T of Ghiasi et al. (BMVC 2017), as Google distilled it: three
 * convolutions down to a quarter of the size (9x9, then two 3x3 of stride 2; no normalisation),
 * five residual blocks, two nearest-neighbour x2 upsampling convolutions and a 9x9 output
 * convolution, all with reflection padding, and a sigmoid. Each of its 13 conditional instance
 * norms takes γ and β from the 100-dimensional style embedding through its own affine map (the
 * graph's {@code style_params/.../StyleNorm/Conv_1} for γ, {@code .../Conv} for β).
 *
 * <p>Input RGB in [0, 1], (1, 3, H, W) with H and W multiples of 4; output RGB in (0, 1), same size.
 * Built from {@code style_transfer_f16_384.tflite} (float16 weights) or
 * {@code style_transfer_quantized_384.tflite} (int8 per output channel), de-quantised; it runs in
 * float32 at any size, though the files fix 384x384 as their static shape.
 */
public final class StyleTransferNetwork implements AutoCloseable {
    /** The epsilon the graph adds to the variance (its {@code StyleNorm/batchnorm/add/y}). */
    static final double EPSILON = 1e-5;
    /** The network halves the size twice. */
    public static final int STRIDE = 4;

    /** The operators the graph runs (counts exactly); the rest are element-wise parts of the norms. */
    static final Map<String, Integer> OPERATORS = Map.of("CONV_2D", 42, "MIRROR_PAD", 16, "RESIZE_NEAREST_NEIGHBOR", 3,
            "LOGISTIC", 1, "RSQRT", 13, "SQUARED_DIFFERENCE", 13, "MEAN", 26);
    static final Set<String> OTHER_OPERATORS = Set.of("ADD", "MUL", "SUB", "QUANTIZE", "DEQUANTIZE");

    /**
     * One conditional instance norm: its name in the graph, channels, and how many input pixels
     * one of its pixels spans along each side (1, 2 or 4).
     */
    public record Normalisation(String name, int channels, int stride) {}

    /** The 13 norms in the order the network applies them. */
    public static final List<Normalisation> NORMALISATIONS = normalisations();

    private static final int RESIDUAL_BLOCKS = 5;
    /** The first and last convolutions' kernel size. */
    private static final int OUTER_KERNEL = 9;
    /**
     * The outer 9x9 convolutions run rearranged into 4x4 phases (3x3 kernels, 48 and 128 channels):
     * about twice as fast here as directly with 3 and 8 channels, or in 2x2 phases.
     */
    static final int PHASES = 4;
    private static final int CHANNELS = 32;

    private final NDManager manager;
    private final Map<String, NDArray> parameters;
    /** The gathers' indices for the sizes this network has seen (a clip's frames are all one size). */
    private final GatherIndices indices;

    private StyleTransferNetwork(NDManager manager, Map<String, NDArray> parameters) {
        this.manager = manager;
        this.parameters = Collections.unmodifiableMap(parameters);
        this.indices = new GatherIndices(manager);
    }

    private static List<Normalisation> normalisations() {
        List<Normalisation> norms = new ArrayList<>();
        for (int block = 1; block <= RESIDUAL_BLOCKS; block++) {
            for (int convolution = 1; convolution <= 2; convolution++) {
                norms.add(new Normalisation("transformer/residual/residual" + block + "/conv" + convolution, CHANNELS,
                        4));
            }
        }
        norms.add(new Normalisation("transformer/expand/conv1/conv", 16, 2));
        norms.add(new Normalisation("transformer/expand/conv2/conv", 8, 1));
        norms.add(new Normalisation("transformer/expand/conv3/conv", 3, 1));
        return List.copyOf(norms);
    }

    /**
     * Builds the network from a transformer file's weights, checking its operators, its inputs
     * and every weight's name and shape.
     */
    public static StyleTransferNetwork fromModel(TfliteModel model, NDManager parent) {
        model.requireOperators(MagentaModels.TRANSFORMER_DESCRIPTION, OPERATORS, OTHER_OPERATORS);
        NDManager manager = parent.newSubManager();
        Map<String, NDArray> parameters = new LinkedHashMap<>();
        try {
            filter(model, manager, parameters, "transformer/contract/conv1", 8, 9, 3, true);
            filter(model, manager, parameters, "transformer/contract/conv2", 16, 3, 8, true);
            filter(model, manager, parameters, "transformer/contract/conv3", CHANNELS, 3, 16, true);
            for (int block = 1; block <= RESIDUAL_BLOCKS; block++) {
                for (int convolution = 1; convolution <= 2; convolution++) {
                    // Convolutions followed by a norm carry no bias worth reading: the norm subtracts
                    // each channel's mean, which takes any constant bias with it.
                    filter(model, manager, parameters, "transformer/residual/residual" + block + "/conv"
                            + convolution, CHANNELS, 3, CHANNELS, false);
                }
            }
            filter(model, manager, parameters, "transformer/expand/conv1/conv", 16, 3, CHANNELS, false);
            filter(model, manager, parameters, "transformer/expand/conv2/conv", 8, 3, 16, false);
            filter(model, manager, parameters, "transformer/expand/conv3/conv", 3, 9, 8, false);
            rearranged(manager, parameters, "transformer/contract/conv1", 8, 3, true);
            upsampling(manager, parameters, "transformer/expand/conv1/conv", 16, CHANNELS);
            upsampling(manager, parameters, "transformer/expand/conv2/conv", 8, 16);
            rearranged(manager, parameters, "transformer/expand/conv3/conv", 3, 8, false);
            for (Normalisation norm : NORMALISATIONS) {
                for (String part : new String[] {"Conv", "Conv_1"}) {
                    String prefix = "style_params/" + norm.name() + "/StyleNorm/" + part;
                    parameters.put(prefix + "/weights", TfliteLayouts.transposedMatrix(manager, model.require(prefix
                            + "/weights", norm.channels(), 1, 1, StylePredictionNetwork.EMBEDDING_SIZE)));
                    parameters.put(prefix + "/Conv2D_bias", TfliteLayouts.vector(manager,
                            model.require(prefix + "/Conv2D_bias", norm.channels())));
                }
            }
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        return new StyleTransferNetwork(manager, parameters);
    }

    private static void filter(TfliteModel model, NDManager manager, Map<String, NDArray> parameters, String prefix,
            int outputs, int kernel, int inputs, boolean bias) {
        parameters.put(prefix + "/weights", TfliteLayouts.convolution(manager,
                model.require(prefix + "/weights", outputs, kernel, kernel, inputs)));
        if (bias) {
            parameters.put(prefix + "/Conv2D_bias", TfliteLayouts.vector(manager,
                    model.require(prefix + "/Conv2D_bias", outputs)));
        }
    }

    /**
     * The 9x9 filter (and bias) of an outer layer rearranged for {@link PhaseConvolution} at factor
     * {@link #PHASES}, stored beside it as {@code <prefix>/phase_weights} ({@code phase_bias}).
     */
    private static void rearranged(NDManager manager, Map<String, NDArray> parameters, String prefix, int outputs,
            int inputs, boolean bias) {
        int size = PhaseConvolution.phaseKernelSize(OUTER_KERNEL, PHASES);
        float[] kernel = PhaseConvolution.kernel(parameters.get(prefix + "/weights").toFloatArray(), outputs, inputs,
                OUTER_KERNEL, PHASES);
        parameters.put(prefix + "/phase_weights", manager.create(kernel, new Shape((long) PHASES * PHASES * outputs,
                (long) PHASES * PHASES * inputs, size, size)));
        if (bias) {
            parameters.put(prefix + "/phase_bias", manager.create(PhaseConvolution.bias(
                    parameters.get(prefix + "/Conv2D_bias").toFloatArray(), PHASES)));
        }
    }

    /** An upsampling layer's 3x3 filter in {@link AlignedUpsampleConvolution}'s phase form, as {@code phase_weights}. */
    private static void upsampling(NDManager manager, Map<String, NDArray> parameters, String prefix, int outputs,
            int inputs) {
        float[] kernel = AlignedUpsampleConvolution.kernel(parameters.get(prefix + "/weights").toFloatArray(), outputs,
                inputs);
        parameters.put(prefix + "/phase_weights", manager.create(kernel, new Shape(4L * outputs, inputs, 3, 3)));
    }

    /**
     * Each norm's γ and β for several embeddings at once.
     *
     * @param embeddings (K, 100)
     * @return per norm, in {@link #NORMALISATIONS} order: scale and shift, each (K, C), attached to
     *     the embeddings' manager
     */
    public List<ConditionalInstanceNorm.Affine> styleParameters(NDArray embeddings) {
        List<ConditionalInstanceNorm.Affine> affines = new ArrayList<>();
        for (Normalisation norm : NORMALISATIONS) {
            String prefix = "style_params/" + norm.name() + "/StyleNorm/";
            NDArray scale = ConditionalInstanceNorm.parameters(embeddings, parameter(prefix + "Conv_1/weights"),
                    parameter(prefix + "Conv_1/Conv2D_bias"));
            NDArray shift = ConditionalInstanceNorm.parameters(embeddings, parameter(prefix + "Conv/weights"),
                    parameter(prefix + "Conv/Conv2D_bias"));
            affines.add(new ConditionalInstanceNorm.Affine(scale, shift));
        }
        return affines;
    }

    /**
     * Repaints an image with one style: the norms' parameters for a single embedding.
     *
     * @param image (1, 3, H, W), RGB in [0, 1], H and W multiples of {@link #STRIDE}
     * @param embedding (1, 100)
     */
    public NDArray forward(NDArray image, NDArray embedding) {
        List<ConditionalInstanceNorm.Affine> vectors = new ArrayList<>();
        for (ConditionalInstanceNorm.Affine affine : styleParameters(embedding)) {
            vectors.add(new ConditionalInstanceNorm.Affine(affine.scale().reshape(-1), affine.shift().reshape(-1)));
        }
        return forward(image, vectors);
    }

    /**
     * Repaints an image with given norm parameters.
     *
     * @param image (1, 3, H, W), RGB in [0, 1], H and W multiples of {@link #STRIDE}
     * @param norms per norm, in {@link #NORMALISATIONS} order: (C) vectors, or regions' (K, C)
     *     parameters with their (K, h·w) weights at that norm's resolution (H / stride, W / stride)
     * @return (1, 3, H, W), RGB in (0, 1), attached to the image's manager
     */
    public NDArray forward(NDArray image, List<ConditionalInstanceNorm.Affine> norms) {
        return forward(image, norms, NormStatistics.own());
    }

    /**
     * As {@link #forward(NDArray, List)}, the norms without regions taking their statistics from
     * {@code statistics} (recorded on a whole picture, say, for a run tile by tile).
     */
    public NDArray forward(NDArray image, List<ConditionalInstanceNorm.Affine> norms, NormStatistics statistics) {
        Shape shape = image.getShape();
        if (shape.get(2) % STRIDE != 0 || shape.get(3) % STRIDE != 0 || shape.get(2) < 2 * STRIDE
                || shape.get(3) < 2 * STRIDE) {
            throw new IllegalArgumentException("the transformer takes sides that are multiples of " + STRIDE
                    + " and at least " + 2 * STRIDE + ", got " + shape);
        }
        if (norms.size() != NORMALISATIONS.size()) {
            throw new IllegalArgumentException(NORMALISATIONS.size() + " norms' parameters needed, got " + norms.size());
        }
        NDArray y = Layers.relu(PhaseConvolution.apply(image, parameter("transformer/contract/conv1/phase_weights"),
                parameter("transformer/contract/conv1/phase_bias"), OUTER_KERNEL, PHASES, indices));
        // Stride 2 on even sizes reads only the top and left padding.
        y = Layers.relu(Layers.conv2d(ReflectionPadByOne.apply(y, true, false, true, false),
                parameter("transformer/contract/conv2/weights"), parameter("transformer/contract/conv2/Conv2D_bias"), 2,
                0));
        y = Layers.relu(Layers.conv2d(ReflectionPadByOne.apply(y, true, false, true, false),
                parameter("transformer/contract/conv3/weights"), parameter("transformer/contract/conv3/Conv2D_bias"), 2,
                0));
        int norm = 0;
        for (int block = 1; block <= RESIDUAL_BLOCKS; block++) {
            String prefix = "transformer/residual/residual" + block;
            // Padded by copies, not by a kept index: at a quarter of the size the index gains nothing.
            NDArray h = Layers.conv2d(ReflectionPadByOne.apply(y), parameter(prefix + "/conv1/weights"), null, 1, 0);
            h = Layers.relu(ConditionalInstanceNorm.apply(h, norms.get(norm++), EPSILON, statistics));
            h = Layers.conv2d(ReflectionPadByOne.apply(h), parameter(prefix + "/conv2/weights"), null, 1, 0);
            y = y.add(ConditionalInstanceNorm.apply(h, norms.get(norm++), EPSILON, statistics));
        }
        // Nearest x2, reflection padding by one and a 3x3 convolution, computed at the input's size.
        y = AlignedUpsampleConvolution.apply(y, parameter("transformer/expand/conv1/conv/phase_weights"), null,
                indices);
        y = Layers.relu(ConditionalInstanceNorm.apply(y, norms.get(norm++), EPSILON, statistics));
        y = AlignedUpsampleConvolution.apply(y, parameter("transformer/expand/conv2/conv/phase_weights"), null,
                indices);
        y = Layers.relu(ConditionalInstanceNorm.apply(y, norms.get(norm++), EPSILON, statistics));
        // The graph resizes to the same size here (an identity), then pads by 4 for the 9x9 filter.
        y = PhaseConvolution.apply(y, parameter("transformer/expand/conv3/conv/phase_weights"), null, OUTER_KERNEL,
                PHASES, indices);
        return Activation.sigmoid(ConditionalInstanceNorm.apply(y, norms.get(norm), EPSILON, statistics));
    }

    /**
     * The weights by their TensorFlow names, filters rearranged to (O, I, H, W), and the phase forms
     * of the outer and upsampling filters ({@code .../phase_weights}, {@code .../phase_bias}).
     */
    Map<String, NDArray> parameters() {
        return parameters;
    }

    private NDArray parameter(String name) {
        return parameters.get(name);
    }

    @Override
    public void close() {
        indices.close();
        manager.close();
    }
}
