package dev.atelier.spark;

import dev.atelier.Failures;
import dev.atelier.api.Atelier;
import dev.atelier.api.Style;
import dev.atelier.api.Stylist;
import dev.atelier.api.StylistRequest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The stylists of one executor JVM, kept for all its tasks and jobs: a method's networks load once
 * per executor, not once per task or partition.
 *
 * <p>A stylist belongs to one thread at a time, so a task borrows one for its whole run and gives it
 * back. With {@code spark.task.cpus} equal to the executor's cores (the setting the README advises)
 * an executor runs one task at a time and holds one stylist; with several task slots it holds one per
 * task running at once (each with its own copy of the networks), opened on first need. Models come
 * from each executor's own cache ({@code ATELIER_HOME}) or {@code ATELIER_MIRROR}.
 *
 * <p>In local mode the driver runs in the same JVM as the tasks: the stylist it opens to learn the
 * method's settings is the one the tasks then use.
 */
final class ExecutorStylists {
    private static final Map<String, Deque<Lease>> IDLE = new HashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();
    private static final AtomicInteger STYLES_PREPARED = new AtomicInteger();

    private ExecutorStylists() {}

    /** A stylist opened with {@code request}, idle or newly opened (which loads the networks). */
    static Lease borrow(StylistRequest request) {
        String key = key(request);
        synchronized (IDLE) {
            Deque<Lease> idle = IDLE.get(key);
            if (idle != null && !idle.isEmpty()) {
                return idle.pop();
            }
        }
        // Outside the lock: loading takes seconds, and another task may be borrowing meanwhile.
        Stylist stylist = Atelier.fromEnvironment().open(request);
        LOADS.incrementAndGet();
        return new Lease(key, stylist);
    }

    /** Returns a stylist for the next task. */
    static void giveBack(Lease lease) {
        synchronized (IDLE) {
            IDLE.computeIfAbsent(lease.key, key -> new ArrayDeque<>()).push(lease);
        }
    }

    /** How many times this JVM has loaded a method's networks. */
    static int networkLoads() {
        return LOADS.get();
    }

    /** How many times this JVM has prepared a style (a painting or a model) for a job. */
    static int stylesPrepared() {
        return STYLES_PREPARED.get();
    }

    /** Closes every idle stylist (a local run's end); borrowed ones stay with their tasks. */
    static void closeIdle() {
        synchronized (IDLE) {
            IDLE.values().forEach(leases -> leases.forEach(Lease::close));
            IDLE.clear();
        }
    }

    /** The method, its options and the read limits: stylists opened alike serve alike. */
    private static String key(StylistRequest request) {
        return request.methodName() + " " + new TreeMap<>(request.options()) + " " + request.readOptions();
    }

    /**
     * A borrowed stylist and the styles it has prepared for the current job: each style once per
     * executor (Magenta's embedding, AdaIN's statistics, a painting at the method's size, a loaded
     * network), kept for every photo that uses it. Styles of an earlier job are released when the
     * next job first asks for one.
     */
    static final class Lease {
        private final String key;
        private final Stylist stylist;
        private final Map<Integer, Object> styles = new HashMap<>();
        private String jobId;

        private Lease(String key, Stylist stylist) {
            this.key = key;
            this.stylist = stylist;
        }

        Stylist stylist() {
            return stylist;
        }

        /**
         * The job's style {@code index}, prepared on first use; a style that cannot be prepared fails
         * every pair that uses it, with the same reason, without trying again.
         *
         * @throws StyleUnusable carrying the reason
         */
        Style style(String job, int index, Supplier<Style> prepare) {
            if (!job.equals(jobId)) {
                releaseStyles();
                jobId = job;
            }
            Object style = styles.computeIfAbsent(index, key -> {
                STYLES_PREPARED.incrementAndGet();
                try {
                    return prepare.get();
                } catch (RuntimeException | OutOfMemoryError e) {
                    return Failures.oneLine(e);
                }
            });
            if (style instanceof String reason) {
                throw new StyleUnusable(reason);
            }
            return (Style) style;
        }

        private void releaseStyles() {
            styles.values().forEach(style -> {
                if (style instanceof Style prepared) {
                    prepared.close();
                }
            });
            styles.clear();
        }

        private void close() {
            releaseStyles();
            stylist.close();
        }
    }

    /** A style its pairs cannot use; the message is the reason, already one line. */
    static final class StyleUnusable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StyleUnusable(String reason) {
            super(reason, null, false, false);
        }
    }
}
