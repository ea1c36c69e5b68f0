package dev.atelier.method.feedforward;
import dev.atelier.nn.Constants;
import dev.atelier.nn.Layers;
import dev.atelier.nn.NormStatistics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.atelier.weights.HostTensor;
import dev.atelier.weights.StateDict;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Johnson et al.'s image transformation network ("Perceptual Losses for Real-Time Style Transfer
 * and Super-Resolution", ECCV 2016): 9x9 convolution (32), two stride-2 3x3 convolutions (64, 128),
 * five residual blocks (128), two x2 upsampling stages (64, 32) and a 9x9 output convolution (3),
 * with instance normalisation (Ulyanov et al.'s improvement, used by both published layouts) and
 * ReLU. Input and output are RGB in 0–255, (N, 3, H, W).
 *
 * <p>Parameters are named as pytorch/examples names them ({@code conv1.conv2d.weight}, {@code
 * in1.weight}, {@code res1.conv1.conv2d.weight}, …) in both layouts; the TensorFlow layout has no
 * convolution biases, stores its upsampling weights as transposed-convolution kernels {@code (in,
 * out, 3, 3)}, and adds {@code in6} after the last convolution.
 *
 * <p>A network may hold several paintings (Dumoulin, Shlens and Kudlur, "A Learned Representation
 * for Artistic Style", ICLR 2017): every instance normalisation then has one scale γ and shift β
 * per painting, {@code in1.weight} and {@code in1.bias} of shape (paintings, channels), and
 * everything else is shared (conditional instance normalisation). A painting is chosen, or several
 * blended, by a mix of weights w: the normalisation uses {@code Σ w_s γ_s} and {@code Σ w_s β_s}
 * (the paper's convex combinations, its Figure 7). The paper's own network is this one with
 * reflection padding and upsampling convolutions, the pytorch/examples layout.
 */
public final class TransformerNetwork implements TileableNetwork {
    /** Residual blocks in the network. */
    public static final int RESIDUAL_BLOCKS = 5;

    /** Layers with at most this many output channels run rearranged (see {@link Layers#spaceToDepthConvolution}). */
    private static final int FEW_CHANNELS = 4;

    private final TransformerLayout layout;
    private final int styles;
    private final NDManager manager;
    private final Map<String, NDArray> parameters;

    private TransformerNetwork(TransformerLayout layout, int styles, NDManager manager,
            Map<String, NDArray> parameters) {
        this.layout = layout;
        this.styles = styles;
        this.manager = manager;
        this.parameters = Collections.unmodifiableMap(parameters);
    }

    /** One convolution of the network: its name, channels and kernel size. */
    public record ConvolutionSpec(String name, int inputChannels, int outputChannels, int kernel, int stride,
            boolean upsampling, String norm) {}

    /** The convolutions in order, with the instance norm following each ({@code null} for none). */
    public static List<ConvolutionSpec> convolutions(TransformerLayout layout) {
        if (layout == TransformerLayout.TORCH7) {
            throw new IllegalArgumentException("torch7 networks have no fixed layout; they are module lists");
        }
        List<ConvolutionSpec> specs = new ArrayList<>();
        specs.add(new ConvolutionSpec("conv1", 3, 32, 9, 1, false, "in1"));
        specs.add(new ConvolutionSpec("conv2", 32, 64, 3, 2, false, "in2"));
        specs.add(new ConvolutionSpec("conv3", 64, 128, 3, 2, false, "in3"));
        for (int block = 1; block <= RESIDUAL_BLOCKS; block++) {
            specs.add(new ConvolutionSpec("res" + block + ".conv1", 128, 128, 3, 1, false, "res" + block + ".in1"));
            specs.add(new ConvolutionSpec("res" + block + ".conv2", 128, 128, 3, 1, false, "res" + block + ".in2"));
        }
        specs.add(new ConvolutionSpec("deconv1", 128, 64, 3, 1, true, "in4"));
        specs.add(new ConvolutionSpec("deconv2", 64, 32, 3, 1, true, "in5"));
        specs.add(new ConvolutionSpec("deconv3", 32, 3, 9, 1, false,
                layout == TransformerLayout.TENSORFLOW ? "in6" : null));
        return specs;
    }

    /** Key of a convolution's weight in this layout. */
    public static String weightKey(TransformerLayout layout, ConvolutionSpec spec) {
        return layout == TransformerLayout.TENSORFLOW ? spec.name() + ".weight" : spec.name() + ".conv2d.weight";
    }

    /** Expected shape of a convolution's weight: transposed kernels are (in, out, k, k). */
    public static long[] weightShape(TransformerLayout layout, ConvolutionSpec spec) {
        if (layout == TransformerLayout.TENSORFLOW && spec.upsampling()) {
            return new long[] {spec.inputChannels(), spec.outputChannels(), spec.kernel(), spec.kernel()};
        }
        return new long[] {spec.outputChannels(), spec.inputChannels(), spec.kernel(), spec.kernel()};
    }

    /**
     * Every parameter's name and shape in this layout, in order: what a model file must contain.
     */
    public static Map<String, long[]> parameterShapes(TransformerLayout layout) {
        return parameterShapes(layout, 1);
    }

    /**
     * Every parameter's name and shape for a network of {@code styles} paintings: with more than
     * one, each normalisation's scale and shift have one row per painting.
     */
    public static Map<String, long[]> parameterShapes(TransformerLayout layout, int styles) {
        if (styles < 1) {
            throw new IllegalArgumentException("a network holds at least one painting, got " + styles);
        }
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (ConvolutionSpec spec : convolutions(layout)) {
            shapes.put(weightKey(layout, spec), weightShape(layout, spec));
            if (layout == TransformerLayout.PYTORCH_EXAMPLES) {
                shapes.put(spec.name() + ".conv2d.bias", new long[] {spec.outputChannels()});
            }
            if (spec.norm() != null) {
                long[] shape = styles == 1 ? new long[] {spec.outputChannels()}
                        : new long[] {styles, spec.outputChannels()};
                shapes.put(spec.norm() + ".weight", shape);
                shapes.put(spec.norm() + ".bias", shape.clone());
            }
        }
        return shapes;
    }

    /** The names of the instance normalisations' scales and shifts: per painting in a network of several. */
    public static java.util.Set<String> normParameters(TransformerLayout layout) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        for (ConvolutionSpec spec : convolutions(layout)) {
            if (spec.norm() != null) {
                names.add(spec.norm() + ".weight");
                names.add(spec.norm() + ".bias");
            }
        }
        return names;
    }

    /** Builds the network from named tensors, checking every name and shape. */
    public static TransformerNetwork fromStateDict(TransformerLayout layout, StateDict stateDict, NDManager parent) {
        return fromStateDict(layout, 1, stateDict, parent);
    }

    /** Builds a network of {@code styles} paintings from named tensors, checking every name and shape. */
    public static TransformerNetwork fromStateDict(TransformerLayout layout, int styles, StateDict stateDict,
            NDManager parent) {
        NDManager manager = parent.newSubManager();
        Map<String, NDArray> parameters = new LinkedHashMap<>();
        try {
            parameterShapes(layout, styles).forEach((name, shape) -> {
                HostTensor tensor = stateDict.require(name, shape);
                parameters.put(name, manager.create(tensor.values(), new Shape(tensor.shape())));
            });
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        return new TransformerNetwork(layout, styles, manager, parameters);
    }

    /**
     * Fresh weights for training: convolutions drawn like PyTorch's default (uniform within
     * ±1/sqrt(fan-in)), instance norm scale 1 and shift 0. Seeded, so training is reproducible.
     */
    public static StateDict initialStateDict(TransformerLayout layout, long seed) {
        return initialStateDict(layout, 1, seed);
    }

    /**
     * Fresh weights for a network of {@code styles} paintings: the convolutions drawn as for one
     * (the same seed gives the same convolutions), every painting's scale 1 and shift 0.
     */
    public static StateDict initialStateDict(TransformerLayout layout, int styles, long seed) {
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        SplittableRandom random = new SplittableRandom(seed);
        for (Map.Entry<String, long[]> entry : parameterShapes(layout, styles).entrySet()) {
            String name = entry.getKey();
            long[] shape = entry.getValue();
            float[] values = new float[(int) HostTensor.elementCount(shape)];
            if (name.endsWith("conv2d.weight") || (layout == TransformerLayout.TENSORFLOW && shape.length == 4)) {
                long fanIn = shape[1] * shape[2] * shape[3];
                double bound = 1 / Math.sqrt(fanIn);
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
                }
            } else if (name.endsWith("conv2d.bias")) {
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) ((random.nextDouble() * 2 - 1) * 0.01);
                }
            } else if (name.endsWith(".weight")) {
                java.util.Arrays.fill(values, 1f);
            }
            tensors.put(name, new HostTensor(shape, values));
        }
        return new StateDict(java.nio.file.Path.of("initial-" + layout.displayName() + "-seed-" + seed), tensors);
    }

    public TransformerLayout layout() {
        return layout;
    }

    /** How many paintings the network holds. */
    public int styles() {
        return styles;
    }

    /** The parameters by name, for training and saving. */
    public Map<String, NDArray> parameters() {
        return parameters;
    }

    /** The parameters copied to Java memory, for writing a model file. */
    public StateDict toStateDict(java.nio.file.Path source) {
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        parameters.forEach((name, array) -> tensors.put(name, new HostTensor(array.getShape().getShape(),
                array.toType(DataType.FLOAT32, false).toFloatArray())));
        return new StateDict(source, tensors);
    }

    /**
     * Runs the network on RGB in 0–255, (N, 3, H, W). The PyTorch layout maps H and W to themselves
     * when both are multiples of 4; the TensorFlow layout to 4·ceil(H/4)… so callers pad first (see
     * {@code FeedForwardStylizer}). Results are attached to the input's manager.
     */
    @Override
    public NDArray forward(NDArray input) {
        return forward(input, null, NormStatistics.own());
    }

    /**
     * Runs the network with a mix of its paintings: {@code mix} is (1, S) for one mix over the whole
     * batch or (N, S) for one per image, S the number of paintings (a one-hot row picks a painting);
     * {@code null} is the first painting. A network of one painting ignores it.
     */
    public NDArray forward(NDArray input, NDArray mix) {
        return forward(input, mix, NormStatistics.own());
    }

    /** Runs the network with its first painting (or its only one), the norms taking {@code statistics}. */
    @Override
    public NDArray forward(NDArray input, NormStatistics statistics) {
        return forward(input, null, statistics);
    }

    /**
     * As {@link #forward(NDArray, NDArray)}, the instance norms taking their statistics from
     * {@code statistics} (recorded on a whole picture, say, for a run tile by tile); a mix of one row
     * per image needs each image's own statistics.
     */
    public NDArray forward(NDArray input, NDArray mix, NormStatistics statistics) {
        List<ConvolutionSpec> specs = convolutions(layout);
        NDArray y = input;
        for (int i = 0; i < 3; i++) {
            y = Layers.relu(convolutionBlock(y, specs.get(i), mix, statistics));
        }
        for (int block = 0; block < RESIDUAL_BLOCKS; block++) {
            ConvolutionSpec first = specs.get(3 + 2 * block);
            ConvolutionSpec second = specs.get(4 + 2 * block);
            y = Layers.residualBlock(y, x -> convolutionBlock(x, first, mix, statistics),
                    x -> convolutionBlock(x, second, mix, statistics));
        }
        int next = 3 + 2 * RESIDUAL_BLOCKS;
        y = Layers.relu(convolutionBlock(y, specs.get(next), mix, statistics));
        y = Layers.relu(convolutionBlock(y, specs.get(next + 1), mix, statistics));
        y = convolutionBlock(y, specs.get(next + 2), mix, statistics);
        if (layout == TransformerLayout.TENSORFLOW) {
            y = Constants.plus(Constants.times(y.tanh(), 150), 255.0 / 2);
        }
        return y;
    }

    /**
     * This network with a fixed mix of its paintings (non-negative weights, one per painting,
     * normalised to sum to 1), as a network of its own. The view owns this network: closing it
     * closes this.
     */
    public TileableNetwork mixing(double[] weights) {
        float[] mix = PaintingMix.normalised(weights, styles);
        TransformerNetwork network = this;
        return new TileableNetwork() {
            @Override
            public NDArray forward(NDArray input) {
                return forward(input, NormStatistics.own());
            }

            @Override
            public NDArray forward(NDArray input, NormStatistics statistics) {
                return network.forward(input, input.getManager().create(mix, new Shape(1, mix.length)), statistics);
            }

            @Override
            public void close() {
                network.close();
            }
        };
    }

    /** A convolution and its instance norm (when it has one), without activation. */
    private NDArray convolutionBlock(NDArray input, ConvolutionSpec spec, NDArray mix, NormStatistics statistics) {
        NDArray bias = layout == TransformerLayout.PYTORCH_EXAMPLES ? parameters.get(spec.name() + ".conv2d.bias") : null;
        NDArray output = convolution(layout, spec, input, parameters.get(weightKey(layout, spec)), bias);
        if (spec.norm() == null) {
            return output;
        }
        NDArray scale = parameters.get(spec.norm() + ".weight");
        NDArray shift = parameters.get(spec.norm() + ".bias");
        if (styles == 1) {
            return statistics.instanceNorm(output, scale, shift, layout.instanceNormEpsilon());
        }
        NDArray weights = mix != null ? mix : PaintingMix.oneHot(output.getManager(), styles, 0, 1);
        return conditionalInstanceNorm(output, scale, shift, weights, layout.instanceNormEpsilon(), statistics);
    }

    /**
     * Dumoulin et al.'s conditional instance normalisation: the mix's rows pick (or blend) each
     * image's scale and shift from the per-painting (S, C) parameters. The gradient reaches only
     * the rows the mix weighs, so a painting absent from a batch keeps its parameters.
     */
    static NDArray conditionalInstanceNorm(NDArray output, NDArray scales, NDArray shifts, NDArray weights,
            double epsilon) {
        return conditionalInstanceNorm(output, scales, shifts, weights, epsilon, NormStatistics.own());
    }

    private static NDArray conditionalInstanceNorm(NDArray output, NDArray scales, NDArray shifts, NDArray weights,
            double epsilon, NormStatistics statistics) {
        Shape shape = output.getShape();
        long images = shape.get(0);
        long channels = shape.get(1);
        NDArray scale = weights.matMul(scales);
        NDArray shift = weights.matMul(shifts);
        long rows = weights.getShape().get(0);
        if (rows == 1) {
            return statistics.instanceNorm(output, scale.reshape(channels), shift.reshape(channels), epsilon);
        }
        if (rows != images) {
            throw new IllegalArgumentException("a mix of " + rows + " rows for a batch of " + images);
        }
        if (!statistics.isOwn()) {
            throw new IllegalArgumentException("a mix per image normalises each image by its own statistics");
        }
        // Each image its own scale and shift: normalise the (1, N·C, H, W) view, whose channels are
        // exactly the images' channels, with the (N·C) parameters.
        NDArray flat = output.reshape(1, images * channels, shape.get(2), shape.get(3));
        return Layers.instanceNorm(flat, scale.reshape(images * channels), shift.reshape(images * channels),
                epsilon).reshape(shape);
    }

    /**
     * One layer's convolution as a layout computes it (padding, upsampling), given its weight in
     * that layout's shape and its bias ({@code null} for none).
     */
    static NDArray convolution(TransformerLayout layout, ConvolutionSpec spec, NDArray input, NDArray weight,
            NDArray bias) {
        if (!spec.upsampling() && spec.stride() == 1 && spec.outputChannels() <= FEW_CHANNELS) {
            return Layers.spaceToDepthConvolution(input, weight, bias, spec.kernel() / 2,
                    layout == TransformerLayout.PYTORCH_EXAMPLES ? Layers.Padding.REFLECT : Layers.Padding.ZERO);
        }
        if (layout == TransformerLayout.PYTORCH_EXAMPLES) {
            return spec.upsampling()
                    ? Layers.upsampleConvolution(input, weight, bias)
                    : Layers.conv2d(Layers.reflectionPad(input, spec.kernel() / 2), weight, bias, spec.stride(), 0);
        }
        if (spec.upsampling()) {
            return Layers.transposedConvolutionSame(input, weight);
        }
        return sameConvolution(input, weight, spec.kernel(), spec.stride());
    }

    /**
     * TensorFlow's SAME convolution. Where its padding is symmetric (stride 1) the convolution pads
     * by itself, saving a padded copy of the input; otherwise the odd pixel goes after.
     */
    private static NDArray sameConvolution(NDArray input, NDArray weight, int kernel, int stride) {
        Shape shape = input.getShape();
        int vertical = Layers.samePaddingTotal(shape.get(2), kernel, stride);
        int horizontal = Layers.samePaddingTotal(shape.get(3), kernel, stride);
        if (vertical == horizontal && vertical % 2 == 0) {
            return Layers.conv2d(input, weight, null, stride, vertical / 2);
        }
        NDArray padded = Layers.zeroPad(input, vertical / 2, vertical - vertical / 2, horizontal / 2,
                horizontal - horizontal / 2);
        return Layers.conv2d(padded, weight, null, stride, 0);
    }

    @Override
    public void close() {
        manager.close();
    }
}
