package dev.atelier.cli.bench;

import dev.atelier.InvalidOptionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/** Timing helpers for the benchmarks: warm-up, repeated runs, medians, process memory. */
final class Measurements {
    private Measurements() {}

    /** Median seconds of {@code runs} calls after {@code warmup} uncounted ones. */
    static double medianSeconds(int warmup, int runs, Runnable work) {
        for (int i = 0; i < warmup; i++) {
            work.run();
        }
        double[] seconds = new double[runs];
        for (int i = 0; i < runs; i++) {
            seconds[i] = seconds(work);
        }
        return median(seconds);
    }

    /** Seconds one run of {@code work} takes. */
    static double seconds(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e9;
    }

    /** The middle value (the mean of the middle two for an even count). */
    static double median(double[] values) {
        if (values.length == 0) {
            // Every bench's figures are medians over --runs, so this is where a zero count shows.
            throw new InvalidOptionException("runs", "must be at least 1");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int count = sorted.length;
        return count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2;
    }

    /** Runs and times one call, returning its result and seconds. */
    static <T> Timed<T> time(Supplier<T> work) {
        long start = System.nanoTime();
        T result = work.get();
        return new Timed<>(result, (System.nanoTime() - start) / 1e9);
    }

    record Timed<T>(T result, double seconds) {}

    /** Peak resident memory of this process so far (VmHWM), in MiB; NaN where /proc is missing. */
    static double peakResidentMebibytes() {
        return procStatusKilobytes("VmHWM:") / 1024.0;
    }

    /** Current resident memory (VmRSS), in MiB. */
    static double residentMebibytes() {
        return procStatusKilobytes("VmRSS:") / 1024.0;
    }

    private static double procStatusKilobytes(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    return Double.parseDouble(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    static String format(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }
}
