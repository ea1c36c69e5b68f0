package dev.atelier.video.ffmpeg;

import dev.atelier.Cancellation;
import dev.atelier.Failures;
import dev.atelier.UnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of an FFmpeg program: its standard error kept (the last lines only, so a chatty or hostile
 * stream cannot fill memory), every wait cancellable, and the child killed when the wait is cancelled
 * or interrupted, or when this object is closed before the program ended.
 */
final class Subprocess implements AutoCloseable {
    /** Standard error lines kept: enough for FFmpeg's reason, never the whole log. */
    private static final int KEPT_LINES = 20;
    /** Longest standard error line kept. */
    private static final int LINE_LIMIT = 1000;
    private static final long POLL_MILLISECONDS = 50;

    private final List<String> command;
    private final Process process;
    private final Deque<String> errorLines = new ArrayDeque<>();
    private final Thread errorReader;

    private Subprocess(List<String> command, Process process) {
        this.command = List.copyOf(command);
        this.process = process;
        this.errorReader = new Thread(this::drainErrors, "ffmpeg-stderr");
        errorReader.setDaemon(true);
        errorReader.start();
    }

    /**
     * Starts a program; its standard input and output are pipes the caller may use.
     *
     * @throws UnavailableException when it cannot be started
     */
    static Subprocess start(List<String> command) {
        try {
            return new Subprocess(command, new ProcessBuilder(command).start());
        } catch (IOException failure) {
            throw new UnavailableException(command.get(0) + ": cannot run it (" + Failures.summary(failure) + ")",
                    failure);
        }
    }

    InputStream output() {
        return process.getInputStream();
    }

    OutputStream input() {
        return process.getOutputStream();
    }

    /**
     * Waits for the program to end and returns its exit status, or {@code -1} when the wait was
     * cancelled (or the thread interrupted): the program is then killed.
     */
    int await(Cancellation cancellation) {
        try {
            while (!process.waitFor(POLL_MILLISECONDS, TimeUnit.MILLISECONDS)) {
                if (cancellation.isRequested()) {
                    kill();
                    return -1;
                }
            }
            errorReader.join(TimeUnit.SECONDS.toMillis(5));
            return process.exitValue();
        } catch (InterruptedException interrupted) {
            kill();
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * Waits at most {@code seconds} for the program to end on its own (after its input was closed),
     * killing it after that; returns its exit status, or {@code -1} when it had to be killed.
     */
    int awaitWithin(double seconds) {
        try {
            if (process.waitFor((long) (seconds * 1000), TimeUnit.MILLISECONDS)) {
                errorReader.join(TimeUnit.SECONDS.toMillis(5));
                return process.exitValue();
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        kill();
        return -1;
    }

    /**
     * Reads standard output on a thread of its own into memory, at most {@code limit} bytes (the rest
     * is read and dropped, so the program never blocks on a full pipe); the result is complete once
     * {@link #await} returned.
     */
    Collected collectOutput(int limit) {
        Collected collected = new Collected(limit);
        Thread reader = new Thread(() -> collected.readFrom(process.getInputStream()), "ffmpeg-stdout");
        reader.setDaemon(true);
        collected.reader = reader;
        reader.start();
        return collected;
    }

    /** A program's standard output as read by {@link #collectOutput}. */
    static final class Collected {
        private final int limit;
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        private boolean overflowed;
        private Thread reader;

        private Collected(int limit) {
            this.limit = limit;
        }

        private void readFrom(InputStream stream) {
            byte[] buffer = new byte[1 << 16];
            try (stream) {
                int read;
                while ((read = stream.read(buffer)) != -1) {
                    synchronized (this) {
                        int room = limit - bytes.size();
                        if (read > room) {
                            overflowed = true;
                        }
                        bytes.write(buffer, 0, Math.max(0, Math.min(read, room)));
                    }
                }
            } catch (IOException closed) {
                // Killed or ended: what was read is kept.
            }
        }

        /** Whether the program wrote more than the limit. */
        synchronized boolean overflowed() {
            return overflowed;
        }

        /** What was read, as UTF-8 text; waits a little for the reader to see the end. */
        String text() {
            try {
                reader.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            synchronized (this) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }
    }

    /**
     * Kills the program as soon as {@code cancellation} is requested while it runs (checked every
     * {@value #POLL_MILLISECONDS} ms on a daemon thread), so that no read of its output can block a
     * cancelled run.
     */
    void killWhen(Cancellation cancellation) {
        Thread watchdog = new Thread(() -> {
            try {
                while (process.isAlive()) {
                    if (cancellation.isRequested()) {
                        kill();
                        return;
                    }
                    Thread.sleep(POLL_MILLISECONDS);
                }
            } catch (InterruptedException stopped) {
                // The watchdog itself is not needed any more.
            }
        }, "ffmpeg-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Ends the program now, and its own children. */
    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last line FFmpeg wrote to standard error, cleaned of its {@code [demuxer @ 0x…]} prefix; "" if none. */
    String lastError() {
        synchronized (errorLines) {
            for (var lines = errorLines.descendingIterator(); lines.hasNext(); ) {
                String line = clean(lines.next());
                if (!line.isEmpty()) {
                    return line;
                }
            }
        }
        return "";
    }

    /** Every kept line of standard error, cleaned. */
    List<String> errors() {
        synchronized (errorLines) {
            return errorLines.stream().map(Subprocess::clean).filter(line -> !line.isEmpty()).toList();
        }
    }

    /** {@code [matroska,webm @ 0x55ad1b921740] File ended prematurely} becomes {@code File ended prematurely}. */
    static String clean(String line) {
        String text = line.replaceAll("\\[[^\\]]*@ 0x[0-9a-fA-F]+\\]\\s*", "").strip();
        return text.replaceAll("\\p{Cntrl}", " ");
    }

    String program() {
        return command.get(0);
    }

    private void drainErrors() {
        try (InputStream errors = new java.io.BufferedInputStream(process.getErrorStream())) {
            StringBuilder line = new StringBuilder();
            int next;
            while ((next = errors.read()) != -1) {
                if (next == '\n' || next == '\r') {
                    keep(line.toString());
                    line.setLength(0);
                } else if (line.length() < LINE_LIMIT) {
                    line.append((char) next);
                }
            }
            keep(line.toString());
        } catch (IOException closed) {
            // The program ended or was killed: what was read is kept.
        }
    }

    private void keep(String line) {
        if (line.isBlank()) {
            return;
        }
        String text = new String(line.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        synchronized (errorLines) {
            errorLines.addLast(text);
            while (errorLines.size() > KEPT_LINES) {
                errorLines.removeFirst();
            }
        }
    }

    /** Kills the program if it is still running. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // Already gone.
        }
    }
}
