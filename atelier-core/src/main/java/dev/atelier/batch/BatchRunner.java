package dev.atelier.batch;

import com.google.gson.JsonObject;
import dev.atelier.Failures;
import dev.atelier.Cancellation;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.RgbImage;
import dev.atelier.progress.RunListener;
import dev.atelier.progress.RunStarted;
import dev.atelier.progress.StepFinished;
import dev.atelier.progress.Warning;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Runs a {@link BatchPlan} with one {@link PairMethod} into an output folder.
 *
 * <p>Order and memory: pairs run photo by photo (for batching methods, a few photos at a time, each
 * style over all of them), so each photo is decoded once and only the current photos, the next ones
 * (decoded ahead on a second thread) and a few ready styles are held. Results are encoded and
 * written on a second thread too, while the network works on the next pair. On a two-core machine
 * this gains nothing measurable (PyTorch's two compute threads already keep both cores busy: 90
 * pairs per minute either way for 12-megapixel JPEGs through a feed-forward network at 512 pixels),
 * but it costs nothing either, and it hides decoding and disk waits wherever cores or a GPU are free.
 *
 * <p>Batching: with {@link BatchOptions#batchSize()} above 1, equally sized photos (as cropping
 * makes them) go through a batching method's network together, within
 * {@link BatchOptions#maxBatchPixels()} pixels. It is off by default because on CPUs it was slower
 * (see {@link BatchOptions#batchSize()}).
 *
 * <p>Clips: when the method repaints clips ({@link PairMethod#clips()}), a photo that is a clip is
 * never decoded here: each of its pairs is handed whole to {@link PairMethod#stylizeClip}, which
 * streams the frames and writes the clip and its report; the batch names, records, resumes, fails and
 * shows it as any pair (a stopped clip is pending again, its finished frames kept by the method).
 *
 * <p>Failures: a photo or style that cannot be read, or a pair whose method fails, fails only its own
 * pairs (a failed batch is retried photo by photo to find the culprit); the reasons go to the
 * manifest, the listener and the summary. The runner itself throws only when the output folder
 * cannot be used, its manifest shows other settings, or the manifest cannot be written.
 */
public final class BatchRunner {
    private final PairMethod<?> method;
    private final BatchOptions options;

    public BatchRunner(PairMethod<?> method, BatchOptions options) {
        this.method = method;
        this.options = options;
    }

    /**
     * The files a run of {@code plan} will write that are known before it runs, each with what it is:
     * the manifest, the contact sheet and index page when made, and in the flat layout every result
     * and report (numbered folders are chosen as the run starts). A {@link BatchOptions#shard() slice}
     * writes its own manifest and its pairs' files only; a {@link BatchOptions#merge() merge} only the
     * manifest, contact sheet and index page.
     */
    public static Map<Path, String> plannedOutputs(BatchPlan plan, BatchOptions options) {
        return plannedOutputs(plan, options, null);
    }

    /**
     * As {@link #plannedOutputs(BatchPlan, BatchOptions)}, for a batch whose clips among the photos
     * {@code clips} name ({@code null}: none are repainted).
     */
    public static Map<Path, String> plannedOutputs(BatchPlan plan, BatchOptions options, ClipFiles clips) {
        Path folder = options.outputFolder();
        Map<Path, String> files = new LinkedHashMap<>();
        files.put(folder.resolve(options.manifestFileName()), "batch manifest");
        if (options.sheets() && options.shard() == null) {
            files.put(folder.resolve("contact-sheet." + options.format().extension()), "contact sheet");
            files.put(folder.resolve(IndexPage.FILE_NAME), "index page");
        }
        if (options.layout() == OutputLayout.FLAT && !options.merge()) {
            for (BatchPlan.Pair pair : plan.pairs()) {
                if (options.shard() == null || options.shard().contains(pair.name())) {
                    Path content = plan.contentOf(pair);
                    boolean clip = ClipFiles.repaints(clips, content);
                    files.put(folder.resolve(pair.name() + "." + (clip ? clips.resultExtension(content)
                            : options.format().extension())), clip ? "repainted clip" : "result");
                    files.put(folder.resolve(pair.name() + ".json"), "report");
                }
            }
        }
        return files;
    }

    /** The size photos are brought to: the batch's, else the method's default (0: their own). */
    public int size() {
        return options.size() > 0 ? options.size() : method.defaultSize();
    }

    /**
     * Runs every pair not already finished. Returns when all are done or failed, or, after a
     * cancellation, once the pair under way has stopped; either way the manifest, contact sheet and
     * index are up to date and no file is half-written.
     */
    public BatchSummary run(BatchPlan plan, RunListener listener, Cancellation cancellation) {
        if (options.merge()) {
            throw new IllegalArgumentException("a merge makes no pairs: use BatchMerge");
        }
        if (options.shard() == null) {
            return execute(plan, listener, cancellation);
        }
        // A slice writes its own manifest; the merge draws the one contact sheet and index page.
        BatchOptions slice = options.toBuilder().optSheets(false).build();
        Optional<BatchPlan> mine = slice.shard().select(plan);
        if (mine.isEmpty()) {
            return emptySlice(slice);
        }
        return new BatchRunner(method, slice).execute(mine.get(), listener, cancellation);
    }

    private BatchSummary execute(BatchPlan plan, RunListener listener, Cancellation cancellation) {
        return new Run<>(method, plan, new SerialListener(listener), cancellation).execute();
    }

    /** A slice no pair falls in: its manifest, listing nothing, tells the merge that it ran. */
    private BatchSummary emptySlice(BatchOptions slice) {
        Path folder = slice.outputFolder();
        try (OutputFolder held = OutputFolder.open(folder, slice.shard())) {
            Manifest.of(folder, slice.manifestFileName(), method.name(), settings(), slice.format(), List.of()).save();
        }
        return new BatchSummary(0, 0, 0, 0, 0, false, 0, List.of(), List.of(),
                folder.resolve(slice.manifestFileName()), null, null);
    }

    /**
     * The settings recorded in the manifest: everything that shapes results. A runner that makes
     * pairs elsewhere (a cluster job) records these too, so that its folder and a batch's agree.
     */
    public JsonObject settings() {
        JsonObject settings = new JsonObject();
        settings.addProperty("method", method.name());
        settings.addProperty("size", size());
        settings.addProperty("crop", options.crop().displayName());
        if (options.crop() == CropMode.RANDOM) {
            settings.addProperty("crop_seed", options.seed());
        }
        settings.addProperty("format", options.format().extension());
        settings.addProperty("layout", options.layout().name().toLowerCase(Locale.ROOT));
        settings.add("method_settings", method.settings());
        return settings;
    }

    /** A one-line reason for a failed pair. */
    static String message(Throwable failure) {
        return Failures.oneLine(failure);
    }

    /** One run: its state from start to summary. */
    private final class Run<S> {
        private final PairMethod<S> method;
        private final BatchPlan plan;
        private final RunListener listener;
        private final Cancellation cancellation;
        private final int size = size();
        private final ImageLoader loader = new ImageLoader(options.readOptions());
        private final ClipFiles clips;
        private final long startNanos = System.nanoTime();
        private Manifest manifest;
        private ResultWriter writer;
        private StyleCache<S> styles;
        private boolean stopped;

        Run(PairMethod<S> method, BatchPlan plan, RunListener listener, Cancellation cancellation) {
            this.method = method;
            this.plan = plan;
            this.listener = listener;
            this.cancellation = cancellation;
            this.clips = method.clips().orElse(null);
        }

        BatchSummary execute() {
            Path folder = options.outputFolder();
            try (OutputFolder held = OutputFolder.open(folder, options.shard())) {
                manifest = Manifest.open(folder, plan, method.name(), runSettings(), options, clips);
                ContactSheet sheet = new ContactSheet(plan, manifest, options, method.stylesAreImages(), clips);
                try (SerialWorker writing = new SerialWorker("atelier-batch-writer", options.overlapInputOutput());
                        SerialWorker reading = new SerialWorker("atelier-batch-reader", options.overlapInputOutput());
                        StyleCache<S> cache = new StyleCache<>(method.styleCacheSize())) {
                    styles = cache;
                    writer = new ResultWriter(plan, manifest, sheet, options, method.name(), listener, writing);
                    writer.start();
                    listener.onEvent(new RunStarted(method.name() + " into " + folder, plan.pairs().size(),
                            writer.skipped()));
                    try {
                        runWindows(reading);
                    } finally {
                        // Even when something unexpected stops the run, what finished is recorded.
                        writer.finish();
                    }
                }
                if (writer.fatal() != null) {
                    throw writer.fatal();
                }
                return summary(sheet);
            }
        }

        /**
         * The settings recorded in the manifest: the batch's, and the clips' own when some photos are
         * clips (only then, so that folders of pictures read alike with or without a video module).
         */
        private JsonObject runSettings() {
            JsonObject settings = settings();
            if (plan.contents().stream().anyMatch(content -> ClipFiles.repaints(clips, content))) {
                settings.add("clips", clips.clipSettings());
            }
            return settings;
        }

        /** Photo windows in turn, the next window's photos decoding while this one runs. */
        private void runWindows(SerialWorker reading) {
            List<Window> windows = windows();
            Future<Map<Integer, Photo>> next = windows.isEmpty() ? null : decode(reading, windows.get(0));
            for (int i = 0; i < windows.size() && !stopped; i++) {
                Map<Integer, Photo> photos = await(next);
                if (photos == null) {
                    break;
                }
                next = i + 1 < windows.size() ? decode(reading, windows.get(i + 1)) : null;
                runWindow(windows.get(i), photos);
                if (writer.fatal() != null) {
                    stopped = true;
                }
            }
        }

        /**
         * A few photos (one, unless the method batches) and their unfinished pairs; or one clip, which
         * is never decoded here but handed whole to the method.
         */
        private record Window(List<Integer> contents, List<Integer> pairs, boolean clip) {}

        private List<Window> windows() {
            Map<Integer, List<Integer>> byContent = new LinkedHashMap<>();
            for (int i = 0; i < plan.pairs().size(); i++) {
                if (manifest.entry(i).status() != PairStatus.DONE) {
                    byContent.computeIfAbsent(plan.pairs().get(i).content(), key -> new ArrayList<>()).add(i);
                }
            }
            int perWindow = method.batches() ? options.batchSize() : 1;
            List<Window> windows = new ArrayList<>();
            List<Integer> contents = new ArrayList<>();
            List<Integer> pairs = new ArrayList<>();
            for (Map.Entry<Integer, List<Integer>> entry : byContent.entrySet()) {
                if (ClipFiles.repaints(clips, plan.contents().get(entry.getKey()))) {
                    windows.add(new Window(List.of(entry.getKey()), List.copyOf(entry.getValue()), true));
                    continue;
                }
                contents.add(entry.getKey());
                pairs.addAll(entry.getValue());
                if (contents.size() == perWindow) {
                    windows.add(new Window(List.copyOf(contents), List.copyOf(pairs), false));
                    contents.clear();
                    pairs.clear();
                }
            }
            if (!contents.isEmpty()) {
                windows.add(new Window(contents, pairs, false));
            }
            return windows;
        }

        /** A photo ready for its pairs, or why it could not be read. */
        private record Photo(RgbImage image, String error) {}

        private Future<Map<Integer, Photo>> decode(SerialWorker reading, Window window) {
            if (window.clip()) {
                return CompletableFuture.completedFuture(Map.of());
            }
            return reading.submit(() -> {
                Map<Integer, Photo> photos = new HashMap<>();
                for (int content : window.contents()) {
                    try {
                        RgbImage image = PhotoPreparation.prepare(loader.read(plan.contents().get(content)),
                                options.crop(), size);
                        photos.put(content, new Photo(image, null));
                        writer.offerContent(content, image);
                    } catch (RuntimeException | OutOfMemoryError e) {
                        photos.put(content, new Photo(null, message(e)));
                    }
                }
                return photos;
            });
        }

        private Map<Integer, Photo> await(Future<Map<Integer, Photo>> photos) {
            try {
                return photos.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = true;
                return null;
            } catch (ExecutionException e) {
                throw new IllegalStateException("decoding photos failed unexpectedly", e.getCause());
            }
        }

        private void runWindow(Window window, Map<Integer, Photo> photos) {
            if (window.clip()) {
                runClip(window);
                return;
            }
            Map<Integer, List<Integer>> byStyle = new TreeMap<>();
            for (int pair : window.pairs()) {
                byStyle.computeIfAbsent(plan.pairs().get(pair).style(), key -> new ArrayList<>()).add(pair);
            }
            for (Map.Entry<Integer, List<Integer>> entry : byStyle.entrySet()) {
                List<Integer> ready = new ArrayList<>();
                for (int pair : entry.getValue()) {
                    Photo photo = photos.get(plan.pairs().get(pair).content());
                    if (photo.error() != null) {
                        writer.failed(pair, photo.error(), 0);
                    } else {
                        ready.add(pair);
                    }
                }
                if (ready.isEmpty()) {
                    continue;
                }
                if (cancellation.isRequested()) {
                    stopped = true;
                    return;
                }
                StyleCache.Entry<S> style = style(entry.getKey());
                for (List<Integer> group : groups(ready, photos)) {
                    if (cancellation.isRequested() || writer.fatal() != null) {
                        stopped = true;
                        return;
                    }
                    if (style.error() != null) {
                        group.forEach(pair -> writer.failed(pair, style.error(), 0));
                    } else {
                        runGroup(group, photos, style.style());
                    }
                }
            }
        }

        private StyleCache.Entry<S> style(int index) {
            boolean fresh = !styles.holds(index);
            StyleCache.Entry<S> entry = styles.get(index, () -> {
                try {
                    return new StyleCache.Entry<>(method.prepareStyle(plan.styles().get(index)), null);
                } catch (RuntimeException | OutOfMemoryError e) {
                    return new StyleCache.Entry<>(null, message(e));
                }
            });
            if (fresh && entry.style() != null) {
                method.picture(entry.style()).ifPresent(picture -> writer.offerStyle(index, picture));
            }
            return entry;
        }

        /** Pairs that run together: equally sized photos within the batch limits, else one by one. */
        private List<List<Integer>> groups(List<Integer> pairs, Map<Integer, Photo> photos) {
            List<List<Integer>> groups = new ArrayList<>();
            if (!method.batches() || options.batchSize() == 1) {
                pairs.forEach(pair -> groups.add(List.of(pair)));
                return groups;
            }
            Map<String, List<Integer>> bySize = new LinkedHashMap<>();
            for (int pair : pairs) {
                RgbImage image = photos.get(plan.pairs().get(pair).content()).image();
                int width = options.crop() == CropMode.RANDOM ? size : image.width();
                int height = options.crop() == CropMode.RANDOM ? size : image.height();
                bySize.computeIfAbsent(width + "x" + height, key -> new ArrayList<>()).add(pair);
            }
            for (List<Integer> sameSize : bySize.values()) {
                RgbImage first = photos.get(plan.pairs().get(sameSize.get(0)).content()).image();
                long pixels = options.crop() == CropMode.RANDOM ? (long) size * size
                        : (long) first.width() * first.height();
                int perGroup = (int) Math.max(1, Math.min(options.batchSize(), options.maxBatchPixels() / pixels));
                for (int start = 0; start < sameSize.size(); start += perGroup) {
                    groups.add(List.copyOf(sameSize.subList(start, Math.min(sameSize.size(), start + perGroup))));
                }
            }
            return groups;
        }

        private void runGroup(List<Integer> group, Map<Integer, Photo> photos, S style) {
            writer.running(group);
            List<PairInput> inputs = new ArrayList<>();
            List<JsonObject> batchParts = new ArrayList<>();
            for (int pair : group) {
                BatchPlan.Pair planned = plan.pairs().get(pair);
                PhotoPreparation.Cropped photo = PhotoPreparation.forPair(photos.get(planned.content()).image(),
                        options.crop(), size, options.seed(), planned.name());
                inputs.add(new PairInput(planned.name(), photo.image(), plan.contentOf(planned),
                        plan.styleOf(planned), manifest.output(pair)));
                batchParts.add(batchPart(planned, photo));
            }
            long start = System.nanoTime();
            List<PairResult> results;
            try {
                results = method.stylizeAll(inputs, style, context(inputs.get(0).name()));
            } catch (RuntimeException | OutOfMemoryError e) {
                double seconds = (System.nanoTime() - start) / 1e9;
                if (group.size() > 1) {
                    for (int pair : group) {
                        if (!stopped) {
                            runGroup(List.of(pair), photos, style);
                        }
                    }
                } else {
                    writer.failed(group.get(0), message(e), seconds);
                }
                return;
            }
            double seconds = (System.nanoTime() - start) / 1e9 / group.size();
            for (int i = 0; i < group.size(); i++) {
                PairResult result = results.get(i);
                if (result.cancelled()) {
                    writer.released(group.get(i));
                    stopped = true;
                } else {
                    writer.done(group.get(i), result, batchParts.get(i), seconds);
                }
            }
        }

        /**
         * A clip's pairs, style by style: each repainted whole by the method, which writes the clip and
         * its report (a clip is streamed, never held); the batch records it and adds its part to the
         * report. A stopped clip keeps its finished frames, which the next run's call continues from.
         */
        private void runClip(Window window) {
            List<Integer> pairs = new ArrayList<>(window.pairs());
            pairs.sort(Comparator.comparingInt(pair -> plan.pairs().get(pair).style()));
            for (int pair : pairs) {
                if (cancellation.isRequested() || writer.fatal() != null) {
                    stopped = true;
                    return;
                }
                BatchPlan.Pair planned = plan.pairs().get(pair);
                Path output = manifest.output(pair);
                writer.running(List.of(pair));
                long start = System.nanoTime();
                PairResult result;
                try {
                    Files.createDirectories(output.getParent());
                    result = method.stylizeClip(new ClipInput(planned.name(), plan.contentOf(planned),
                            plan.styleOf(planned), output, manifest.report(pair)), context(planned.name()));
                } catch (IOException | RuntimeException | OutOfMemoryError e) {
                    writer.failed(pair, message(e), (System.nanoTime() - start) / 1e9);
                    continue;
                }
                if (result.cancelled()) {
                    writer.released(pair);
                    stopped = true;
                    return;
                }
                JsonObject part = new JsonObject();
                part.addProperty("pair", planned.name());
                part.addProperty("settings_fingerprint", manifest.fingerprint());
                part.addProperty("size", size);
                // Clips are repainted whole: cropping cuts pictures only.
                part.addProperty("crop", CropMode.NONE.displayName());
                writer.clipDone(pair, result, part, (System.nanoTime() - start) / 1e9);
            }
        }

        /** The pair's steps as the batch's progress within it; its warnings as the batch's. */
        private PairContext context(String name) {
            return new PairContext(cancellation, event -> {
                if (event instanceof StepFinished step) {
                    writer.step(name, step.fraction());
                } else if (event instanceof Warning) {
                    listener.onEvent(event);
                }
            });
        }

        private JsonObject batchPart(BatchPlan.Pair pair, PhotoPreparation.Cropped photo) {
            return photo.reportPart(pair.name(), manifest.fingerprint(), size, options);
        }

        private BatchSummary summary(ContactSheet sheet) {
            List<FailedPair> failures = new ArrayList<>();
            List<Path> results = new ArrayList<>();
            for (int i = 0; i < manifest.size(); i++) {
                ManifestEntry entry = manifest.entry(i);
                if (entry.status() == PairStatus.FAILED) {
                    failures.add(new FailedPair(entry.name(), entry.error()));
                } else if (entry.status() == PairStatus.DONE) {
                    results.add(manifest.output(i));
                }
            }
            int pending = (int) (manifest.count(PairStatus.PENDING) + manifest.count(PairStatus.RUNNING));
            Path folder = options.outputFolder();
            return new BatchSummary(manifest.size(), writer.skipped(), writer.done(), writer.failed(), pending,
                    stopped || pending > 0, (System.nanoTime() - startNanos) / 1e9, failures, results,
                    folder.resolve(options.manifestFileName()), options.sheets() ? writer.sheetFile() : null,
                    options.sheets() ? folder.resolve(IndexPage.FILE_NAME) : null);
        }
    }
}
