package dev.atelier.method.adain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.nn.EmbeddedVgg;
import dev.atelier.nn.Layers;
import dev.atelier.weights.HostTensor;
import dev.atelier.weights.StateDict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The encoder of the AdaIN reference release ({@code vgg_normalised.pth}, naoto0804/pytorch-AdaIN):
 * an {@code nn.Sequential} whose first layer is a 1x1 convolution that maps RGB in [0, 1] to what
 * the converted Caffe VGG-19 expects, followed by VGG-19 with reflection padding and max pooling in
 * ceil mode. Keys are the Sequential's indices: {@code 0.weight}, {@code 2.weight}, …; layers past
 * relu4_1 (index 30) are ignored.
 */
public final class NormalisedVggEncoder implements AdainEncoder {

    /** One convolution of the Sequential: its index, shape, and whether a pooling precedes it. */
    private record Convolution(int index, int inputChannels, int outputChannels, int kernel, boolean pooledBefore,
            String feature) {}

    private static final List<Convolution> CONVOLUTIONS = List.of(
            new Convolution(0, 3, 3, 1, false, null),
            new Convolution(2, 3, 64, 3, false, "relu1_1"),
            new Convolution(5, 64, 64, 3, false, null),
            new Convolution(9, 64, 128, 3, true, "relu2_1"),
            new Convolution(12, 128, 128, 3, false, null),
            new Convolution(16, 128, 256, 3, true, "relu3_1"),
            new Convolution(19, 256, 256, 3, false, null),
            new Convolution(22, 256, 256, 3, false, null),
            new Convolution(25, 256, 256, 3, false, null),
            new Convolution(29, 256, 512, 3, true, "relu4_1"));

    private final NDManager manager;
    private final List<NDArray> weights = new ArrayList<>();
    private final List<NDArray> biases = new ArrayList<>();
    private final String description;
    private final String sha256;

    private NormalisedVggEncoder(StateDict stateDict, NDManager parent, String description, String sha256) {
        this.manager = parent.newSubManager();
        this.description = description;
        this.sha256 = sha256;
        try {
            for (Convolution convolution : CONVOLUTIONS) {
                HostTensor weight = stateDict.require(convolution.index() + ".weight", convolution.outputChannels(),
                        convolution.inputChannels(), convolution.kernel(), convolution.kernel());
                HostTensor bias = stateDict.require(convolution.index() + ".bias", convolution.outputChannels());
                weights.add(manager.create(weight.values(), new Shape(weight.shape())));
                biases.add(manager.create(bias.values(), new Shape(bias.shape())));
            }
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** The encoder from a {@code vgg_normalised.pth} state dict. */
    public static NormalisedVggEncoder fromStateDict(StateDict stateDict, NDManager parent, String sha256) {
        return new NormalisedVggEncoder(stateDict, parent, "naoto0804 vgg_normalised (" + stateDict.source() + ")",
                sha256);
    }

    /**
     * The encoder that comes with Atelier ({@link EmbeddedVgg}): the release's network after an
     * 8-bit round trip of its kernels, so that AdaIN needs only its decoder.
     */
    public static NormalisedVggEncoder embedded(NDManager parent) {
        return new NormalisedVggEncoder(EmbeddedVgg.stateDict(), parent, "the embedded vgg_normalised (8-bit, "
                + "to relu4_1, in Atelier)", EmbeddedVgg.SHA256);
    }

    /** Keys this encoder reads from a state dict. */
    public static List<String> keys() {
        List<String> keys = new ArrayList<>();
        for (Convolution convolution : CONVOLUTIONS) {
            keys.add(convolution.index() + ".weight");
            keys.add(convolution.index() + ".bias");
        }
        return keys;
    }

    /** Seeded random weights in this layout, for tests and offline trials. */
    public static StateDict randomStateDict(long seed) {
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        SplittableRandom random = new SplittableRandom(seed);
        for (Convolution convolution : CONVOLUTIONS) {
            int fanIn = convolution.inputChannels() * convolution.kernel() * convolution.kernel();
            float[] values = new float[convolution.outputChannels() * fanIn];
            double deviation = Math.sqrt(2.0 / fanIn);
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (random.nextGaussian() * deviation);
            }
            tensors.put(convolution.index() + ".weight", new HostTensor(new long[] {convolution.outputChannels(),
                    convolution.inputChannels(), convolution.kernel(), convolution.kernel()}, values));
            tensors.put(convolution.index() + ".bias", new HostTensor(new long[] {convolution.outputChannels()},
                    new float[convolution.outputChannels()]));
        }
        return new StateDict(Path.of("random-vgg_normalised-seed-" + seed), tensors);
    }

    @Override
    public Map<String, NDArray> features(NDArray rgb) {
        Map<String, NDArray> features = new LinkedHashMap<>();
        NDArray x = rgb;
        for (int i = 0; i < CONVOLUTIONS.size(); i++) {
            Convolution convolution = CONVOLUTIONS.get(i);
            if (convolution.pooledBefore()) {
                x = Layers.maxPool(x, true);
            }
            if (convolution.kernel() == 1) {
                // The first layer is a plain 1x1 convolution with no activation: a colour transform.
                x = Layers.conv2d(x, weights.get(i), biases.get(i), 1, 0);
                continue;
            }
            x = Layers.relu(Layers.conv2d(AdainLayers.reflectionPad(x), weights.get(i), biases.get(i), 1, 0));
            if (convolution.feature() != null) {
                features.put(convolution.feature(), x);
            }
        }
        return features;
    }

    @Override
    public NDArray encode(NDArray rgb) {
        return features(rgb).get("relu4_1");
    }

    @Override
    public AdainModels.EncoderKind kind() {
        return AdainModels.EncoderKind.NORMALISED_VGG;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public String weightsSha256() {
        return sha256;
    }

    @Override
    public void close() {
        manager.close();
    }
}
