package dev.atelier.method;

import dev.atelier.options.OptionSchema;
import java.util.Optional;

/**
 * A style transfer method as the entry point runs it.
 *
 * @param <O> its options
 * @param <S> a style prepared for its sessions
 */
public interface StyleMethod<O extends StyleOptions, S> {

    /** The name requests use: {@code gatys}, {@code feedforward}, {@code adain}, {@code magenta}. */
    String name();

    /** A short human name, e.g. {@code Optimisation (Gatys et al.)}. */
    String title();

    /** One line for listings and help, citing the paper. */
    String description();

    /** Every option, with defaults and descriptions. */
    OptionSchema<?, O> options();

    /** Whether styles are paintings or trained networks. */
    StyleKind styleKind();

    /** The most styles one result can blend (one for methods that take a single painting or model). */
    default int maximumStyles() {
        return 1;
    }

    /** Whether the method optimises step by step (intermediate images can be saved, runs resumed). */
    default boolean iterates() {
        return false;
    }

    /**
     * The method's own check of how many styles and masks a request brings against the options (blend
     * weights for another count, say). Callers use {@link MethodChecks#checkStyles}, which checks the
     * count against {@link #maximumStyles()} first.
     *
     * @throws dev.atelier.InvalidOptionException when they do not fit
     */
    void checkStyles(O options, int styles, int masks);

    /**
     * Why a photo of this size (after being brought to {@link StyleOptions#size()}) cannot be
     * repainted with these options, in words that name the size needed (the caller names the file
     * and its size); empty when it can.
     */
    Optional<String> contentSizeProblem(O options, int width, int height);

    /** As {@link #contentSizeProblem} for a painting as it was given. */
    default Optional<String> styleSizeProblem(O options, int width, int height) {
        return Optional.empty();
    }

    /** Loads the networks; the session repaints any number of photos. */
    MethodSession<S> open(O options, MethodContext context);
}
