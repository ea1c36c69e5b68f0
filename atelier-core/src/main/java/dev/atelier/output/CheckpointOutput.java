package dev.atelier.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What an optimisation keeps beside its result while it runs ({@code out.png.ckpt}), so a stopped run
 * can resume: kept (and listed in the report) when the run stopped early, deleted once it finished.
 */
public record CheckpointOutput(Path file) implements Output {

    /** The checkpoint of the result {@code image}: {@code out.png.ckpt}. */
    public static CheckpointOutput of(Path image) {
        return new CheckpointOutput(image.resolveSibling(image.getFileName() + ".ckpt"));
    }

    @Override
    public void claim(OutputClaims claims) {
        claims.output("output", "checkpoint", file);
    }

    @Override
    public void write(Finished finished) {
        if (finished.cancelled()) {
            if (Files.exists(file)) {
                finished.report().output("checkpoint", file);
            }
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException leftBehind) {
            // A finished run's checkpoint left behind only asks the next run to resume or delete it.
        }
    }
}
