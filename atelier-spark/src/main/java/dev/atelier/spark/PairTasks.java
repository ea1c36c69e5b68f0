package dev.atelier.spark;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.atelier.Cancellation;
import dev.atelier.Failures;
import dev.atelier.api.Style;
import dev.atelier.api.Stylist;
import dev.atelier.api.StylistPairs;
import dev.atelier.batch.BatchOptions;
import dev.atelier.batch.PairContext;
import dev.atelier.batch.PairInput;
import dev.atelier.batch.PairResult;
import dev.atelier.batch.PhotoPreparation;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.ImageSaver;
import dev.atelier.io.OutputFormat;
import dev.atelier.io.ReadOptions;
import dev.atelier.io.Resampler;
import dev.atelier.io.RgbImage;
import dev.atelier.progress.RunListener;
import dev.atelier.report.StrictJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.SerializableConfiguration;

/**
 * The executor's side of a job: a task's photos, each read and decoded once, each of its pairs made
 * with the executor's stylist ({@link ExecutorStylists}) and written with its report straight to the
 * destination, as {@code atelier batch} makes them (the same size, crops and report).
 *
 * <p>Failures: a photo or style that cannot be used fails only its own pairs, whose outcomes say why;
 * a destination that cannot be written fails the task, which Spark retries. A retried task (or a
 * rerun of the job after its driver died) finds the pairs an earlier attempt finished: a result whose
 * report carries this job's settings fingerprint and the inputs' stamps is kept, not made again.
 */
final class PairTasks implements FlatMapFunction<Iterator<PhotoWork>, PairOutcome> {
    private static final long serialVersionUID = 1L;
    /** Reports are small; a larger file beside a result is not one of ours. */
    private static final long LARGEST_REPORT = 16L << 20;

    private final Broadcast<JobSettings> settings;
    private final Broadcast<SerializableConfiguration> hadoop;

    PairTasks(Broadcast<JobSettings> settings, Broadcast<SerializableConfiguration> hadoop) {
        this.settings = settings;
        this.hadoop = hadoop;
    }

    @Override
    public Iterator<PairOutcome> call(Iterator<PhotoWork> photos) {
        TaskContext task = TaskContext.get();
        EngineThreads.match(task == null ? 0 : task.cpus());
        return new Task(settings.value(), hadoop.value().value()).run(photos);
    }

    /** One task's state. */
    private static final class Task {
        private final JobSettings job;
        private final Configuration configuration;
        private final BatchOptions options;
        private final OutputFormat format;
        private final ImageLoader loader;
        private final Path output;
        private final FileSystem destination;
        private final String executor = SparkEnv.get() == null ? "driver" : SparkEnv.get().executorId();
        private ExecutorStylists.Lease lease;

        Task(JobSettings job, Configuration configuration) {
            this.job = job;
            this.configuration = configuration;
            this.options = job.parsedBatchOptions();
            this.format = options.format();
            this.loader = new ImageLoader(new ReadOptions(job.maxPixels()));
            this.output = new Path(job.output());
            this.destination = ClusterFiles.of(output, configuration);
        }

        Iterator<PairOutcome> run(Iterator<PhotoWork> photos) {
            List<PairOutcome> outcomes = new ArrayList<>();
            try {
                while (photos.hasNext()) {
                    photo(photos.next(), outcomes);
                }
            } finally {
                if (lease != null) {
                    ExecutorStylists.giveBack(lease);
                }
            }
            return outcomes.iterator();
        }

        private void photo(PhotoWork photo, List<PairOutcome> outcomes) {
            List<PhotoWork.PairWork> toMake = new ArrayList<>();
            for (PhotoWork.PairWork pair : photo.pairs()) {
                Optional<Double> earlier = finishedEarlier(photo, pair);
                if (earlier.isPresent()) {
                    outcomes.add(outcome(pair, photo, true, null, earlier.get(), null, null));
                } else {
                    toMake.add(pair);
                }
            }
            if (toMake.isEmpty()) {
                return;
            }
            RgbImage prepared;
            try {
                Path file = new Path(photo.path());
                byte[] bytes = ClusterFiles.read(ClusterFiles.of(file, configuration), file, largestImageFile());
                prepared = PhotoPreparation.prepare(loader.read(bytes, photo.display()), options.crop(), job.size());
            } catch (RuntimeException | OutOfMemoryError e) {
                String reason = Failures.oneLine(e);
                toMake.forEach(pair -> outcomes.add(outcome(pair, photo, false, reason, 0, null, null)));
                return;
            }
            byte[] photoThumbnail = photo.showOnSheet() ? thumbnail(prepared) : null;
            for (PhotoWork.PairWork pair : toMake) {
                outcomes.add(make(photo, pair, prepared, photoThumbnail));
                photoThumbnail = null;
            }
        }

        /** Makes one pair and writes its result and report; a failure of the pair's own is its outcome. */
        private PairOutcome make(PhotoWork photo, PhotoWork.PairWork pair, RgbImage prepared, byte[] photoThumbnail) {
            JobSettings.StyleSource source = job.styles().get(pair.style());
            Path result = new Path(output, pair.name() + "." + format.extension());
            Path report = new Path(output, pair.name() + ".json");
            long started = System.nanoTime();
            PairResult made;
            PhotoPreparation.Cropped cropped;
            Stylist stylist;
            try {
                if (lease == null) {
                    lease = ExecutorStylists.borrow(job.stylistRequest());
                }
                stylist = lease.stylist();
                Style style = lease.style(job.jobId(), pair.style(), () -> prepare(stylist, source));
                cropped = PhotoPreparation.forPair(prepared, options.crop(), job.size(), options.seed(), pair.name());
                PairInput input = new PairInput(pair.name(), cropped.image(),
                        ClusterFiles.nameView(new Path(photo.path())), java.nio.file.Path.of(source.display()),
                        ClusterFiles.nameView(result));
                // The pair's time is the repainting's, as batch counts it (not loading, not preparing styles).
                started = System.nanoTime();
                made = new StylistPairs("batch", stylist).stylize(input, style,
                        new PairContext(Cancellation.never(), RunListener.silent()));
            } catch (RuntimeException | OutOfMemoryError e) {
                return outcome(pair, photo, false, Failures.oneLine(e), seconds(started), null, photoThumbnail);
            }
            double seconds = seconds(started);
            if (made.cancelled()) {
                throw new IllegalStateException("the task was stopped during pair " + pair.name());
            }
            JsonObject json = made.report().deepCopy();
            name(json, "inputs", "content", photo.display());
            name(json, "inputs", source.painting() != null ? "styles" : "models", source.display());
            name(json, "outputs", "image", ClusterFiles.displayName(result));
            name(json, "outputs", "report", ClusterFiles.displayName(report));
            JsonObject part = cropped.reportPart(pair.name(), job.fingerprint(), job.size(), options);
            part.addProperty("seconds", seconds);
            part.addProperty("content_stamp", photo.stamp());
            part.addProperty("style_stamp", source.stamp());
            json.add("batch", part);
            // The result first: a report present means its result is complete.
            ClusterFiles.write(destination, result, new ImageSaver().encode(made.image(), format));
            ClusterFiles.write(destination, report, StrictJson.text(json).getBytes(StandardCharsets.UTF_8));
            return outcome(pair, photo, false, null, seconds, pair.showOnSheet() ? thumbnail(made.image()) : null,
                    photoThumbnail);
        }

        /** The style's painting from the broadcast bytes, or its network from the cache or a copy. */
        private Style prepare(Stylist stylist, JobSettings.StyleSource source) {
            if (source.problem() != null) {
                throw new dev.atelier.BadInputException(source.display() + ": " + source.problem());
            }
            if (source.painting() != null) {
                return stylist.painting(source.display(), source.painting());
            }
            return stylist.model(source.named() ? source.reference()
                    : ModelCopies.local(source, configuration).toString());
        }

        /**
         * The seconds a pair took when an earlier attempt or run left its result and report here, made
         * with these settings from these inputs.
         */
        private Optional<Double> finishedEarlier(PhotoWork photo, PhotoWork.PairWork pair) {
            if (job.overwrite()) {
                return Optional.empty();
            }
            Path result = new Path(output, pair.name() + "." + format.extension());
            Path report = new Path(output, pair.name() + ".json");
            try {
                if (!destination.exists(report) || !destination.exists(result)) {
                    return Optional.empty();
                }
                JsonObject batch = StrictJson.parseObject(ClusterFiles.readText(destination, report, LARGEST_REPORT))
                        .getAsJsonObject("batch");
                if (batch != null && job.fingerprint().equals(text(batch, "settings_fingerprint"))
                        && photo.stamp().equals(text(batch, "content_stamp"))
                        && job.styles().get(pair.style()).stamp().equals(text(batch, "style_stamp"))) {
                    return Optional.of(batch.has("seconds") ? batch.get("seconds").getAsDouble() : 0);
                }
            } catch (java.io.IOException | RuntimeException unreadable) {
                // Made again: whatever is there is not a finished result of this job's.
            }
            return Optional.empty();
        }

        private PairOutcome outcome(PhotoWork.PairWork pair, PhotoWork photo, boolean found, String error,
                double seconds, byte[] resultThumbnail, byte[] photoThumbnail) {
            return new PairOutcome(pair.pair(), photo.content(), found, error, seconds,
                    Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), resultThumbnail, photoThumbnail,
                    executor, ExecutorStylists.networkLoads(), ExecutorStylists.stylesPrepared(),
                    ProcessMemory.peakResidentBytes());
        }

        private long largestImageFile() {
            return ClusterFiles.largestImageFile(job.maxPixels());
        }

        private byte[] thumbnail(RgbImage picture) {
            return new ImageSaver().encode(Resampler.fitLongestSide(picture, options.cellSize()), OutputFormat.PNG);
        }

        private static double seconds(long started) {
            return (System.nanoTime() - started) / 1e9;
        }

        /** Names a file in a report's section as the job's users know it (a URI off the local disk). */
        private static void name(JsonObject report, String section, String role, String name) {
            JsonObject part = report.getAsJsonObject(section);
            if (part == null || !part.has(role)) {
                return;
            }
            if (part.get(role).isJsonArray()) {
                JsonArray one = new JsonArray();
                one.add(name);
                part.add(role, one);
            } else {
                part.addProperty(role, name);
            }
        }

        private static String text(JsonObject object, String key) {
            JsonElement value = object.get(key);
            return value == null || !value.isJsonPrimitive() ? null : value.getAsString();
        }
    }
}
