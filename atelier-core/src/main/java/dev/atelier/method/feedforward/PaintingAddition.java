package dev.atelier.method.feedforward;

import dev.atelier.weights.HostTensor;
import dev.atelier.weights.StateDict;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A trained network's weights grown to hold more paintings (Dumoulin et al. 2017, "incorporating
 * a new style"): the convolutions and the earlier paintings' scales and shifts copied as they are,
 * each new painting's scale and shift starting from the earlier paintings' mean (the paper does
 * not say where they start; the mean is a painting the network already renders, from which a new
 * one is reached in fewer steps than from the identity).
 */
final class PaintingAddition {
    private PaintingAddition() {}

    /** The base network's weights for a network of {@code paintings} paintings, at least as many as it holds. */
    static StateDict extend(ModelFile.Model base, int paintings) {
        int earlier = base.styleCount();
        if (paintings < earlier) {
            throw new IllegalArgumentException(paintings + " paintings for a network of " + earlier);
        }
        Set<String> norms = TransformerNetwork.normParameters(base.layout());
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        base.weights().asMap().forEach((name, tensor) -> {
            if (!norms.contains(name)) {
                tensors.put(name, tensor);
                return;
            }
            int channels = (int) tensor.shape()[tensor.shape().length - 1];
            float[] old = tensor.values();
            float[] mean = new float[channels];
            for (int p = 0; p < earlier; p++) {
                for (int c = 0; c < channels; c++) {
                    mean[c] += old[p * channels + c] / earlier;
                }
            }
            float[] grown = new float[paintings * channels];
            System.arraycopy(old, 0, grown, 0, old.length);
            for (int p = earlier; p < paintings; p++) {
                System.arraycopy(mean, 0, grown, p * channels, channels);
            }
            tensors.put(name, new HostTensor(paintings == 1 ? new long[] {channels} : new long[] {paintings, channels},
                    grown));
        });
        return new StateDict(base.weights().source(), tensors);
    }
}
