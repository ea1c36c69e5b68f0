package dev.atelier.studio;

import dev.atelier.models.KnownModel;
import dev.atelier.models.ModelStore;
import dev.atelier.progress.DownloadProgressed;
import dev.atelier.progress.RunEvent;
import dev.atelier.progress.RunListener;
import dev.atelier.weights.download.DownloadFailedException;
import dev.atelier.weights.download.SourceFailure;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Whether a known model can be had on this server, asked when a job is submitted so that a job whose
 * networks cannot be had is refused at once rather than accepted and failed later. A cached model
 * can; otherwise its download starts now (on a thread of its own, once per model however many
 * submissions ask) and the answer waits until it is decided, for {@code wait} at most: it can once
 * the file is in or its bytes are arriving; it cannot when every source has failed. Still undecided
 * after the wait (a slow server), it is given the benefit of the doubt: the job is accepted, and
 * its run waits for the download to finish (the cache's lock keeps the two fetches one).
 */
final class ModelFetches {
    private final ModelStore models;
    private final Duration wait;
    private final Map<String, CompletableFuture<Optional<String>>> attempts = new ConcurrentHashMap<>();

    ModelFetches(ModelStore models, Duration wait) {
        this.models = models;
        this.wait = wait;
    }

    /** Whether the model's file is in the cache (never downloads). */
    boolean cached(KnownModel model) {
        try {
            return models.cached(model).isPresent();
        } catch (RuntimeException unreadable) {
            return false;
        }
    }

    /** Why {@code model} cannot be had now, or empty when it can (or may yet). */
    Optional<String> problem(KnownModel model) {
        if (cached(model)) {
            return Optional.empty();
        }
        CompletableFuture<Optional<String>> fresh = new CompletableFuture<>();
        CompletableFuture<Optional<String>> attempt = attempts.putIfAbsent(model.name(), fresh);
        if (attempt == null) {
            // Started only once it is in the map, so that its end always finds itself there to remove.
            attempt = fresh;
            start(model, fresh);
        }
        try {
            return attempt.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException undecided) {
            return Optional.empty();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException unexpected) {
            return Optional.of(String.valueOf(unexpected.getCause()));
        }
    }

    private void start(KnownModel model, CompletableFuture<Optional<String>> decided) {
        RunListener arriving = new RunListener() {
            @Override
            public void onEvent(RunEvent event) {
                if (event instanceof DownloadProgressed progress && progress.bytesDone() > 0) {
                    decided.complete(Optional.empty());
                }
            }
        };
        Thread fetch = new Thread(() -> {
            try {
                models.fetch(model, arriving);
                decided.complete(Optional.empty());
            } catch (DownloadFailedException failed) {
                decided.complete(Optional.of(reason(failed)));
            } catch (RuntimeException failed) {
                decided.complete(Optional.of(failed.getMessage() == null ? failed.toString() : failed.getMessage()));
            } finally {
                // The next submission asks again: a model fetched is cached, and a failure may be mended.
                attempts.remove(model.name(), decided);
            }
        }, "atelier-fetch-" + model.name());
        fetch.setDaemon(true);
        fetch.start();
    }

    /** Each source tried and why it failed, without the library's advice (it speaks of paths on the server). */
    private static String reason(DownloadFailedException failed) {
        if (failed.failures().isEmpty()) {
            return "no source to download it from can be used";
        }
        return failed.failures().stream().map(SourceFailure::toString).collect(Collectors.joining("; "));
    }
}
