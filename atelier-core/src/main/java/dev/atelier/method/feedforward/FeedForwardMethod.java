package dev.atelier.method.feedforward;

import dev.atelier.method.MethodContext;
import dev.atelier.method.MethodSession;
import dev.atelier.method.StyleKind;
import dev.atelier.method.StyleMethod;
import dev.atelier.options.OptionSchema;
import java.util.Optional;

/**
 * Fast style transfer (Johnson, Alahi and Fei-Fei, "Perceptual Losses for Real-Time Style Transfer
 * and Super-Resolution", ECCV 2016) for the entry point: each style is a trained network, loaded once
 * and run over any number of photos in one forward pass each.
 */
public final class FeedForwardMethod implements StyleMethod<FeedForwardOptions, FeedForwardSession.LoadedModel> {

    @Override
    public String name() {
        return "feedforward";
    }

    @Override
    public String title() {
        return "Trained network (Johnson et al.)";
    }

    @Override
    public String description() {
        return "a trained network repaints in one pass (Johnson et al. 2016)";
    }

    @Override
    public OptionSchema<?, FeedForwardOptions> options() {
        return FeedForwardOptions.SCHEMA;
    }

    @Override
    public StyleKind styleKind() {
        return StyleKind.MODELS;
    }

    /** One network paints one style everywhere; the count and the absence of masks are checked for every method. */
    @Override
    public void checkStyles(FeedForwardOptions options, int styles, int masks) {
        // Nothing beyond the shared rules (MethodChecks).
    }

    @Override
    public Optional<String> contentSizeProblem(FeedForwardOptions options, int width, int height) {
        if (Math.min(width, height) < FeedForwardStylizer.MINIMUM_SIDE) {
            return Optional.of("a feed-forward network needs at least " + FeedForwardStylizer.MINIMUM_SIDE
                    + " pixels on each side");
        }
        return Optional.empty();
    }

    @Override
    public FeedForwardSession open(FeedForwardOptions options, MethodContext context) {
        return new FeedForwardSession(options);
    }
}
