package dev.atelier.api;

import dev.atelier.io.RgbImage;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A painting (or trained network) made ready by a {@link Stylist} for every photo that uses it: its
 * statistics, embedding or network computed once. It belongs to the stylist that made it, is used on
 * that stylist's thread, and is released when closed or when the stylist closes.
 */
public final class Style implements AutoCloseable {
    private final Stylist owner;
    private final Object prepared;
    private final String name;
    private final Path file;
    private final RgbImage picture;
    private boolean closed;

    Style(Stylist owner, Object prepared, String name, Path file, RgbImage picture) {
        this.owner = owner;
        this.prepared = prepared;
        this.name = name;
        this.file = file;
        this.picture = picture;
    }

    /** What reports and messages call it: a file's name, a model's name, or the name it was given. */
    public String name() {
        return name;
    }

    /** The file it came from, when it came from one. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** The painting as the method keeps it (scaled, square…), for contact sheets; empty for networks. */
    public Optional<RgbImage> picture() {
        return Optional.ofNullable(picture);
    }

    Stylist owner() {
        return owner;
    }

    Object prepared() {
        if (closed) {
            throw new IllegalStateException("the style '" + name + "' was closed");
        }
        return prepared;
    }

    boolean isClosed() {
        return closed;
    }

    /** Releases what the style holds (a network, native statistics); using it afterwards fails. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        owner.forget(this);
        if (prepared instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // Releasing a prepared style cannot fail in a way the caller could act on.
            }
        }
    }
}
