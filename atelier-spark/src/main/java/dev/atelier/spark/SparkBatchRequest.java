package dev.atelier.spark;

import dev.atelier.InvalidOptionException;
import dev.atelier.api.Methods;
import dev.atelier.io.ReadOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch for a Spark cluster: what {@code atelier batch} takes, with every path one Spark can read
 * or write ({@code hdfs://}, {@code s3a://}, {@code gs://}, {@code file:}, or a path of the cluster's
 * default file system). Immutable; built DJL-style.
 *
 * @param method the registered method's name; {@code null} picks feed-forward with models, else gatys
 * @param contents photos: image files, folders (their images, not their subfolders) or globs
 * @param styles paintings: image files, folders or globs
 * @param models trained networks by name (from each executor's model cache or {@code ATELIER_MIRROR})
 *     or path
 * @param inputFolder a folder of {@code content_*} and {@code style_*} images, or {@code null}
 * @param pairs a CSV of {@code content,style[,name]} lines (paths relative to it), or {@code null}
 * @param output the folder for results, reports, the manifest, the contact sheet and index page
 * @param options the method's options and the batch's own ({@code format}, {@code crop}, …) by key
 * @param readOptions limits for reading images
 * @param pairsPerTask about how many pairs one Spark task makes (a task makes whole photos: all of a
 *     photo's pairs, so that it is decoded once); more tasks balance and retry better, fewer cost less
 */
public record SparkBatchRequest(String method, List<String> contents, List<String> styles, List<String> models,
        String inputFolder, String pairs, String output, Map<String, String> options, ReadOptions readOptions,
        int pairsPerTask) {

    /** Default of {@link #pairsPerTask()}: a minute or so of work for a feed-forward network on two cores. */
    public static final int DEFAULT_PAIRS_PER_TASK = 20;

    public SparkBatchRequest {
        contents = List.copyOf(contents);
        styles = List.copyOf(styles);
        models = List.copyOf(models);
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The method to run: the one named, else the default for models or paintings. */
    public String methodName() {
        return method != null ? method : Methods.defaultFor(!models.isEmpty());
    }

    /** Builder; {@link #build()} checks that the pairs are given exactly one way. */
    public static final class Builder {
        private String method;
        private final List<String> contents = new ArrayList<>();
        private final List<String> styles = new ArrayList<>();
        private final List<String> models = new ArrayList<>();
        private String inputFolder;
        private String pairs;
        private String output;
        private final Map<String, String> options = new LinkedHashMap<>();
        private ReadOptions readOptions = ReadOptions.defaults();
        private int pairsPerTask = DEFAULT_PAIRS_PER_TASK;

        private Builder() {}

        public Builder optMethod(String value) {
            method = value;
            return this;
        }

        public Builder optContents(List<String> value) {
            contents.addAll(value);
            return this;
        }

        public Builder optStyles(List<String> value) {
            styles.addAll(value);
            return this;
        }

        public Builder optModels(List<String> value) {
            models.addAll(value);
            return this;
        }

        public Builder optInputFolder(String value) {
            inputFolder = value;
            return this;
        }

        public Builder optPairs(String value) {
            pairs = value;
            return this;
        }

        public Builder optOutput(String value) {
            output = value;
            return this;
        }

        public Builder optOption(String key, Object value) {
            options.put(key, String.valueOf(value));
            return this;
        }

        public Builder optOptions(Map<String, String> value) {
            options.putAll(value);
            return this;
        }

        public Builder optReadOptions(ReadOptions value) {
            readOptions = value;
            return this;
        }

        public Builder optPairsPerTask(int value) {
            pairsPerTask = value;
            return this;
        }

        public SparkBatchRequest build() {
            int forms = (contents.isEmpty() ? 0 : 1) + (inputFolder == null ? 0 : 1) + (pairs == null ? 0 : 1);
            if (forms != 1) {
                throw new InvalidOptionException(null, "give the photos one way: {content} (with {style} or {model}), "
                        + "{input}, or {pairs}");
            }
            if (output == null || output.isBlank()) {
                throw new InvalidOptionException("output", "an output folder is needed");
            }
            if (pairsPerTask < 1) {
                throw new InvalidOptionException("pairs-per-task", "must be at least 1, got " + pairsPerTask);
            }
            return new SparkBatchRequest(method, contents, styles, models, inputFolder, pairs, output, options,
                    readOptions, pairsPerTask);
        }
    }
}
