package dev.atelier.method.feedforward;

import dev.atelier.InvalidOptionException;
import dev.atelier.method.StyleOptions;
import dev.atelier.options.OptionSchema;
import dev.atelier.options.ValueTypes;

/**
 * How a trained network repaints photos. Immutable; built DJL-style.
 *
 * @param size the photo's longest side is brought to this first; 0 (the default) keeps its own size,
 *     which the network takes as it is
 */
public record FeedForwardOptions(int size) implements StyleOptions {

    /** Every option with its default and description. */
    public static final OptionSchema<Builder, FeedForwardOptions> SCHEMA = OptionSchema.of(
                    FeedForwardOptions::builder, Builder::build)
            .add("size", "PIXELS", "Longest side of the result; 0 keeps the photo's own size.", ValueTypes.integer(),
                    Builder::optSize, FeedForwardOptions::size).main().range(0, MAXIMUM_SIZE)
            .done();

    public static Builder builder() {
        return new Builder();
    }

    public static FeedForwardOptions defaults() {
        return SCHEMA.defaults();
    }

    /** Builder with the defaults; {@link #build()} checks every value. */
    public static final class Builder {
        private int size = 0;

        private Builder() {}

        public Builder optSize(int value) {
            size = value;
            return this;
        }

        public void validate() {
            if (size != 0 && (size < FeedForwardStylizer.MINIMUM_SIDE || size > MAXIMUM_SIZE)) {
                throw new InvalidOptionException("size", "must be 0 (the photo's own size) or between "
                        + FeedForwardStylizer.MINIMUM_SIDE + " and " + MAXIMUM_SIZE + " pixels, got " + size);
            }
        }

        public FeedForwardOptions build() {
            validate();
            return new FeedForwardOptions(size);
        }
    }
}
