package dev.atelier.weights.download;

import java.time.Duration;

/**
 * How patient a {@link Downloader} is. The defaults suit a real network; tests use tiny values.
 *
 * @param connectTimeout longest wait for a TCP/TLS connection
 * @param stallTimeout longest wait for the next bytes of a response (headers or body) before the
 *     request counts as failed and is retried, resuming where it stopped
 * @param attemptsPerSource requests made to one source before moving on to the next, at least 1
 * @param retryPause pause before the second attempt; it doubles for each later one
 * @param lockWait how long to wait for another process downloading the same weights
 */
public record DownloadSettings(Duration connectTimeout, Duration stallTimeout, int attemptsPerSource,
        Duration retryPause, Duration lockWait) {

    public DownloadSettings {
        requirePositive("connect timeout", connectTimeout);
        requirePositive("stall timeout", stallTimeout);
        if (attemptsPerSource < 1) {
            throw new IllegalArgumentException("attempts per source must be at least 1, got " + attemptsPerSource);
        }
        if (retryPause.isNegative() || lockWait.isNegative()) {
            throw new IllegalArgumentException("retry pause and lock wait cannot be negative");
        }
    }

    /** 15 s to connect, 30 s without data, 3 attempts per source 1 s apart, 30 min for a lock. */
    public static DownloadSettings defaults() {
        return new DownloadSettings(Duration.ofSeconds(15), Duration.ofSeconds(30), 3, Duration.ofSeconds(1),
                Duration.ofMinutes(30));
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
