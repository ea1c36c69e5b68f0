package dev.atelier.method.adain;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The fixed encoder of AdaIN: VGG-19 up to relu4_1. Takes RGB in [0, 1]; whatever normalisation its
 * weights expect happens inside.
 */
public interface AdainEncoder extends AutoCloseable {

    /** The layers the style loss reads, shallow to deep; the last is the one AdaIN works on. */
    List<String> LAYERS = List.of("relu1_1", "relu2_1", "relu3_1", "relu4_1");

    /** Activations at {@link #LAYERS}, keyed by those names. */
    Map<String, NDArray> features(NDArray rgb);

    /** The relu4_1 activation alone. */
    NDArray encode(NDArray rgb);

    /** Which network this is: a decoder works only with the kind it was trained for. */
    AdainModels.EncoderKind kind();

    /** What the weights are, for reports: {@code naoto0804 vgg_normalised (…)} or {@code vgg19 (…)}. */
    String description();

    /** SHA-256 of the weights file (or of generated weights). */
    String weightsSha256();

    /**
     * The seed of generated weights, for an encoder made without a weights file: a decoder trained
     * on it records the seed, so the same encoder can be made again to use the decoder.
     */
    default OptionalLong randomSeed() {
        return OptionalLong.empty();
    }

    @Override
    void close();
}
