package dev.atelier.nn;

import dev.atelier.InvalidOptionException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The convolutional part of VGG-16 and VGG-19 (Simonyan and Zisserman 2015) in torchvision's
 * layout: {@code features.N} is a 3x3 convolution, a ReLU or a 2x2 max pooling, and a convolution's
 * weights are {@code features.N.weight} and {@code features.N.bias}.
 */
public enum VggArchitecture {
    VGG16(new int[] {2, 2, 3, 3, 3}),
    VGG19(new int[] {2, 2, 4, 4, 4});

    private final List<ConvolutionLayer> convolutions;

    VggArchitecture(int[] convolutionsPerBlock) {
        int[] blockChannels = {64, 128, 256, 512, 512};
        List<ConvolutionLayer> layers = new ArrayList<>();
        int featureIndex = 0;
        int inputChannels = 3;
        for (int block = 0; block < convolutionsPerBlock.length; block++) {
            for (int position = 0; position < convolutionsPerBlock[block]; position++) {
                String name = "conv" + (block + 1) + "_" + (position + 1);
                layers.add(new ConvolutionLayer(name, featureIndex, inputChannels, blockChannels[block], block,
                        position == 0 && block > 0));
                inputChannels = blockChannels[block];
                featureIndex += 2; // the convolution and its ReLU
            }
            featureIndex += 1; // the pooling that ends the block
        }
        this.convolutions = Collections.unmodifiableList(layers);
    }

    /**
     * One convolution with its ReLU.
     *
     * @param featureIndex index of the convolution in torchvision's {@code features} sequence
     * @param pooledBefore whether a pooling layer precedes it (the first convolution of blocks 2-5)
     */
    public record ConvolutionLayer(String name, int featureIndex, int inputChannels, int outputChannels,
            int block, boolean pooledBefore) {
        public String weightKey() {
            return "features." + featureIndex + ".weight";
        }

        public String biasKey() {
            return "features." + featureIndex + ".bias";
        }
    }

    public List<ConvolutionLayer> convolutions() {
        return convolutions;
    }

    /** The lower-case name users type: {@code vgg16} or {@code vgg19}. */
    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Position of a layer in {@link #convolutions()}, by its documents' name ({@code conv4_2}) or its
     * ReLU alias ({@code relu4_2}): both mean the activation after the ReLU, as torchvision's in-place
     * ReLUs make the documents' code read it.
     */
    public int indexOf(String layerName) {
        String normalized = layerName.trim().toLowerCase(Locale.ROOT);
        if (normalized.startsWith("relu")) {
            normalized = "conv" + normalized.substring(4);
        }
        for (int i = 0; i < convolutions.size(); i++) {
            if (convolutions.get(i).name().equals(normalized)) {
                return i;
            }
        }
        throw new InvalidOptionException(null, "unknown layer '" + layerName + "' for " + displayName()
                + " (expected conv1_1 … " + convolutions.get(convolutions.size() - 1).name() + ", or relu1_1 … )");
    }

    /**
     * Multiply-accumulates of the convolutions up to and including {@code deepestLayer} for one
     * image of the given size (max or average pooling halve the size, rounding down).
     */
    public long forwardMacs(String deepestLayer, int width, int height) {
        long macs = 0;
        long w = width;
        long h = height;
        for (ConvolutionLayer layer : convolutions.subList(0, indexOf(deepestLayer) + 1)) {
            if (layer.pooledBefore()) {
                w /= 2;
                h /= 2;
            }
            macs += (long) layer.inputChannels() * layer.outputChannels() * 9 * w * h;
        }
        return macs;
    }

    /**
     * How many times the image was pooled (halved) before {@code layerName}'s convolution: one per
     * block before its own, so a layer there needs an image of at least {@code 2^k} pixels.
     */
    public int poolingsBefore(String layerName) {
        return convolutions.get(indexOf(layerName)).block();
    }

    /** The canonical name ({@code conv4_2}) of a layer given by either spelling. */
    public String canonicalName(String layerName) {
        return convolutions.get(indexOf(layerName)).name();
    }
}
