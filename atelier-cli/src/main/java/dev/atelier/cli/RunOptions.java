package dev.atelier.cli;

import dev.atelier.io.ReadOptions;
import picocli.CommandLine.Option;

/**
 * The options every command that runs a method shares ({@code stylize}, {@code batch}, the
 * trainings), declared once as a picocli mixin so that they read and behave alike everywhere.
 */
final class RunOptions {

    @Option(names = {"--quiet", "-q"}, description = "No progress output; warnings and failures are still shown.")
    boolean quiet;

    @Option(names = "--max-pixels", paramLabel = "N", description = "Largest input image in pixels (width x height), "
            + "read from its header before decoding: larger photos and paintings are refused, larger training images "
            + "skipped. Default: ${DEFAULT-VALUE}.")
    long maxPixels = ReadOptions.DEFAULT_MAX_PIXELS;

    /** The limits for reading images these options set. */
    ReadOptions readOptions() {
        return new ReadOptions(maxPixels);
    }
}
