package dev.atelier.nn;

import dev.atelier.BadInputException;
import dev.atelier.weights.HostTensor;
import dev.atelier.weights.StateDict;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The key layout of the normalised VGG-19 as the AdaIN reference release ships it
 * ({@code vgg_normalised.pth}, naoto0804/pytorch-AdaIN): an {@code nn.Sequential} whose entry 0 is a
 * 1x1 convolution mapping RGB in [0, 1] to Caffe's mean-subtracted BGR·255, followed by VGG-19 as
 * reflection pad, convolution and ReLU per layer and a pooling after each block. Its keys are the
 * Sequential's indices ({@code 0.weight}, {@code 2.weight}, {@code 5.weight}, … {@code 29.weight}
 * for conv4_1, {@code 42.weight} for conv5_1).
 *
 * <p>These are the weights of Gatys et al.'s own network (VGG-19 with every filter rescaled so its
 * mean activation over ImageNet is 1). Here they are renamed to torchvision's layout so {@link Vgg}
 * runs them. Departure from the AdaIN code, kept on purpose: {@link Vgg} pads with zeros, as the
 * Caffe network of Gatys et al.'s paper did, rather than reflecting the border.
 */
public final class NormalisedVggLayout {
    /** Key of the 1x1 colour layer's weight. */
    public static final String COLOR_WEIGHT_KEY = "0.weight";
    /** Key of the 1x1 colour layer's bias. */
    public static final String COLOR_BIAS_KEY = "0.bias";

    private NormalisedVggLayout() {}

    /** Whether a file's tensor names are this layout's (the colour layer and conv1_1 present). */
    public static boolean matches(Set<String> names) {
        return names.contains(COLOR_WEIGHT_KEY) && names.contains(sequentialIndex(0) + ".weight");
    }

    /**
     * Index in the Sequential of the {@code position}-th convolution of VGG-19 (0 = conv1_1): after
     * the colour layer, each convolution takes three entries (pad, convolution, ReLU) and each
     * block ends with a pooling.
     */
    static int sequentialIndex(int position) {
        int index = 1;
        int counted = 0;
        for (VggArchitecture.ConvolutionLayer layer : VggArchitecture.VGG19.convolutions()) {
            if (layer.pooledBefore()) {
                index++;
            }
            if (counted == position) {
                return index + 1;
            }
            index += 3;
            counted++;
        }
        throw new IllegalArgumentException("VGG-19 has no convolution " + position);
    }

    /** The keys needed for the layers up to and including {@code deepestLayer}, colour layer included. */
    public static Set<String> keysUpTo(String deepestLayer) {
        Set<String> keys = new LinkedHashSet<>();
        keys.add(COLOR_WEIGHT_KEY);
        keys.add(COLOR_BIAS_KEY);
        for (int i = 0; i <= VggArchitecture.VGG19.indexOf(deepestLayer); i++) {
            keys.add(sequentialIndex(i) + ".weight");
            keys.add(sequentialIndex(i) + ".bias");
        }
        return keys;
    }

    /** The deepest convolution whose weights and all shallower ones the names hold, or {@code null}. */
    public static String deepestAvailable(Set<String> names) {
        String deepest = null;
        for (int i = 0; i < VggArchitecture.VGG19.convolutions().size(); i++) {
            if (!names.contains(sequentialIndex(i) + ".weight") || !names.contains(sequentialIndex(i) + ".bias")) {
                break;
            }
            deepest = VggArchitecture.VGG19.convolutions().get(i).name();
        }
        return deepest;
    }

    /**
     * The same tensors under torchvision's keys ({@code features.N.weight}) plus the colour layer as
     * {@link Vgg#INPUT_WEIGHT_KEY}; only layers present are carried over.
     *
     * @throws BadInputException when the colour layer is missing
     */
    public static StateDict toTorchvisionLayout(StateDict normalised) {
        Map<String, HostTensor> renamed = new LinkedHashMap<>();
        renamed.put(Vgg.INPUT_WEIGHT_KEY, normalised.require(COLOR_WEIGHT_KEY, 3, 3, 1, 1));
        renamed.put(Vgg.INPUT_BIAS_KEY, normalised.require(COLOR_BIAS_KEY, 3));
        var convolutions = VggArchitecture.VGG19.convolutions();
        for (int i = 0; i < convolutions.size(); i++) {
            String weight = sequentialIndex(i) + ".weight";
            String bias = sequentialIndex(i) + ".bias";
            if (normalised.contains(weight) && normalised.contains(bias)) {
                renamed.put(convolutions.get(i).weightKey(), normalised.asMap().get(weight));
                renamed.put(convolutions.get(i).biasKey(), normalised.asMap().get(bias));
            }
        }
        return new StateDict(normalised.source(), renamed);
    }
}
