package dev.atelier.method.feedforward;

import java.util.Locale;

/**
 * The two published layouts of Johnson et al.'s image transformation network, and networks given
 * by their own module list. All take RGB in 0–255; the two fixed layouts differ in padding,
 * upsampling, normalisation epsilon and output mapping.
 */
public enum TransformerLayout {
    /**
     * pytorch/examples {@code fast_neural_style}: reflection padding, convolutions with bias,
     * nearest-neighbour upsampling then convolution, instance norm ε 1e-5, raw output (clamped to
     * 0–255 when saved).
     */
    PYTORCH_EXAMPLES(1e-5),
    /**
     * lengstrom/fast-style-transfer (TensorFlow): SAME zero padding, no biases, transposed
     * convolutions, instance norm ε 1e-3 after every convolution including the last, output
     * {@code tanh(x)·150 + 127.5}.
     */
    TENSORFLOW(1e-3),
    /**
     * jcjohnson/fast-neural-style's Torch7 networks (the authors' own release): their structure
     * varies (width, batch or instance normalisation, padding), so the model file stores it as a
     * {@link ModuleList}; the epsilon here is only nn's default, each normalisation keeps its own.
     */
    TORCH7(1e-5);

    private final double epsilon;

    TransformerLayout(double epsilon) {
        this.epsilon = epsilon;
    }

    public double instanceNormEpsilon() {
        return epsilon;
    }

    /** The name stored in model files and typed by users: {@code pytorch-examples}, {@code tensorflow}. */
    public String displayName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
