package dev.atelier.api;

import dev.atelier.BadInputException;
import dev.atelier.io.RemovableLock;
import dev.atelier.output.Output;
import dev.atelier.output.OutputClaims;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One run at a time per picture: a run holds {@code .<picture>.lock} beside its picture while it
 * works, so two identical commands cannot share a checkpoint or write over each other's picture,
 * and clears what a killed run left of its own files' atomic writes ({@code .<name>.tmp-<hex>}).
 * (A folder of results is held by the batch's own lock.)
 */
final class OutputLock {
    private OutputLock() {}

    /**
     * Holds the plan's first output for the run.
     *
     * @throws BadInputException when another run holds it, or the lock cannot be taken
     */
    static RemovableLock hold(List<Output> outputs) {
        OutputClaims claims = new OutputClaims();
        outputs.forEach(output -> output.claim(claims));
        List<Path> files = claims.outputFiles();
        Path picture = files.get(0).toAbsolutePath().normalize();
        Path lockFile = picture.resolveSibling("." + picture.getFileName() + ".lock");
        try {
            Optional<RemovableLock> lock = RemovableLock.tryAcquire(lockFile);
            if (lock.isEmpty()) {
                throw new BadInputException(files.get(0), "another run is making this picture now; wait for it to "
                        + "finish or choose another output");
            }
            for (Path file : files) {
                removeLeftovers(file.toAbsolutePath().normalize());
            }
            return lock.get();
        } catch (IOException e) {
            throw new BadInputException(files.get(0), "cannot lock the output (" + e.getMessage() + ")", e);
        }
    }

    /** Temporary files of atomic writes to {@code file} that a killed run left behind. */
    private static void removeLeftovers(Path file) throws IOException {
        Pattern temporary = Pattern.compile("\\." + Pattern.quote(file.getFileName().toString())
                + "\\.tmp-[0-9a-f]{16}");
        try (Stream<Path> siblings = Files.list(file.getParent())) {
            for (Path sibling : (Iterable<Path>) siblings::iterator) {
                if (temporary.matcher(sibling.getFileName().toString()).matches() && Files.isRegularFile(sibling)) {
                    Files.deleteIfExists(sibling);
                }
            }
        }
    }
}
