package dev.atelier.output;

import dev.atelier.InvalidOptionException;
import dev.atelier.UnavailableException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The files a run reads and writes, checked before any work: no output may be an input or another
 * output of the same run (compared by real path, so {@code ./a.jpg}, {@code a.jpg} and a link to it
 * are one file), and every folder outputs go into must take a new file.
 */
public final class OutputClaims {
    private final Map<Path, Claim> inputs = new LinkedHashMap<>();
    private final Map<Path, Claim> outputs = new LinkedHashMap<>();
    private final Set<Path> folders = new LinkedHashSet<>();

    /** Who claimed a file: the option key that named it, and the path as given. */
    private record Claim(String key, String description, Path given) {
        String describe() {
            return description + " '" + given + "'";
        }
    }

    /**
     * Records a file or folder the run reads.
     *
     * @param key the request option that named it ({@code content}, {@code style}, {@code weights})
     * @param description what it is, in words ({@code the content image})
     */
    public void input(String key, String description, Path file) {
        inputs.putIfAbsent(identity(file), new Claim(key, description, file));
    }

    /**
     * Records a file the run will write, refusing it when it is one of the inputs or another output.
     *
     * @throws InvalidOptionException naming both paths
     */
    public void output(String key, String description, Path file) {
        Path identity = identity(file);
        Claim claim = new Claim(key, description, file);
        Claim input = inputs.get(identity);
        if (input != null) {
            throw new InvalidOptionException(key, "the " + claim.describe() + " would overwrite the "
                    + input.describe() + "; choose another name");
        }
        Claim earlier = outputs.putIfAbsent(identity, claim);
        if (earlier != null) {
            throw new InvalidOptionException(key, "the " + claim.describe() + " and the " + earlier.describe()
                    + " are one file; give them different names");
        }
        folders.add(identity.getParent());
    }

    /**
     * Creates and deletes a temporary file in every output folder, so a folder that cannot be written
     * is found now rather than after hours of work.
     *
     * @throws UnavailableException naming the folder
     */
    public void requireWritable() {
        for (Path folder : folders) {
            requireWritable(folder);
        }
    }

    /**
     * As {@link #requireWritable(Path)} for a folder that may not exist yet: then the nearest folder
     * above it that exists must take new files, so that making it will work.
     */
    public static void requireWritableOrCreatable(Path folder) {
        Path absolute = folder.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new UnavailableException(folder + ": the output folder cannot be made here");
        }
        if (!Files.isDirectory(existing)) {
            throw new UnavailableException(folder + ": cannot make the output folder (" + existing
                    + " is a file)");
        }
        requireWritable(existing);
    }

    public static void requireWritable(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new UnavailableException(folder + ": the output folder does not exist");
        }
        try {
            Path probe = Files.createTempFile(folder, ".atelier-write-check-", ".tmp");
            Files.delete(probe);
        } catch (AccessDeniedException denied) {
            throw new UnavailableException(folder + ": cannot write into the output folder (permission denied)");
        } catch (IOException failure) {
            throw new UnavailableException(folder + ": cannot write into the output folder ("
                    + dev.atelier.Failures.summary(failure) + ")", failure);
        }
    }

    /**
     * One path per file: the real path of what exists, else the real path of the nearest existing
     * folder with the rest appended, so files about to be created compare like existing ones.
     */
    public static Path identity(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Path existing = absolute;
        Path rest = null;
        while (existing != null && !Files.exists(existing)) {
            Path name = existing.getFileName();
            rest = rest == null ? name : name.resolve(rest);
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        try {
            Path real = existing.toRealPath();
            return rest == null ? real : real.resolve(rest);
        } catch (IOException unreadable) {
            return absolute;
        }
    }
}
