package dev.atelier.spark;

import dev.atelier.AtelierException;
import dev.atelier.BadInputException;
import dev.atelier.Failures;
import dev.atelier.InvalidOptionException;
import dev.atelier.UnavailableException;
import dev.atelier.batch.FailedPair;
import dev.atelier.options.OptionInfo;
import dev.atelier.progress.ItemFinished;
import dev.atelier.progress.RunStarted;
import dev.atelier.progress.Warning;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The job's entry point: {@code spark-submit --class dev.atelier.spark.SparkBatchMain
 * atelier-spark-cluster.jar <batch flags>} on a cluster, or {@code ./atelier batch <batch flags>
 * --spark local[2]} on one machine. Only this class exits, with the command line's exit codes: 0 all
 * done, 2 a bad command line or option, 3 a bad input, 4 some pairs failed (the summary names how
 * many), 5 something needed could not be had (a model, the destination, the cluster), 1 a bug.
 */
public final class SparkBatchMain {
    static final int SUCCESS = 0;
    static final int INTERNAL_ERROR = 1;
    static final int USAGE = 2;
    static final int BAD_INPUT = 3;
    static final int PARTIAL_FAILURE = 4;
    static final int UNAVAILABLE = 5;
    private static final int FAILURES_SHOWN = 20;

    private SparkBatchMain() {}

    public static void main(String[] arguments) {
        quietLibraries();
        System.exit(run(Arrays.asList(arguments), System.err));
    }

    /**
     * Keeps DJL's start-up notes and Spark's and Hadoop's chatter off the terminal of a run started here
     * (logging through slf4j-simple); a user's own settings win. Under spark-submit the cluster's
     * logging configuration decides.
     */
    static void quietLibraries() {
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.ai.djl", "error");
        setIfAbsent("org.slf4j.simpleLogger.log.org.apache.hadoop.util.NativeCodeLoader", "error");
        setIfAbsent("org.slf4j.simpleLogger.log.org.apache.spark.util.Utils", "error");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** Runs the job and returns its exit code (tests call this). */
    static int run(List<String> arguments, PrintStream err) {
        JobArguments parsed;
        try {
            parsed = JobArguments.parse(arguments);
        } catch (InvalidOptionException e) {
            err.println("atelier batch: error: " + render(e) + "; see '" + JobArguments.flag("help") + "'");
            return USAGE;
        }
        if (parsed.help()) {
            usage(err);
            return SUCCESS;
        }
        SparkSession spark = null;
        // A session that was there before (a test's, a notebook's) is its owner's to stop.
        boolean ownSession = SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty();
        try {
            spark = session(parsed);
            SparkBatchSummary summary = SparkBatch.run(spark, parsed.request(), event -> {
                if (parsed.quiet()) {
                    return;
                }
                if (event instanceof RunStarted started) {
                    err.printf(Locale.ROOT, "atelier batch: %s: %d pairs, %d done before%n", started.description(),
                            started.items(), started.alreadyDone());
                } else if (event instanceof Warning warning) {
                    err.println("atelier batch: warning: " + spell(warning.message()));
                } else if (event instanceof ItemFinished item && item.failed()) {
                    err.println("atelier batch: " + item.name() + " failed: " + spell(item.error()));
                }
            });
            report(summary, parsed.quiet(), err);
            return summary.failed() > 0 ? PARTIAL_FAILURE : SUCCESS;
        } catch (RuntimeException | OutOfMemoryError e) {
            int code = exitCode(e);
            if (code == INTERNAL_ERROR) {
                err.println("atelier batch: internal error (please report it): " + e);
                e.printStackTrace(err);
            } else {
                err.println("atelier batch: error: " + Failures.flatten(e instanceof AtelierException known
                        ? render(known) : Failures.oneLine(e)));
            }
            return code;
        } finally {
            if (spark != null && ownSession) {
                ExecutorStylists.closeIdle();
                spark.stop();
            }
        }
    }

    /** The session: one already running (a notebook's), spark-submit's, or one started here with {@code --spark}. */
    private static SparkSession session(JobArguments arguments) {
        if (arguments.master() == null) {
            scala.Option<SparkSession> running = SparkSession.getActiveSession().orElse(() ->
                    SparkSession.getDefaultSession());
            if (running.isDefined()) {
                return running.get();
            }
        }
        SparkConf conf = new SparkConf(true).setAppName("atelier batch");
        if (arguments.master() != null) {
            conf.setMaster(arguments.master());
            conf.setIfMissing("spark.ui.enabled", "false");
            conf.setIfMissing("spark.ui.showConsoleProgress", String.valueOf(!arguments.quiet()));
            // One task per executor, with all its cores for PyTorch: networks load once per executor.
            localCores(arguments.master()).ifPresent(cores -> conf.setIfMissing("spark.task.cpus",
                    String.valueOf(cores)));
        } else if (!conf.contains("spark.master")) {
            throw new InvalidOptionException("spark", "no Spark master: run the job with spark-submit, or give "
                    + "{spark} (e.g. local[2]) to start one here");
        }
        arguments.sparkSettings().forEach(conf::set);
        return SparkSession.builder().config(conf).getOrCreate();
    }

    /** The cores of a local master ({@code local}, {@code local[4]}, {@code local[*]}, {@code local[4,2]}). */
    static java.util.Optional<Integer> localCores(String master) {
        java.util.regex.Matcher local = java.util.regex.Pattern.compile("local(?:\\[(\\d+|\\*)(?:,\\d+)?\\])?")
                .matcher(master.trim());
        if (!local.matches()) {
            return java.util.Optional.empty();
        }
        String cores = local.group(1);
        return java.util.Optional.of(cores == null ? 1 : cores.equals("*")
                ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(cores));
    }

    private static void report(SparkBatchSummary summary, boolean quiet, PrintStream err) {
        if (!quiet || summary.failed() > 0) {
            err.printf(Locale.ROOT, "atelier batch: %d of %d pairs done (%d made now, %d found made, %d kept from "
                    + "before), %d failed; %d tasks; %.1f s%n", summary.total() - summary.failed(), summary.total(),
                    summary.made(), summary.found(), summary.skipped(), summary.failed(), summary.tasks(),
                    summary.seconds());
        }
        List<FailedPair> failures = summary.failures();
        if (!failures.isEmpty()) {
            err.println("failed pairs (run the same command again to retry them):");
            failures.stream().limit(FAILURES_SHOWN).forEach(failure ->
                    err.println("  " + failure.name() + ": " + spell(failure.error())));
            if (failures.size() > FAILURES_SHOWN) {
                err.println("  … and " + (failures.size() - FAILURES_SHOWN) + " more in " + summary.manifest());
            }
        }
        if (!quiet) {
            new TreeMap<>(summary.executors()).forEach((executor, figures) -> err.printf(Locale.ROOT,
                    "  executor %s: %d pairs, networks loaded %d time%s, styles prepared %d, peak memory %s%n",
                    executor, figures.pairs(), figures.networkLoads(), figures.networkLoads() == 1 ? "" : "s",
                    figures.stylesPrepared(),
                    figures.peakResidentBytes() < 0 ? "unknown"
                            : String.format(Locale.ROOT, "%.0f MiB", figures.peakResidentBytes() / 1048576.0)));
            if (summary.index() != null) {
                err.println("see " + summary.index() + " and " + summary.contactSheet());
            }
        }
    }

    /** The exit code the README documents for each kind of failure (the command line's). */
    static int exitCode(Throwable failure) {
        if (failure instanceof InvalidOptionException) {
            return USAGE;
        }
        if (failure instanceof BadInputException) {
            return BAD_INPUT;
        }
        if (failure instanceof UnavailableException || failure instanceof AtelierException
                || Failures.isOutOfMemory(failure)) {
            return UNAVAILABLE;
        }
        return INTERNAL_ERROR;
    }

    private static String render(AtelierException failure) {
        return failure.render(JobArguments::flag);
    }

    private static String spell(String text) {
        return AtelierException.spell(text, JobArguments::flag);
    }

    private static void usage(PrintStream out) {
        out.println("Usage: atelier batch <inputs> " + JobArguments.flag("output") + " DIR [options] "
                + JobArguments.flag("spark") + " MASTER");
        out.println("       spark-submit " + JobArguments.flag("class") + " " + SparkBatchMain.class.getName()
                + " atelier-spark-cluster.jar <inputs> " + JobArguments.flag("output") + " DIR [options]");
        out.println("Repaint every photo in the style of every painting (or with every trained model) on Apache "
                + "Spark; rerunning skips finished pairs.");
        for (String[] own : JobArguments.OWN) {
            line(out, own[0], own[1], own[2]);
        }
        out.println("Options of the batch and of every method, as for 'atelier batch':");
        Map<String, OptionInfo> options = new TreeMap<>();
        for (String key : dev.atelier.batch.BatchOptions.SCHEMA.keys()) {
            JobArguments.describe(key).ifPresent(info -> options.put(key, info));
        }
        for (var method : dev.atelier.api.Methods.all()) {
            for (OptionInfo info : method.options().describe()) {
                options.putIfAbsent(info.key(), info);
            }
        }
        options.values().forEach(info -> line(out, info.key(), info.label(), spell(info.description())));
    }

    private static void line(PrintStream out, String key, String label, String description) {
        out.printf(Locale.ROOT, "  %-32s %s%n", JobArguments.flag(key) + (label.isEmpty() ? "" : " " + label),
                description);
    }
}
