package dev.atelier.weights.download;

import dev.atelier.progress.DownloadRetried;
import dev.atelier.progress.DownloadSourceFailed;
import dev.atelier.progress.DownloadWaiting;
import dev.atelier.progress.RunListener;

import dev.atelier.AtelierException;
import dev.atelier.Cancellation;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Fetches {@link KnownWeights} into a {@link WeightsCache} on first use. Sources are tried in
 * order; each is streamed to {@code <file>.part} while being hashed, and only a file whose
 * SHA-256 matches is renamed (atomically) to its final name. Network failures are retried a few
 * times, resuming the {@code .part} with an HTTP range request; a wrong digest or a refusal such
 * as HTTP 404 moves on to the next source.
 *
 * <p>Safe to use from several threads and processes at once: one lock per artifact serialises
 * the downloads, and whoever waited finds the file already cached.
 *
 * <p>No download writes more than its source's {@linkplain ExpectedSize#limit() size limit}; one that
 * would is stopped, its partial file deleted, and the next source tried. The thread's
 * {@linkplain Cancellation#current() cancellation} stops a download (keeping the partial file for the
 * next run), a pause between attempts, and a wait for another process's download.
 */
public final class Downloader {
    private final WeightsCache cache;
    private final DownloadSettings settings;
    private final HttpClient client;

    public Downloader(WeightsCache cache) {
        this(cache, DownloadSettings.defaults());
    }

    public Downloader(WeightsCache cache, DownloadSettings settings) {
        this.cache = cache;
        this.settings = settings;
        this.client = HttpClient.newBuilder()
                // Hugging Face and GitHub answer with redirects to their CDNs.
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(settings.connectTimeout())
                // One large sequential body gains nothing from HTTP/2, and 1.1 keeps Range handling simple.
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public WeightsCache cache() {
        return cache;
    }

    /** As {@link #fetch(KnownWeights, RunListener)}, reporting to nobody. */
    public Path fetch(KnownWeights weights) {
        return fetch(weights, RunListener.silent());
    }

    /**
     * The verified local file of {@code weights}: the cached one if present (no network access),
     * else freshly downloaded. The file's extension tells its format.
     *
     * @throws DownloadFailedException when no source delivered a verified file
     * @throws DownloadInterruptedException when the thread was interrupted; a {@code .part} file
     *     may remain for the next run to resume, never a half-written final file
     */
    @SuppressWarnings("try") // the lock is held for the block's duration, not used inside it
    public Path fetch(KnownWeights weights, RunListener listener) {
        Optional<Path> cached = cache.find(weights);
        if (cached.isPresent()) {
            return cached.get();
        }
        createCacheDirectory();
        Path lockFile = cache.lockFileFor(weights);
        try (DownloadLock lock = DownloadLock.acquire(lockFile, settings.lockWait(),
                () -> listener.onEvent(new DownloadWaiting(lockFile)))) {
            // Whoever held the lock may have just finished this very download.
            cached = cache.find(weights);
            if (cached.isPresent()) {
                return cached.get();
            }
            return downloadFromSources(weights, listener);
        } catch (TimeoutException stillLocked) {
            throw new DownloadFailedException("another process has been downloading " + weights.id()
                    + " for over " + minutes(settings.lockWait()) + " (it holds " + lockFile
                    + "); try again when it has finished", List.of());
        } catch (InterruptedException | ClosedByInterruptException interrupted) {
            throw interrupted(weights);
        } catch (IOException lockProblem) {
            if (Thread.currentThread().isInterrupted()) {
                throw interrupted(weights);
            }
            throw new AtelierException(lockFile + ": cannot lock the weights cache (" + lockProblem.getMessage() + ")",
                    lockProblem);
        }
    }

    private Path downloadFromSources(KnownWeights weights, RunListener listener) throws InterruptedException {
        List<SourceFailure> failures = new ArrayList<>();
        List<Source> sources = weights.sources();
        for (int index = 0; index < sources.size(); index++) {
            Source source = sources.get(index);
            try {
                return downloadFrom(weights, source, listener);
            } catch (SourceRejectedException rejected) {
                SourceFailure failure = new SourceFailure(source.url(), rejected.getMessage());
                failures.add(failure);
                listener.onEvent(new DownloadSourceFailed(failure.source(), failure.reason(), index + 1 < sources.size()));
            }
        }
        throw new DownloadFailedException(failureMessage(weights, failures), failures);
    }

    private Path downloadFrom(KnownWeights weights, Source source, RunListener listener)
            throws InterruptedException, SourceRejectedException {
        Path partialFile = cache.partialFileFor(source);
        boolean restartedAfterMismatch = false;
        int attempt = 1;
        while (true) {
            TransferAttempt transfer = new TransferAttempt(client, settings, weights, source, partialFile, listener);
            String reason;
            try {
                String actual = transfer.run();
                Optional<ExpectedSha256> expected = cache.expectedFor(source);
                if (expected.isEmpty() || expected.get().matches(actual)) {
                    Path installed = install(source, partialFile, actual);
                    if (expected.isEmpty()) {
                        cache.record(source, actual);
                    }
                    return installed;
                }
                deleteQuietly(partialFile);
                if (transfer.resumed() && !restartedAfterMismatch) {
                    // The kept prefix may belong to an older version of the file; one clean download decides.
                    restartedAfterMismatch = true;
                    listener.onEvent(new DownloadRetried(source.url(), attempt, "resumed file failed verification, starting over"));
                    continue;
                }
                throw new SourceRejectedException("SHA-256 " + abbreviate(actual) + " does not match the "
                        + (source.sha256().isPublished() ? "published " : "first download's ")
                        + abbreviate(expected.get().hex()));
            } catch (ClosedByInterruptException interrupted) {
                throw new InterruptedException();
            } catch (IOException failure) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException();
                }
                reason = describe(failure, source);
                if (isUnknownHost(failure)) {
                    // No DNS answer means offline or a dead host name: retrying only makes an offline user wait.
                    throw new SourceRejectedException(reason);
                }
            }
            if (attempt >= settings.attemptsPerSource()) {
                throw new SourceRejectedException(attempt == 1 ? reason : reason + ", " + attempt + " attempts");
            }
            attempt++;
            listener.onEvent(new DownloadRetried(source.url(), attempt, reason));
            pause(pauseBefore(attempt), weights);
        }
    }

    /** Sleeps {@code millis}, in short naps between which the thread's cancellation is checked. */
    private static void pause(long millis, KnownWeights weights) throws InterruptedException {
        Cancellation cancellation = Cancellation.current();
        long deadline = System.nanoTime() + millis * 1_000_000;
        for (long left = millis; left > 0; left = (deadline - System.nanoTime()) / 1_000_000) {
            if (cancellation.isRequested()) {
                throw new DownloadInterruptedException("download of " + weights.id() + " stopped before a retry");
            }
            Thread.sleep(Math.min(left, 200));
        }
    }

    /** Doubles the pause for each further attempt (capped), so a briefly overloaded server can recover. */
    private long pauseBefore(int attempt) {
        return settings.retryPause().toMillis() << Math.min(attempt - 2, 6);
    }

    /** Moves the verified {@code .part} into place in one step, then records the verification. */
    private Path install(Source source, Path partialFile, String sha256) {
        Path target = cache.fileFor(source);
        try {
            Files.deleteIfExists(VerificationMarker.pathFor(target));
            Files.move(partialFile, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(target.getParent());
            VerificationMarker marker = new VerificationMarker(sha256, Files.size(target));
            marker.writeFor(target);
        } catch (IOException failure) {
            throw new AtelierException(target + ": cannot store the downloaded weights (" + failure.getMessage() + ")",
                    failure);
        }
        return target;
    }

    /** Makes the rename durable too; only some platforms allow opening a folder, others need no help. */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException unsupported) {
            // Windows cannot open a directory as a channel; its rename is already durable enough.
        }
    }

    private void createCacheDirectory() {
        try {
            Files.createDirectories(cache.directory());
        } catch (IOException failure) {
            throw new AtelierException(cache.directory() + ": cannot create the weights cache folder ("
                    + failure.getMessage() + "); set " + WeightsCache.HOME_VARIABLE + " to a writable folder", failure);
        }
    }

    private String failureMessage(KnownWeights weights, List<SourceFailure> failures) {
        String tried = failures.stream().map(SourceFailure::toString).collect(Collectors.joining("; "));
        String names = weights.sources().stream().map(Source::fileName).distinct().collect(Collectors.joining(" or "));
        // The model store words its own advice (which option takes a local copy); this is what the cache can say.
        return "could not download " + weights.id() + ": " + tried + ". Place a copy in " + cache.directory() + " as "
                + names + " to use it instead";
    }

    private DownloadInterruptedException interrupted(KnownWeights weights) {
        Thread.currentThread().interrupt();
        return new DownloadInterruptedException("download of " + weights.id()
                + " interrupted; any partial file is kept in " + cache.directory() + " and resumed next time");
    }

    private static boolean isUnknownHost(IOException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnresolvedAddressException || cause instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    /** A one-line reason for a failed request; the JDK's own messages are often empty. */
    private String describe(IOException failure, Source source) {
        if (failure instanceof HttpConnectTimeoutException) {
            return "no connection within " + seconds(settings.connectTimeout());
        }
        if (failure instanceof HttpTimeoutException) {
            return "no response within " + seconds(settings.connectTimeout().plus(settings.stallTimeout()));
        }
        if (isUnknownHost(failure)) {
            return "unknown host " + source.url().getHost();
        }
        if (failure instanceof ConnectException) {
            return "cannot connect to " + source.url().getAuthority();
        }
        String detail = failure.getMessage();
        if ((detail == null || detail.isBlank()) && failure.getCause() != null) {
            detail = failure.getCause().toString();
        }
        if (detail == null || detail.isBlank()) {
            detail = failure.getClass().getSimpleName();
        }
        return detail.replaceAll("\\s+", " ").trim();
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A leftover .part is harmless: the next attempt restarts it when the digest fails again.
        }
    }

    private static String abbreviate(String hex) {
        return hex.length() > 16 ? hex.substring(0, 16) + "..." : hex;
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() / 1000.0 + " s";
    }

    private static String minutes(Duration duration) {
        return duration.toMinutes() > 0 ? duration.toMinutes() + " min" : seconds(duration);
    }
}
