package dev.atelier.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.JniUtils;
import dev.atelier.weights.HostTensor;
import dev.atelier.weights.StateDict;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A frozen VGG feature extractor: the convolutional layers up to a chosen depth, returning the
 * post-ReLU activation of each requested layer. Weights never require gradients, so a backward pass
 * through it computes only the gradient with respect to the input image.
 *
 * <p>Owns its weights' native memory: close it when done.
 */
public final class Vgg implements AutoCloseable {
    /** Key of the optional 1x1 colour layer before conv1_1, shape (3, 3, 1, 1), applied to RGB in [0, 1]. */
    public static final String INPUT_WEIGHT_KEY = "input.weight";
    /** Its bias, shape (3). */
    public static final String INPUT_BIAS_KEY = "input.bias";

    private final VggArchitecture architecture;
    private final Pooling pooling;
    private final NDManager manager;
    private final List<NDArray> weights;
    private final List<NDArray> biases;
    private final NDArray inputWeight;
    private final NDArray inputBias;

    private Vgg(VggArchitecture architecture, Pooling pooling, NDManager manager, List<NDArray> weights,
            List<NDArray> biases, NDArray inputWeight, NDArray inputBias) {
        this.architecture = architecture;
        this.pooling = pooling;
        this.manager = manager;
        this.weights = weights;
        this.biases = biases;
        this.inputWeight = inputWeight;
        this.inputBias = inputBias;
    }

    /**
     * Builds the layers up to and including {@code deepestLayer} from a torchvision-layout state
     * dict ({@code features.N.weight|bias}); other keys are ignored. When the dict also holds
     * {@link #INPUT_WEIGHT_KEY} and {@link #INPUT_BIAS_KEY}, that linear colour layer (no activation)
     * runs first on RGB in [0, 1], as the normalised VGG-19 of Gatys et al. expects its input mapped to
     * Caffe's mean-subtracted BGR·255 (see {@link NormalisedVggLayout}).
     */
    public static Vgg fromStateDict(VggArchitecture architecture, StateDict stateDict, String deepestLayer,
            Pooling pooling, NDManager parent, DataType dataType) {
        int depth = architecture.indexOf(deepestLayer) + 1;
        NDManager manager = parent.newSubManager();
        List<NDArray> weights = new ArrayList<>();
        List<NDArray> biases = new ArrayList<>();
        try {
            for (VggArchitecture.ConvolutionLayer layer : architecture.convolutions().subList(0, depth)) {
                HostTensor weight = stateDict.require(layer.weightKey(), layer.outputChannels(),
                        layer.inputChannels(), 3, 3);
                HostTensor bias = stateDict.require(layer.biasKey(), layer.outputChannels());
                weights.add(toArray(manager, weight, dataType));
                biases.add(toArray(manager, bias, dataType));
            }
            NDArray inputWeight = null;
            NDArray inputBias = null;
            if (stateDict.contains(INPUT_WEIGHT_KEY)) {
                HostTensor[] folded = foldImageNetDenormalization(stateDict.require(INPUT_WEIGHT_KEY, 3, 3, 1, 1),
                        stateDict.require(INPUT_BIAS_KEY, 3));
                inputWeight = toArray(manager, folded[0], dataType);
                inputBias = toArray(manager, folded[1], dataType);
            }
            return new Vgg(architecture, pooling, manager, weights, biases, inputWeight, inputBias);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * The colour layer rewritten to take the ImageNet-normalised input every caller gives:
     * {@code W·(x·std + mean) + b = (W·diag(std))·x + (W·mean + b)}, exact since the layer is linear.
     */
    private static HostTensor[] foldImageNetDenormalization(HostTensor weight, HostTensor bias) {
        float[] w = weight.values();
        float[] b = bias.values();
        float[] foldedWeight = new float[9];
        float[] foldedBias = new float[3];
        for (int output = 0; output < 3; output++) {
            double shift = b[output];
            for (int input = 0; input < 3; input++) {
                foldedWeight[output * 3 + input] = w[output * 3 + input] * ImageNetNormalization.STD[input];
                shift += (double) w[output * 3 + input] * ImageNetNormalization.MEAN[input];
            }
            foldedBias[output] = (float) shift;
        }
        return new HostTensor[] {new HostTensor(new long[] {3, 3, 1, 1}, foldedWeight),
                new HostTensor(new long[] {3}, foldedBias)};
    }

    /**
     * Seeded He-initialised weights (He et al. 2015: normal, standard deviation sqrt(2 / fan-in), zero
     * bias), for running without any download. Random VGG features still capture texture, so style
     * transfer works, only less faithfully than with ImageNet weights. Same seed, same weights, on
     * every machine: values come from Java's generator, not the engine's.
     */
    public static StateDict randomStateDict(VggArchitecture architecture, long seed, String deepestLayer) {
        int depth = architecture.indexOf(deepestLayer) + 1;
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        for (VggArchitecture.ConvolutionLayer layer : architecture.convolutions().subList(0, depth)) {
            int fanIn = layer.inputChannels() * 9;
            float[] values = new float[layer.outputChannels() * fanIn];
            SplittableRandom random = new SplittableRandom(seed * 1_000_003L + layer.featureIndex());
            double deviation = Math.sqrt(2.0 / fanIn);
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (random.nextGaussian() * deviation);
            }
            tensors.put(layer.weightKey(), new HostTensor(
                    new long[] {layer.outputChannels(), layer.inputChannels(), 3, 3}, values));
            tensors.put(layer.biasKey(), new HostTensor(new long[] {layer.outputChannels()},
                    new float[layer.outputChannels()]));
        }
        return new StateDict(java.nio.file.Path.of("random-" + architecture.displayName() + "-seed-" + seed),
                tensors);
    }

    /** SHA-256 of the float32 little-endian bytes of every tensor in order: identifies generated weights. */
    public static String contentHash(StateDict stateDict) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (HostTensor tensor : stateDict.asMap().values()) {
                for (float value : tensor.values()) {
                    if (buffer.remaining() < Float.BYTES) {
                        digest.update(buffer.array(), 0, buffer.position());
                        buffer.clear();
                    }
                    buffer.putFloat(value);
                }
            }
            digest.update(buffer.array(), 0, buffer.position());
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static NDArray toArray(NDManager manager, HostTensor tensor, DataType dataType) {
        NDArray array = manager.create(tensor.values(), new ai.djl.ndarray.types.Shape(tensor.shape()));
        return dataType == DataType.FLOAT32 ? array : array.toType(dataType, false);
    }

    public VggArchitecture architecture() {
        return architecture;
    }

    public Pooling pooling() {
        return pooling;
    }

    /** Name of the deepest layer this instance can compute. */
    public String deepestLayer() {
        return architecture.convolutions().get(weights.size() - 1).name();
    }

    /**
     * Runs the network on an ImageNet-normalised (N, 3, H, W) batch up to the deepest requested layer
     * and returns the post-ReLU activation of each requested layer, keyed by canonical name, in
     * network order. Results are attached to the input's manager.
     */
    public Map<String, NDArray> features(NDArray normalizedImage, Collection<String> layers) {
        int deepest = -1;
        boolean[] wanted = new boolean[weights.size()];
        for (String layer : layers) {
            int index = architecture.indexOf(layer);
            if (index >= weights.size()) {
                throw new IllegalArgumentException("layer " + layer + " is deeper than this network, which ends at "
                        + deepestLayer());
            }
            wanted[index] = true;
            deepest = Math.max(deepest, index);
        }
        Map<String, NDArray> result = new LinkedHashMap<>();
        // While gradients are recorded (the optimisation, training's perceptual loss) the network runs
        // channels-last: 22% less time for the full-size 64-channel layers' forward and backward, about
        // 10% a whole evaluation (BENCHMARKS.md, "Time to quality"). Without gradients the large layers
        // run in strips (StripConvolution), measured in the usual layout only.
        NDArray input = JniUtils.isGradMode() ? MemoryLayout.channelsLast(normalizedImage) : normalizedImage;
        NDArray activation = inputWeight == null
                ? input
                : Layers.conv2d(input, inputWeight, inputBias, 1, 0);
        List<VggArchitecture.ConvolutionLayer> convolutions = architecture.convolutions();
        for (int i = 0; i <= deepest; i++) {
            VggArchitecture.ConvolutionLayer layer = convolutions.get(i);
            if (layer.pooledBefore()) {
                activation = pooling == Pooling.MAX
                        ? Layers.maxPool(activation, false)
                        : Layers.averagePool(activation, false);
            }
            activation = Layers.relu(Layers.conv2d(activation, weights.get(i), biases.get(i), 1, 1));
            if (wanted[i]) {
                result.put(layer.name(), activation);
            }
        }
        return result;
    }

    @Override
    public void close() {
        manager.close();
    }
}
