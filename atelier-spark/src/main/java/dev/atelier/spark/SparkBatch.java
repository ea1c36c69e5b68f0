package dev.atelier.spark;

import com.google.gson.JsonObject;
import dev.atelier.BadInputException;
import dev.atelier.InvalidOptionException;
import dev.atelier.UnavailableException;
import dev.atelier.api.Methods;
import dev.atelier.api.StylistPairs;
import dev.atelier.api.StylistRequest;
import dev.atelier.batch.BatchOptions;
import dev.atelier.batch.BatchPlan;
import dev.atelier.batch.BatchRecord;
import dev.atelier.batch.BatchRunner;
import dev.atelier.batch.FailedPair;
import dev.atelier.batch.Manifest;
import dev.atelier.batch.ManifestEntry;
import dev.atelier.batch.PairStatus;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.RgbImage;
import dev.atelier.method.StyleKind;
import dev.atelier.method.StyleMethod;
import dev.atelier.method.StyleOptions;
import dev.atelier.progress.ItemFinished;
import dev.atelier.progress.RunListener;
import dev.atelier.progress.RunStarted;
import dev.atelier.progress.Warning;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;

/**
 * {@code atelier batch} on a Spark cluster: every photo with every painting (or trained model), or
 * the pairs of a CSV, with any method and options, made by the cluster's executors and written to
 * any path Spark writes, with the reports, manifest, contact sheet and index page {@code batch}
 * writes. Its folder is a batch folder: {@code atelier batch} on the same folder (and this job again)
 * skips what is done.
 *
 * <p>The driver plans (the same names and order as {@code batch}), opens the method once to learn its
 * settings (the networks' SHA-256: what the manifest's fingerprint covers), reads the paintings
 * through the cluster's file system and broadcasts them with the settings, and sends each task a few
 * photos with their unfinished pairs ({@link PairTasks}). Executors load the networks once each
 * ({@link ExecutorStylists}) and prepare each painting once each. Results and reports go straight from
 * the executors to the destination, each atomically; the outcomes (and contact sheet thumbnails) come
 * back to the driver, which writes the manifest, contact sheet and index page.
 *
 * <p>Reruns skip the pairs the manifest lists done (inputs unchanged, result and report present) and
 * redo failed ones; a task retried after dying, or a rerun after the driver died, also keeps every
 * result whose report shows it was made with these settings from these inputs. A photo or painting
 * that cannot be read fails its own pairs only; a destination that cannot be written fails the task
 * (Spark retries it) and in the end the job.
 *
 * <p>One job per output folder at a time: object stores have no locks to hold it with.
 */
public final class SparkBatch {
    /** A manifest of two million pairs is about a gigabyte; a larger file is not one of ours. */
    private static final long LARGEST_MANIFEST = 1L << 30;

    private SparkBatch() {}

    /**
     * Plans and runs a batch on {@code spark}'s cluster.
     *
     * @throws InvalidOptionException for a bad option, inputs given two ways, or a result that would
     *     overwrite an input
     * @throws BadInputException for inputs that are missing, or a destination holding results made
     *     with other settings
     * @throws UnavailableException when the destination cannot be written, a model cannot be had, or
     *     a task fails beyond Spark's retries
     */
    public static SparkBatchSummary run(SparkSession spark, SparkBatchRequest request, RunListener listener) {
        return new Job(spark, request, listener).run();
    }

    /** One job, from plan to manifest. */
    private static final class Job {
        private final SparkSession spark;
        private final SparkBatchRequest request;
        private final RunListener listener;
        private final long started = System.nanoTime();
        private final Configuration configuration;
        private final StyleMethod<?, ?> method;
        private final Map<String, String> methodOptions = new LinkedHashMap<>();
        private final Map<String, String> batchOptions = new LinkedHashMap<>();
        private final java.nio.file.Path staging;
        private final ImageLoader loader;
        private Path output;
        private FileSystem destination;
        private BatchOptions options;
        private SparkPlan plan;
        /** Why a painting could not be sent to the executors, by style: its pairs fail with it. */
        private final Map<Integer, String> problems = new HashMap<>();

        Job(SparkSession spark, SparkBatchRequest request, RunListener listener) {
            this.spark = spark;
            this.request = request;
            this.listener = listener;
            this.configuration = spark.sparkContext().hadoopConfiguration();
            this.method = Methods.get(request.methodName());
            this.loader = new ImageLoader(request.readOptions());
            try {
                this.staging = Files.createTempDirectory("atelier-spark-");
            } catch (IOException e) {
                throw new UnavailableException("cannot make a temporary folder (" + e.getMessage() + ")", e);
            }
        }

        SparkBatchSummary run() {
            try {
                return plannedAndRun();
            } finally {
                deleteStaging();
            }
        }

        private SparkBatchSummary plannedAndRun() {
            request.options().forEach((key, value) -> (BatchOptions.SCHEMA.has(key) && !method.options().has(key)
                    ? batchOptions : methodOptions).put(key, value));
            refuseOnSpark("shard", "Spark shares the pairs out itself");
            refuseOnSpark("merge", "a Spark job writes the whole batch's manifest itself");
            refuseOnSpark("numbered", "results of a Spark job keep their names");
            StylistRequest stylistRequest = StylistRequest.builder().optMethod(method.name()).optOptions(methodOptions)
                    .optReadOptions(request.readOptions()).build();
            StyleOptions parsed = (StyleOptions) method.options().parse(methodOptions);
            options = BatchOptions.SCHEMA.parse(batchOptions, builder -> builder.optOutputFolder(staging)
                    .optSize(parsed.size()).optReadOptions(request.readOptions()));
            prepareDestination();
            boolean withModels = method.styleKind() == StyleKind.MODELS;
            plan = SparkPlan.of(request, withModels, configuration, output);
            plan.requireNoInputOverwritten(output, outputNames());

            // The settings come from a stylist opened here; in local mode the tasks then use this one.
            if (isLocal()) {
                EngineThreads.match(spark.sparkContext().getConf().getInt("spark.task.cpus", 1));
            }
            JsonObject settings;
            int size;
            ExecutorStylists.Lease lease = ExecutorStylists.borrow(stylistRequest);
            try {
                BatchRunner runner = new BatchRunner(new StylistPairs("batch", lease.stylist()), options);
                settings = runner.settings();
                size = runner.size();
            } finally {
                ExecutorStylists.giveBack(lease);
            }

            BatchPlan pairs = plan.pairs();
            List<ManifestEntry> pending = new ArrayList<>();
            for (BatchPlan.Pair pair : pairs.pairs()) {
                pending.add(entry(pair, PairStatus.PENDING, null, 0, null));
            }
            String fingerprint = record(settings, pending).fingerprint();
            Previous previous = previous(fingerprint);
            Set<String> present = namesIn(output);
            List<ManifestEntry> entries = new ArrayList<>();
            for (int i = 0; i < pairs.pairs().size(); i++) {
                ManifestEntry fresh = pending.get(i);
                ManifestEntry old = previous.entries().get(fresh.name().toLowerCase(Locale.ROOT));
                boolean kept = old != null && old.status() == PairStatus.DONE
                        && fresh.contentStamp().equals(old.contentStamp()) && fresh.styleStamp().equals(old.styleStamp())
                        && old.folder() == null && present.contains(resultName(fresh.name()))
                        && present.contains(fresh.name() + ".json");
                entries.add(kept ? old : fresh);
            }
            List<PhotoWork> work = work(entries);
            int skipped = (int) entries.stream().filter(entry -> entry.status() == PairStatus.DONE).count();
            listener.onEvent(new RunStarted(method.name() + " on Spark into " + ClusterFiles.displayName(output),
                    entries.size(), skipped));
            if (work.isEmpty() && entries.equals(previous.listed()) && sheetAndIndexPresent(present)) {
                // Nothing to make and nothing new to record: the folder is left exactly as it is.
                return summary(entries, List.of(), 0, skipped);
            }
            uploadManifest(settings, entries);
            int leftovers = ClusterFiles.removeLeftovers(destination, output);
            if (leftovers > 0) {
                listener.onEvent(new Warning("removed " + leftovers + " temporary file" + (leftovers == 1 ? "" : "s")
                        + " an interrupted run left in " + ClusterFiles.displayName(output)));
            }
            List<PairOutcome> outcomes = List.of();
            int tasks = 0;
            Map<Integer, byte[]> paintings = new HashMap<>();
            if (!work.isEmpty()) {
                paintings = paintings(work);
                tasks = tasks(work);
                outcomes = make(work, tasks, settings, size, fingerprint, paintings);
            }
            for (PairOutcome outcome : outcomes) {
                ManifestEntry entry = entries.get(outcome.pair());
                BatchPlan.Pair pair = pairs.pairs().get(outcome.pair());
                entries.set(outcome.pair(), outcome.failed()
                        ? entry(pair, PairStatus.FAILED, outcome.error(), outcome.seconds(), outcome.finished())
                        : entry(pair, PairStatus.DONE, null, outcome.seconds(), outcome.finished()));
                listener.onEvent(new ItemFinished(entry.name(), outcome.failed() ? null
                        : ClusterFiles.nameView(new Path(output, resultName(entry.name()))), outcome.error(), 0, 0));
            }
            BatchRecord record = record(settings, entries);
            offerPictures(record, entries, outcomes, paintings);
            uploadAll(record);
            ClusterFiles.removeLeftovers(destination, output);
            return summary(entries, outcomes, tasks, skipped);
        }

        private void refuseOnSpark(String key, String why) {
            if (batchOptions.containsKey(key)) {
                throw new InvalidOptionException(key, "does not apply to a Spark job: " + why);
            }
        }

        private boolean isLocal() {
            return spark.sparkContext().isLocal();
        }

        /** The output folder qualified, made if missing (which shows it can be written). */
        private void prepareDestination() {
            Path given = new Path(request.output());
            destination = ClusterFiles.of(given, configuration);
            output = destination.makeQualified(given);
            try {
                if (destination.exists(output) && !destination.getFileStatus(output).isDirectory()) {
                    throw new InvalidOptionException("output", request.output() + " is a file, but a batch needs a "
                            + "folder");
                }
                if (!destination.mkdirs(output)) {
                    throw new IOException("the file system refused");
                }
            } catch (IOException e) {
                throw new UnavailableException(request.output() + ": cannot create the output folder ("
                        + e.getMessage() + ")", e);
            }
        }

        /** Every name the job writes into the output folder. */
        private Set<String> outputNames() {
            Set<String> names = new HashSet<>(List.of(Manifest.FILE_NAME, "index.html",
                    "contact-sheet." + options.format().extension()));
            for (BatchPlan.Pair pair : plan.pairs().pairs()) {
                names.add(resultName(pair.name()));
                names.add(pair.name() + ".json");
            }
            return names;
        }

        private String resultName(String pair) {
            return pair + "." + options.format().extension();
        }

        private ManifestEntry entry(BatchPlan.Pair pair, PairStatus status, String error, double seconds,
                String finished) {
            return new ManifestEntry(pair.name(), plan.contents().get(pair.content()).display(),
                    plan.styleDisplay(pair.style()), plan.contents().get(pair.content()).stamp(),
                    plan.styleStamp(pair.style()), null, status, error, seconds, finished);
        }

        private BatchRecord record(JsonObject settings, List<ManifestEntry> entries) {
            return new BatchRecord(plan.pairs(), method.name(), settings, options,
                    method.styleKind() == StyleKind.PAINTINGS, entries);
        }

        /** What an earlier run recorded here: its entries by name, and the list as it stood. */
        private record Previous(Map<String, ManifestEntry> entries, List<ManifestEntry> listed) {}

        /**
         * The destination's manifest, unless overwriting.
         *
         * @throws InvalidOptionException when it holds finished results made with other settings
         */
        private Previous previous(String fingerprint) {
            Path file = new Path(output, Manifest.FILE_NAME);
            try {
                if (options.overwrite() || !destination.exists(file)) {
                    return new Previous(Map.of(), List.of());
                }
            } catch (IOException e) {
                throw new UnavailableException(ClusterFiles.displayName(file) + ": cannot look it up (" + e.getMessage()
                        + ")", e);
            }
            java.nio.file.Path copy = staging.resolve("previous-" + Manifest.FILE_NAME);
            try {
                Files.write(copy, ClusterFiles.read(destination, file, LARGEST_MANIFEST));
            } catch (IOException e) {
                throw new UnavailableException("cannot copy the manifest to " + copy + " (" + e.getMessage() + ")", e);
            }
            BatchRecord.Written written;
            try {
                written = BatchRecord.read(copy);
            } catch (BadInputException e) {
                throw new BadInputException(ClusterFiles.displayName(file) + ": not an Atelier batch manifest, or "
                        + "damaged; move it away, or use {overwrite} to start this folder afresh");
            }
            boolean anyDone = written.entries().stream().anyMatch(entry -> entry.status() == PairStatus.DONE);
            if (anyDone && !written.fingerprint().equals(fingerprint)) {
                throw new InvalidOptionException(null, ClusterFiles.displayName(file) + ": this folder holds results "
                        + "made with other settings; use {overwrite} to redo them all, or another output folder");
            }
            Map<String, ManifestEntry> byName = new HashMap<>();
            written.entries().forEach(entry -> byName.put(entry.name().toLowerCase(Locale.ROOT), entry));
            return new Previous(byName, written.entries());
        }

        private Set<String> namesIn(Path folder) {
            Set<String> names = new HashSet<>();
            try {
                for (FileStatus status : destination.listStatus(folder)) {
                    if (status.isFile()) {
                        names.add(status.getPath().getName());
                    }
                }
            } catch (IOException e) {
                throw new UnavailableException(ClusterFiles.displayName(folder) + ": cannot list it (" + e.getMessage()
                        + ")", e);
            }
            return names;
        }

        private boolean sheetAndIndexPresent(Set<String> present) {
            return !options.sheets() || (present.contains("index.html")
                    && present.contains("contact-sheet." + options.format().extension()));
        }

        /** The unfinished pairs photo by photo, in the plan's order. */
        private List<PhotoWork> work(List<ManifestEntry> entries) {
            BatchPlan pairs = plan.pairs();
            BatchRecord sheet = record(new JsonObject(), entries);
            Map<Integer, List<PhotoWork.PairWork>> byPhoto = new LinkedHashMap<>();
            for (int i = 0; i < entries.size(); i++) {
                if (entries.get(i).status() != PairStatus.DONE) {
                    BatchPlan.Pair pair = pairs.pairs().get(i);
                    byPhoto.computeIfAbsent(pair.content(), key -> new ArrayList<>()).add(new PhotoWork.PairWork(i,
                            pair.style(), pair.name(), sheet.showsOnSheet(i)));
                }
            }
            List<PhotoWork> work = new ArrayList<>();
            byPhoto.forEach((content, list) -> {
                ClusterInputs.InputFile photo = plan.contents().get(content);
                work.add(new PhotoWork(content, photo.path().toString(), photo.display(), photo.stamp(),
                        sheet.showsContent(content), list));
            });
            return work;
        }

        /**
         * How many tasks: about {@link SparkBatchRequest#pairsPerTask()} pairs each, but at least two
         * per core the cluster offers (so no core idles while others finish), and no more than photos.
         */
        private int tasks(List<PhotoWork> work) {
            int pairs = work.stream().mapToInt(photo -> photo.pairs().size()).sum();
            int byPairs = (pairs + request.pairsPerTask() - 1) / request.pairsPerTask();
            int cores = spark.sparkContext().defaultParallelism();
            return Math.max(1, Math.min(work.size(), Math.max(byPairs, 2 * cores)));
        }

        /**
         * The bytes of every painting the work uses, read here through the cluster's file system (the
         * connectors Spark's {@code binaryFile} source reads with) to be broadcast with the settings. A
         * {@code binaryFile} scan would read them on the executors, but starting Spark SQL for it took
         * 25 s of a 41 s job on the test machine, for a handful of files read in milliseconds here.
         */
        private Map<Integer, byte[]> paintings(List<PhotoWork> work) {
            Map<Integer, byte[]> bytes = new HashMap<>();
            if (method.styleKind() != StyleKind.PAINTINGS) {
                return bytes;
            }
            Set<Integer> used = new TreeSet<>();
            work.forEach(photo -> photo.pairs().forEach(pair -> used.add(pair.style())));
            for (int style : used) {
                Path file = plan.styles().get(style).path();
                try {
                    bytes.put(style, ClusterFiles.read(ClusterFiles.of(file, configuration), file, largestImageFile()));
                } catch (BadInputException unusable) {
                    problems.put(style, unusable.getMessage());
                }
            }
            return bytes;
        }

        private long largestImageFile() {
            return ClusterFiles.largestImageFile(request.readOptions().maxPixels());
        }

        /** Runs the tasks and brings their outcomes back. */
        private List<PairOutcome> make(List<PhotoWork> work, int tasks, JsonObject settings, int size,
                String fingerprint, Map<Integer, byte[]> paintings) {
            List<JobSettings.StyleSource> sources = new ArrayList<>();
            for (int style = 0; style < plan.styles().size(); style++) {
                ClusterInputs.InputFile file = plan.styles().get(style);
                boolean named = file == null;
                sources.add(new JobSettings.StyleSource(named ? plan.modelNames().get(style) : file.path().toString(),
                        plan.styleDisplay(style), plan.styleStamp(style), paintings.get(style), named,
                        problems.get(style)));
            }
            JobSettings job = new JobSettings(UUID.randomUUID().toString(), method.name(), methodOptions,
                    request.readOptions().maxPixels(), batchOptions, size, fingerprint, output.toString(), sources,
                    options.overwrite());
            JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
            Broadcast<JobSettings> shared = context.broadcast(job);
            Broadcast<SerializableConfiguration> hadoop = SerializableConfiguration.broadcast(spark.sparkContext(),
                    configuration);
            int pairs = work.stream().mapToInt(photo -> photo.pairs().size()).sum();
            spark.sparkContext().setJobDescription("atelier batch: " + pairs + " pairs, " + method.name());
            try {
                return context.parallelize(work, tasks).mapPartitions(new PairTasks(shared, hadoop)).collect();
            } catch (RuntimeException e) {
                throw new UnavailableException("the Spark job failed: " + dev.atelier.Failures.oneLine(rootCause(e)),
                        e);
            } finally {
                spark.sparkContext().setJobDescription(null);
                shared.destroy();
                hadoop.destroy();
            }
        }

        /** The contact sheet's pictures: from the outcomes, else read once here. */
        private void offerPictures(BatchRecord record, List<ManifestEntry> entries, List<PairOutcome> outcomes,
                Map<Integer, byte[]> paintings) {
            if (!options.sheets()) {
                return;
            }
            Set<Integer> photos = new HashSet<>();
            Set<Integer> results = new HashSet<>();
            for (PairOutcome outcome : outcomes) {
                if (outcome.contentThumbnail() != null && photos.add(outcome.content())) {
                    offer(() -> record.offerContent(outcome.content(), loader.read(outcome.contentThumbnail(),
                            "thumbnail")));
                }
                if (outcome.resultThumbnail() != null && results.add(outcome.pair())) {
                    offer(() -> record.offerResult(outcome.pair(), loader.read(outcome.resultThumbnail(), "thumbnail")));
                }
            }
            for (int content = 0; content < plan.contents().size() && record.showsContent(content); content++) {
                if (!photos.contains(content)) {
                    Path file = plan.contents().get(content).path();
                    int index = content;
                    offer(() -> record.offerContent(index, read(file)));
                }
            }
            if (method.styleKind() == StyleKind.PAINTINGS) {
                for (int style = 0; style < plan.styles().size() && record.showsStyle(style); style++) {
                    byte[] bytes = paintings.get(style);
                    Path file = plan.styles().get(style).path();
                    int index = style;
                    offer(() -> record.offerStyle(index, bytes != null ? loader.read(bytes, file.getName())
                            : read(file)));
                }
            }
            for (int i = 0; i < entries.size(); i++) {
                if (entries.get(i).status() == PairStatus.DONE && record.showsOnSheet(i) && !results.contains(i)) {
                    Path file = new Path(output, record.resultName(i));
                    int index = i;
                    offer(() -> record.offerResult(index, read(file)));
                }
            }
        }

        private RgbImage read(Path file) {
            return loader.read(ClusterFiles.read(ClusterFiles.of(file, configuration), file, largestImageFile()),
                    ClusterFiles.displayName(file));
        }

        /** A picture the sheet cannot have leaves its cell empty; its pair reports why, if it matters. */
        private static void offer(Runnable offering) {
            try {
                offering.run();
            } catch (RuntimeException unreadable) {
                // The cell stays empty.
            }
        }

        /** Records the plan at the destination before any pair is made, as {@code batch} does. */
        private void uploadManifest(JsonObject settings, List<ManifestEntry> entries) {
            BatchOptions manifestOnly = options.toBuilder().optSheets(false).build();
            BatchRecord record = new BatchRecord(plan.pairs(), method.name(), settings, manifestOnly,
                    method.styleKind() == StyleKind.PAINTINGS, entries);
            record.write(listener);
            upload(List.of(record.manifestFile()));
        }

        /** Writes the manifest, contact sheet and index page here, then to the destination. */
        private void uploadAll(BatchRecord record) {
            record.write(listener);
            List<java.nio.file.Path> files = new ArrayList<>();
            files.add(record.manifestFile());
            record.contactSheetFile().filter(Files::isRegularFile).ifPresent(files::add);
            record.indexFile().ifPresent(files::add);
            upload(files);
        }

        /** Copies files written here to the output folder, each atomically. */
        private void upload(List<java.nio.file.Path> files) {
            for (java.nio.file.Path file : files) {
                try {
                    ClusterFiles.write(destination, new Path(output, file.getFileName().toString()),
                            Files.readAllBytes(file));
                } catch (IOException e) {
                    throw new UnavailableException(file + ": cannot read it back (" + e.getMessage() + ")", e);
                }
            }
        }

        private SparkBatchSummary summary(List<ManifestEntry> entries, List<PairOutcome> outcomes, int tasks,
                int skipped) {
            List<FailedPair> failures = new ArrayList<>();
            for (ManifestEntry entry : entries) {
                if (entry.status() == PairStatus.FAILED) {
                    failures.add(new FailedPair(entry.name(), entry.error()));
                }
            }
            int made = 0;
            int found = 0;
            double pairSeconds = 0;
            Map<String, int[]> pairsBy = new HashMap<>();
            Map<String, SparkBatchSummary.ExecutorFigures> executors = new HashMap<>();
            for (PairOutcome outcome : outcomes.stream().sorted(Comparator.comparing(PairOutcome::finished)).toList()) {
                if (!outcome.failed() && outcome.found()) {
                    found++;
                } else if (!outcome.failed()) {
                    made++;
                    pairSeconds += outcome.seconds();
                }
                int pairs = ++pairsBy.computeIfAbsent(outcome.executor(), key -> new int[1])[0];
                SparkBatchSummary.ExecutorFigures was = executors.get(outcome.executor());
                executors.put(outcome.executor(), new SparkBatchSummary.ExecutorFigures(pairs,
                        Math.max(outcome.networkLoads(), was == null ? 0 : was.networkLoads()),
                        Math.max(outcome.stylesPrepared(), was == null ? 0 : was.stylesPrepared()),
                        Math.max(outcome.peakResidentBytes(), was == null ? -1 : was.peakResidentBytes())));
            }
            boolean sheets = options.sheets();
            return new SparkBatchSummary(entries.size(), skipped, made, found, failures.size(),
                    (System.nanoTime() - started) / 1e9, pairSeconds, tasks, failures,
                    ClusterFiles.displayName(new Path(output, Manifest.FILE_NAME)),
                    sheets ? ClusterFiles.displayName(new Path(output, "contact-sheet." + options.format().extension()))
                            : null,
                    sheets ? ClusterFiles.displayName(new Path(output, "index.html")) : null, executors);
        }

        private static Throwable rootCause(Throwable failure) {
            Throwable cause = failure;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            return cause;
        }

        private void deleteStaging() {
            try (Stream<java.nio.file.Path> files = Files.walk(staging)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            } catch (IOException ignored) {
                // A temporary folder left behind holds only copies.
            }
        }
    }
}
