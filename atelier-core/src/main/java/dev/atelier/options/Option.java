package dev.atelier.options;

import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One option of a schema: how its text is parsed, which builder setter receives it and which
 * accessor reads it back from built options.
 *
 * @param <B> the options' builder
 * @param <O> the built options
 * @param <T> the value's type
 * @param info what front ends show
 * @param type parsing and formatting
 * @param setter the builder's {@code optX}
 * @param getter the options' accessor
 */
public record Option<B, O, T>(OptionInfo info, ValueType<T> type, BiConsumer<B, T> setter, Function<O, T> getter) {

    public String key() {
        return info.key();
    }

    void apply(B builder, String text) {
        setter.accept(builder, type.parse(info.key(), text));
    }

    String textOf(O options) {
        return type.format(getter.apply(options));
    }
}
