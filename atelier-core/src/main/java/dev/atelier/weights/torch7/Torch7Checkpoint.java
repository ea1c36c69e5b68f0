package dev.atelier.weights.torch7;

import dev.atelier.BadInputException;
import java.nio.file.Path;

/**
 * What a {@code .t7} file holds: a network saved alone ({@code torch.save(file, model)}, as the
 * AdaIN release's {@code vgg_normalised.t7} and {@code decoder.t7}), or a jcjohnson/fast-neural-style
 * checkpoint: a table whose {@code model} is the network and whose {@code opt} holds the training
 * options, among them {@code preprocessing} ({@code vgg} or {@code resnet}).
 *
 * @param options the checkpoint's {@code opt} table, or {@code null} for a network saved alone
 */
public record Torch7Checkpoint(Torch7Module model, Torch7Table options) {

    /** Reads a {@code .t7} file and finds its network. */
    public static Torch7Checkpoint read(Path file) {
        return of(file, Torch7Reader.read(file));
    }

    /** The network in a value read from {@code file}. */
    public static Torch7Checkpoint of(Path file, Object root) {
        if (root instanceof Torch7Table table) {
            Object model = table.get("model");
            if (model == null) {
                throw new BadInputException(file, "holds a table without a 'model' entry; expected a network (an nn "
                        + "module) or a fast-neural-style checkpoint");
            }
            Object options = table.get("opt");
            return new Torch7Checkpoint(Torch7Module.of(file, "", model),
                    options instanceof Torch7Table optionTable ? optionTable : null);
        }
        return new Torch7Checkpoint(Torch7Module.of(file, "", root), null);
    }

    /** A text option of the checkpoint's {@code opt}, or {@code null}. */
    public String option(String name) {
        if (options == null) {
            return null;
        }
        Object value = options.get(name);
        if (value instanceof Double number && number == Math.rint(number) && Math.abs(number) < 1e15) {
            return Long.toString(number.longValue());
        }
        return value == null ? null : value.toString();
    }
}
