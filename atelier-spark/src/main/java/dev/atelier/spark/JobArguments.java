package dev.atelier.spark;

import dev.atelier.InvalidOptionException;
import dev.atelier.api.Methods;
import dev.atelier.batch.BatchOptions;
import dev.atelier.io.ReadOptions;
import dev.atelier.method.StyleMethod;
import dev.atelier.options.OptionInfo;
import dev.atelier.options.OptionSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The job's command line, as {@code atelier batch} spells it: the same flags for inputs and output,
 * and every option of the methods and of the batch as {@code --key value} (or {@code --key} alone
 * where the option has a meaning alone), plus how to reach Spark when started outside
 * {@code spark-submit}. Flags are written as {@code --} and an option's key; nothing here names one
 * in a string, so the library's rule that only the command line spells flags holds.
 *
 * @param request the batch
 * @param master the Spark master to start ({@code local[2]}, {@code spark://host:7077}), or
 *     {@code null} when {@code spark-submit} chose it
 * @param sparkSettings further Spark settings for a job started here ({@code spark.executor.memory})
 * @param quiet no progress, only the summary's failures
 * @param help print the usage and stop
 */
record JobArguments(SparkBatchRequest request, String master, Map<String, String> sparkSettings, boolean quiet,
        boolean help) {

    /** The job's own flags, by key, with their value's placeholder and a description. */
    static final List<String[]> OWN = List.of(
            new String[] {"content", "PATH…", "Photos: image files, folders or globs on any file system Spark reads."},
            new String[] {"style", "PATH…", "Paintings: image files, folders or globs."},
            new String[] {"model", "MODEL…", "Trained networks by name (from each executor's cache or ATELIER_MIRROR) "
                    + "or path."},
            new String[] {"input", "DIR", "One folder holding content_* photos and style_* paintings."},
            new String[] {"pairs", "FILE.csv", "Explicit pairs, one 'content,style[,name]' line each (paths relative to "
                    + "the file)."},
            new String[] {"method", "NAME", "gatys, feedforward, adain or magenta (default: feedforward with models, "
                    + "else gatys)."},
            new String[] {"output", "DIR", "Folder for results, reports, manifest.json, the contact sheet and "
                    + "index.html, on any file system Spark writes."},
            new String[] {"max-pixels", "N", "Refuse input images larger than this. Default: 50000000."},
            new String[] {"pairs-per-task", "N", "About how many pairs one Spark task makes (whole photos). Default: "
                    + SparkBatchRequest.DEFAULT_PAIRS_PER_TASK + "."},
            new String[] {"spark", "MASTER", "Start Spark here with this master (local[2], spark://host:7077, yarn); "
                    + "left out under spark-submit, which chooses it."},
            new String[] {"spark-conf", "KEY=VALUE", "A Spark setting for a job started here (repeatable)."},
            new String[] {"quiet", "", "No progress; failures are still listed."},
            new String[] {"help", "", "Show this help."});

    /** How a flag is written: two dashes and the key. */
    static String flag(String key) {
        return "-" + "-" + key;
    }

    /**
     * Reads the arguments.
     *
     * @throws InvalidOptionException for an unknown flag, a missing value, or a bad option value
     */
    static JobArguments parse(List<String> arguments) {
        SparkBatchRequest.Builder request = SparkBatchRequest.builder();
        Map<String, String> options = new LinkedHashMap<>();
        Map<String, String> spark = new LinkedHashMap<>();
        String master = null;
        boolean quiet = false;
        List<String> contents = new ArrayList<>();
        List<String> styles = new ArrayList<>();
        List<String> models = new ArrayList<>();
        int i = 0;
        while (i < arguments.size()) {
            String argument = arguments.get(i++);
            if (argument.equals("-h") || argument.equals(flag("help"))) {
                return new JobArguments(null, null, Map.of(), false, true);
            }
            if (argument.equals("-q")) {
                quiet = true;
                continue;
            }
            if (argument.equals("-o")) {
                argument = flag("output");
            }
            if (!argument.startsWith("-" + "-") || argument.length() < 3) {
                throw new InvalidOptionException(null, "unexpected argument '" + argument + "'; every value follows "
                        + "its option's flag");
            }
            String key = argument.substring(2);
            String inline = null;
            int equals = key.indexOf('=');
            if (equals > 0) {
                inline = key.substring(equals + 1);
                key = key.substring(0, equals);
            }
            List<String> values = new ArrayList<>();
            if (inline != null) {
                values.add(inline);
            } else {
                while (i < arguments.size() && !isFlag(arguments.get(i))) {
                    values.add(arguments.get(i++));
                }
            }
            switch (key) {
                case "content" -> contents.addAll(some(key, values));
                case "style" -> styles.addAll(some(key, values));
                case "model" -> models.addAll(some(key, values));
                case "input" -> request.optInputFolder(one(key, values));
                case "pairs" -> request.optPairs(one(key, values));
                case "method" -> request.optMethod(one(key, values));
                case "output" -> request.optOutput(one(key, values));
                case "max-pixels" -> request.optReadOptions(new ReadOptions(whole(key, one(key, values))));
                case "pairs-per-task" -> request.optPairsPerTask((int) whole(key, one(key, values)));
                case "spark", "master" -> master = one(key, values);
                case "spark-conf" -> {
                    for (String setting : some(key, values)) {
                        int at = setting.indexOf('=');
                        if (at < 1) {
                            throw new InvalidOptionException(key, "expected KEY=VALUE, got '" + setting + "'");
                        }
                        spark.put(setting.substring(0, at), setting.substring(at + 1));
                    }
                }
                case "quiet" -> {
                    none(key, values);
                    quiet = true;
                }
                default -> options.put(key, optionValue(key, values));
            }
        }
        request.optContents(contents).optStyles(styles).optModels(models).optOptions(options);
        return new JobArguments(request.build(), master, spark, quiet, false);
    }

    /** A flag, not a value: two dashes and a letter, or {@code -o}, {@code -q}, {@code -h}. */
    private static boolean isFlag(String argument) {
        return argument.matches("-[oqh]") || (argument.startsWith("-" + "-") && argument.length() > 2
                && Character.isLetter(argument.charAt(2)));
    }

    /** An option of the batch or a method: its value, or its meaning alone when given bare. */
    private static String optionValue(String key, List<String> values) {
        Optional<OptionInfo> info = describe(key);
        if (info.isEmpty()) {
            throw new InvalidOptionException(key, "is not an option of the batch or of any method (see "
                    + "{help})");
        }
        if (values.isEmpty()) {
            if (info.get().bareSwitch().isEmpty()) {
                throw new InvalidOptionException(key, "needs a value");
            }
            return info.get().bareSwitch();
        }
        return one(key, values);
    }

    /** The option of that key, from the batch's schema or any method's. */
    static Optional<OptionInfo> describe(String key) {
        List<OptionSchema<?, ?>> schemas = new ArrayList<>();
        schemas.add(BatchOptions.SCHEMA);
        for (StyleMethod<?, ?> method : Methods.all()) {
            schemas.add(method.options());
        }
        for (OptionSchema<?, ?> schema : schemas) {
            if (schema.has(key)) {
                return schema.info(key);
            }
        }
        return Optional.empty();
    }

    private static List<String> some(String key, List<String> values) {
        if (values.isEmpty()) {
            throw new InvalidOptionException(key, "needs at least one value");
        }
        return values;
    }

    private static String one(String key, List<String> values) {
        if (values.size() != 1) {
            throw new InvalidOptionException(key, values.isEmpty() ? "needs a value"
                    : "takes one value, got " + values.size() + ": " + String.join(" ", values));
        }
        return values.get(0);
    }

    private static void none(String key, List<String> values) {
        if (!values.isEmpty()) {
            throw new InvalidOptionException(key, "takes no value, got '" + values.get(0) + "'");
        }
    }

    private static long whole(String key, String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidOptionException(key, "expected a whole number, got '" + text + "'");
        }
    }
}
