package dev.atelier.method.adain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.nn.Layers;
import dev.atelier.weights.HostTensor;
import dev.atelier.weights.StateDict;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * AdaIN's decoder (Huang and Belongie 2017, sec. 6.1): mirrors the encoder up to relu4_1 with
 * reflection-padded 3x3 convolutions, ReLUs and nearest-neighbour x2 upsampling in place of
 * pooling; the last convolution has no activation. Parameters are keyed as the reference release's
 * {@code decoder.pth} (indices of its {@code nn.Sequential}: {@code 1.weight}, {@code 5.weight}, …).
 */
public final class AdainDecoder implements AutoCloseable {

    /** One convolution: its Sequential index, channels, and whether an upsampling precedes it. */
    public record Convolution(int index, int inputChannels, int outputChannels, boolean upsampledBefore) {}

    /** The reference decoder's convolutions, in order. */
    public static final List<Convolution> CONVOLUTIONS = List.of(
            new Convolution(1, 512, 256, false),
            new Convolution(5, 256, 256, true),
            new Convolution(8, 256, 256, false),
            new Convolution(11, 256, 256, false),
            new Convolution(14, 256, 128, false),
            new Convolution(18, 128, 128, true),
            new Convolution(21, 128, 64, false),
            new Convolution(25, 64, 64, true),
            new Convolution(28, 64, 3, false));

    private final NDManager manager;
    private final Map<String, NDArray> parameters;

    private AdainDecoder(NDManager manager, Map<String, NDArray> parameters) {
        this.manager = manager;
        this.parameters = Collections.unmodifiableMap(parameters);
    }

    public static AdainDecoder fromStateDict(StateDict stateDict, NDManager parent) {
        NDManager manager = parent.newSubManager();
        Map<String, NDArray> parameters = new LinkedHashMap<>();
        try {
            for (Convolution convolution : CONVOLUTIONS) {
                HostTensor weight = stateDict.require(convolution.index() + ".weight", convolution.outputChannels(),
                        convolution.inputChannels(), 3, 3);
                HostTensor bias = stateDict.require(convolution.index() + ".bias", convolution.outputChannels());
                parameters.put(convolution.index() + ".weight", manager.create(weight.values(),
                        new Shape(weight.shape())));
                parameters.put(convolution.index() + ".bias", manager.create(bias.values(), new Shape(bias.shape())));
            }
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        return new AdainDecoder(manager, parameters);
    }

    /** Fresh weights for training, drawn like PyTorch's default convolution initialisation. */
    public static StateDict initialStateDict(long seed) {
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        SplittableRandom random = new SplittableRandom(seed);
        for (Convolution convolution : CONVOLUTIONS) {
            int fanIn = convolution.inputChannels() * 9;
            double bound = 1 / Math.sqrt(fanIn);
            float[] weight = new float[convolution.outputChannels() * fanIn];
            for (int i = 0; i < weight.length; i++) {
                weight[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
            }
            float[] bias = new float[convolution.outputChannels()];
            for (int i = 0; i < bias.length; i++) {
                bias[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
            }
            tensors.put(convolution.index() + ".weight", new HostTensor(new long[] {convolution.outputChannels(),
                    convolution.inputChannels(), 3, 3}, weight));
            tensors.put(convolution.index() + ".bias", new HostTensor(new long[] {convolution.outputChannels()},
                    bias));
        }
        return new StateDict(Path.of("initial-adain-decoder-seed-" + seed), tensors);
    }

    public Map<String, NDArray> parameters() {
        return parameters;
    }

    /** relu4_1-shaped features (N, 512, h, w) to an image (N, 3, 8h, 8w), RGB in about [0, 1]. */
    public NDArray decode(NDArray features) {
        NDArray x = features;
        for (int i = 0; i < CONVOLUTIONS.size(); i++) {
            Convolution convolution = CONVOLUTIONS.get(i);
            if (convolution.upsampledBefore()) {
                x = AdainLayers.upsample(x);
            }
            x = Layers.conv2d(AdainLayers.reflectionPad(x), parameters.get(convolution.index() + ".weight"),
                    parameters.get(convolution.index() + ".bias"), 1, 0);
            if (i < CONVOLUTIONS.size() - 1) {
                x = Layers.relu(x);
            }
        }
        return x;
    }

    /** The parameters copied to Java memory, for saving in the reference layout. */
    public StateDict toStateDict(Path source) {
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        parameters.forEach((name, array) -> tensors.put(name, new HostTensor(array.getShape().getShape(),
                array.toFloatArray())));
        return new StateDict(source, tensors);
    }

    @Override
    public void close() {
        manager.close();
    }
}
