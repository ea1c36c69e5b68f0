package dev.atelier.weights.download;

import dev.atelier.AtelierException;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import dev.atelier.io.AtomicFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where downloaded weights live: {@code <root>/weights/<file name>}, the root being
 * {@code $ATELIER_HOME} or {@code ~/.atelier}. A file counts as cached only once its SHA-256 was
 * verified; the result is remembered in a {@code .sha256} marker beside it.
 *
 * <p>A user without network access can put a file there by hand under a source's
 * {@link Source#fileName() file name}; it is hashed once on first use.
 */
public final class WeightsCache {
    /** Environment variable naming the cache root. */
    public static final String HOME_VARIABLE = "ATELIER_HOME";

    static final String PARTIAL_SUFFIX = ".part";
    static final String MARKER_SUFFIX = ".sha256";
    static final String LOCK_SUFFIX = ".lock";
    /** Beside a file whose publisher states no digest: the digest its first download had. */
    static final String RECORDED_SUFFIX = ".first-sha256";

    private final Path root;

    /** A cache rooted at {@code root}; the weights go to its {@code weights} folder. */
    public WeightsCache(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The cache the user configured through {@code ATELIER_HOME}, else {@code ~/.atelier}. */
    public static WeightsCache fromEnvironment() {
        return fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** As {@link #fromEnvironment()}, with the environment and home folder given explicitly. */
    public static WeightsCache fromEnvironment(Map<String, String> environment, Path userHome) {
        String configured = environment.get(HOME_VARIABLE);
        if (configured == null || configured.isBlank()) {
            return new WeightsCache(userHome.resolve(".atelier"));
        }
        return new WeightsCache(Path.of(configured.trim()));
    }

    public Path root() {
        return root;
    }

    /** The folder holding the weights files. */
    public Path directory() {
        return root.resolve("weights");
    }

    /** Where {@code source}'s file lives once downloaded and verified. */
    public Path fileFor(Source source) {
        return directory().resolve(source.fileName());
    }

    Path partialFileFor(Source source) {
        return directory().resolve(source.fileName() + PARTIAL_SUFFIX);
    }

    Path lockFileFor(KnownWeights weights) {
        return directory().resolve(weights.id() + LOCK_SUFFIX);
    }

    /**
     * The verified cached file of the first source of {@code weights} that has one, or empty when
     * none is cached. A file without a valid marker is hashed now (once; a marker is written when
     * it matches); a file that does not match is ignored, and a download will replace it.
     */
    public Optional<Path> find(KnownWeights weights) {
        for (Source source : weights.sources()) {
            Path file = fileFor(source);
            if (Files.isRegularFile(file) && isVerified(file, source)) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }

    private boolean isVerified(Path file, Source source) {
        try {
            Optional<ExpectedSha256> expected = expectedFor(source);
            Optional<VerificationMarker> marker = VerificationMarker.read(file);
            if (expected.isPresent() && marker.isPresent() && marker.get().vouchesFor(file, expected.get())) {
                return true;
            }
            VerificationMarker measured = new VerificationMarker(Sha256.ofFile(file), Files.size(file));
            if (expected.isEmpty()) {
                // Placed here by hand before any download: trusted on first use, like a download would be.
                record(source, measured.sha256());
            } else if (!expected.get().matches(measured.sha256())) {
                return false;
            }
            writeMarkerIfPossible(file, measured);
            return true;
        } catch (ClosedByInterruptException interrupted) {
            throw new DownloadInterruptedException("checking " + file + " was interrupted");
        } catch (IOException unreadable) {
            throw new AtelierException(file + ": cannot read cached weights file (" + unreadable.getMessage() + ")",
                    unreadable);
        }
    }

    /**
     * The digest a file of {@code source} must have: the published one, else the one recorded when it
     * was first downloaded; empty when neither exists yet (the next download is trusted and recorded).
     */
    Optional<ExpectedSha256> expectedFor(Source source) throws IOException {
        if (source.sha256().isPublished()) {
            return Optional.of(source.sha256());
        }
        Path record = directory().resolve(source.fileName() + RECORDED_SUFFIX);
        if (!Files.isRegularFile(record)) {
            return Optional.empty();
        }
        String hex = Files.readString(record, StandardCharsets.US_ASCII).trim();
        if (hex.length() != ExpectedSha256.FULL_LENGTH) {
            throw new IOException(record + " does not hold a SHA-256 digest; delete it to trust the next download");
        }
        return Optional.of(new ExpectedSha256(hex));
    }

    /** Remembers the digest of the first copy of an unpublished file, for every later copy to match. */
    void record(Source source, String sha256) throws IOException {
        Path record = directory().resolve(source.fileName() + RECORDED_SUFFIX);
        if (!Files.exists(record)) {
            AtomicFiles.write(record, output -> output.write((sha256 + "\n").getBytes(StandardCharsets.US_ASCII)));
        }
    }

    /** The digest recorded for an unpublished file, if it was downloaded before. */
    public Optional<String> recordedSha256(Source source) {
        try {
            return source.sha256().isPublished() ? Optional.empty() : expectedFor(source).map(ExpectedSha256::hex);
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }

    private static void writeMarkerIfPossible(Path file, VerificationMarker marker) {
        try {
            marker.writeFor(file);
        } catch (IOException readOnlyCache) {
            // The file is fine; without a marker the next run simply hashes it again.
        }
    }
}
