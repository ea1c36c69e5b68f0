package dev.atelier.io;

import java.io.IOException;

/** Like {@link java.util.function.Consumer}, but allowed to fail with an {@link IOException}. */
@FunctionalInterface
public interface IOConsumer<T> {

    void accept(T value) throws IOException;
}
