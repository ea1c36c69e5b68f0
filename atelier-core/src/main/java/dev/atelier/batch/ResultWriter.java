package dev.atelier.batch;

import dev.atelier.progress.ItemFinished;
import dev.atelier.progress.RunListener;
import dev.atelier.progress.StepFinished;
import dev.atelier.progress.Warning;
import com.google.gson.JsonObject;
import dev.atelier.io.ImageSaver;
import dev.atelier.io.RgbImage;
import dev.atelier.report.StrictJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Everything the batch writes, done in order on one worker: results and reports, the manifest, the
 * contact sheet and the index page. Only this worker touches the manifest and sheet once the run has
 * started, so they need no locks. At most a few finished results wait in memory for it; the network
 * waits when more would.
 */
final class ResultWriter {
    private final BatchPlan plan;
    private final Manifest manifest;
    private final ContactSheet sheet;
    private final BatchOptions options;
    private final String method;
    private final RunListener listener;
    private final SerialWorker worker;
    private final int skipped;
    private final Semaphore waiting;
    private final long startNanos = System.nanoTime();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicReference<RuntimeException> fatal = new AtomicReference<>();
    private long lastManifestNanos;
    private long manifestWriteNanos;
    private long lastSheetNanos;
    private long sheetWriteNanos;
    private boolean sheetDirty;
    private boolean sheetWarned;

    ResultWriter(BatchPlan plan, Manifest manifest, ContactSheet sheet, BatchOptions options, String method,
            RunListener listener, SerialWorker worker) {
        this.plan = plan;
        this.manifest = manifest;
        this.sheet = sheet;
        this.options = options;
        this.method = method;
        this.listener = listener;
        this.worker = worker;
        this.skipped = (int) manifest.count(PairStatus.DONE);
        this.waiting = new Semaphore(2 * options.batchSize() + 2);
        this.lastManifestNanos = startNanos;
        this.lastSheetNanos = startNanos;
    }

    int skipped() {
        return skipped;
    }

    int done() {
        return done.get();
    }

    int failed() {
        return failed.get();
    }

    /** The run's progress, counting {@code currentFraction} of the pair under way; safe from any thread. */
    BatchProgress progress(double currentFraction) {
        return BatchProgress.of(manifest.size(), skipped, done.get(), failed.get(),
                (System.nanoTime() - startNanos) / 1e9, currentFraction);
    }

    /** Tells the listener how far the batch has come, {@code fraction} into the pair {@code name}. */
    void step(String name, double fraction) {
        BatchProgress progress = progress(fraction);
        double remaining = progress.secondsRemaining();
        listener.onEvent(new StepFinished("batch", progress.done() + progress.failed(),
                progress.total() - progress.skipped(), progress.fraction(fraction), progress.elapsedSeconds(),
                Double.isFinite(remaining) ? remaining : Double.NaN, Map.of(), name));
    }

    /** Records the plan and opens the index before the first pair. */
    void start() {
        task(() -> {
            manifest.save();
            writeIndex();
        });
    }

    void running(List<Integer> pairs) {
        task(() -> {
            pairs.forEach(pair -> manifest.set(pair, manifest.entry(pair).withStatus(PairStatus.RUNNING)));
            changed(false);
        });
    }

    /** Writes a result and its report, then records the pair as done. */
    void done(int pair, PairResult result, JsonObject batchPart, double seconds) {
        waiting.acquireUninterruptibly();
        task(() -> {
            try {
                Path output = manifest.output(pair);
                Files.createDirectories(output.getParent());
                new ImageSaver().write(result.image(), output);
                JsonObject report = result.report().deepCopy();
                batchPart.addProperty("seconds", seconds);
                report.add("batch", batchPart);
                StrictJson.write(report, manifest.report(pair));
                manifest.set(pair, manifest.entry(pair).done(seconds));
                sheet.offerResult(pair, result.image());
                done.incrementAndGet();
                finished(pair, PairStatus.DONE, null, seconds, output);
            } catch (IOException | RuntimeException e) {
                recordFailure(pair, BatchRunner.message(e), seconds);
            }
        }, waiting::release);
    }

    /**
     * Records a clip the method wrote itself: its report gets the batch's part (rewritten whole),
     * then the pair is done.
     */
    void clipDone(int pair, PairResult result, JsonObject batchPart, double seconds) {
        task(() -> {
            try {
                Path output = manifest.output(pair);
                if (!Files.isRegularFile(output)) {
                    throw new IllegalStateException(output + ": the repainted clip was not written");
                }
                JsonObject report = result.report().deepCopy();
                batchPart.addProperty("seconds", seconds);
                report.add("batch", batchPart);
                StrictJson.write(report, manifest.report(pair));
                manifest.set(pair, manifest.entry(pair).done(seconds));
                if (result.image() != null) {
                    sheet.offerResult(pair, result.image());
                }
                done.incrementAndGet();
                finished(pair, PairStatus.DONE, null, seconds, output);
            } catch (RuntimeException e) {
                recordFailure(pair, BatchRunner.message(e), seconds);
            }
        });
    }

    void failed(int pair, String error, double seconds) {
        task(() -> recordFailure(pair, error, seconds));
    }

    /** A pair that was stopped before it finished: pending again, for the next run. */
    void released(int pair) {
        task(() -> {
            manifest.set(pair, manifest.entry(pair).withStatus(PairStatus.PENDING));
            changed(false);
        });
    }

    void offerContent(int content, RgbImage picture) {
        task(() -> sheet.offerContent(content, picture));
    }

    void offerStyle(int style, RgbImage picture) {
        task(() -> sheet.offerStyle(style, picture));
    }

    /** The first error that made writing impossible (the manifest could not be saved), or {@code null}. */
    RuntimeException fatal() {
        return fatal.get();
    }

    /** Writes the manifest, contact sheet and index a last time; waits for every write. */
    void finish() {
        task(() -> {
            manifest.save();
            writeSheetAndIndex();
        });
    }

    private void recordFailure(int pair, String error, double seconds) {
        manifest.set(pair, manifest.entry(pair).failed(error, seconds));
        failed.incrementAndGet();
        finished(pair, PairStatus.FAILED, error, seconds, manifest.output(pair));
    }

    private void finished(int pair, PairStatus status, String error, double seconds, Path output) {
        BatchProgress progress = progress(0);
        String name = manifest.entry(pair).name();
        boolean failure = status == PairStatus.FAILED;
        listener.onEvent(new ItemFinished(name, failure ? null : output, failure ? error : null,
                progress.done() + progress.failed(), progress.total() - progress.skipped()));
        step(name, 0);
        changed(true);
    }

    /**
     * Saves the manifest, and redraws the sheet and index, when their intervals have passed. Each
     * waits at least ten times as long as its last write took, so that for huge batches (a
     * 100,000-pair manifest takes half a second to write) bookkeeping stays under a tenth of the time.
     */
    private void changed(boolean sheetChanged) {
        sheetDirty |= sheetChanged;
        long now = System.nanoTime();
        if (now - lastManifestNanos >= Math.max(seconds(options.manifestIntervalSeconds()),
                10 * manifestWriteNanos)) {
            manifest.save();
            manifestWriteNanos = System.nanoTime() - now;
            lastManifestNanos = now;
        }
        if (sheetDirty && now - lastSheetNanos >= Math.max(seconds(options.sheetIntervalSeconds()),
                10 * sheetWriteNanos)) {
            long start = System.nanoTime();
            writeSheetAndIndex();
            lastSheetNanos = System.nanoTime();
            sheetWriteNanos = lastSheetNanos - start;
            sheetDirty = false;
        }
    }

    private static long seconds(double seconds) {
        return (long) (seconds * 1e9);
    }

    private void writeSheetAndIndex() {
        if (!options.sheets()) {
            return;
        }
        Path sheetFile = sheetFile();
        try {
            sheet.write(sheetFile);
        } catch (RuntimeException e) {
            if (!sheetWarned) {
                sheetWarned = true;
                listener.onEvent(new Warning("could not write the contact sheet " + sheetFile + ": "
                        + BatchRunner.message(e)));
            }
        }
        writeIndex();
    }

    private void writeIndex() {
        if (!options.sheets()) {
            return;
        }
        IndexPage.write(options.outputFolder().resolve(IndexPage.FILE_NAME), method, plan, manifest, sheet,
                sheetFile(), Math.min(options.cellSize(), 160));
    }

    Path sheetFile() {
        return options.outputFolder().resolve("contact-sheet." + options.format().extension());
    }

    private void task(Runnable task) {
        task(task, () -> {});
    }

    /** Runs {@code task} on the worker unless writing already failed for good; {@code always} runs anyway. */
    private void task(Runnable task, Runnable always) {
        worker.run(() -> {
            try {
                if (fatal.get() == null) {
                    task.run();
                }
            } catch (RuntimeException e) {
                // Only the manifest, index and sheet bookkeeping get here: without them no rerun can resume.
                fatal.compareAndSet(null, e);
            } finally {
                always.run();
            }
        });
    }
}
