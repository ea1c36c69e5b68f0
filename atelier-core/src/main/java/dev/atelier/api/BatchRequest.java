package dev.atelier.api;

import dev.atelier.InvalidOptionException;
import dev.atelier.io.ReadOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every photo with every painting (or trained network) into one folder, resumable. The pairs come
 * from one of: photos and styles (files or folders), a single folder of {@code content_*} and
 * {@code style_*} images, or a CSV of explicit pairs. Immutable; built DJL-style.
 *
 * @param method the registered method's name; {@code null} picks feed-forward with models, else gatys
 * @param contents photos: image files or folders
 * @param styles paintings: image files or folders
 * @param models trained networks by name or path
 * @param inputFolder a folder of {@code content_*} and {@code style_*} images, or {@code null}
 * @param pairs a CSV of {@code content,style[,name]} lines, or {@code null}
 * @param output the folder for results, reports, manifest, contact sheet and index
 * @param options the method's options and the batch's own ({@code format}, {@code crop}, …) by key
 * @param readOptions limits for reading images
 * @param clips what repaints the clips among the photos (their folders then list clips too), or
 *     {@code null}: pictures only, as the core alone can make
 */
public record BatchRequest(String method, List<Path> contents, List<Path> styles, List<String> models,
        Path inputFolder, Path pairs, Path output, Map<String, String> options, ReadOptions readOptions,
        BatchClips clips) {

    public BatchRequest {
        contents = List.copyOf(contents);
        styles = List.copyOf(styles);
        models = List.copyOf(models);
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    public static Builder builder() {
        return new Builder();
    }

    public String methodName() {
        return method != null ? method : Methods.defaultFor(!models.isEmpty());
    }

    /** Builder; {@link #build()} checks that the pairs are given exactly one way. */
    public static final class Builder {
        private String method;
        private final List<Path> contents = new ArrayList<>();
        private final List<Path> styles = new ArrayList<>();
        private final List<String> models = new ArrayList<>();
        private Path inputFolder;
        private Path pairs;
        private Path output;
        private final Map<String, String> options = new LinkedHashMap<>();
        private ReadOptions readOptions = ReadOptions.defaults();
        private BatchClips clips;

        private Builder() {}

        public Builder optMethod(String value) {
            method = value;
            return this;
        }

        public Builder optContents(List<Path> value) {
            contents.addAll(value);
            return this;
        }

        public Builder optStyles(List<Path> value) {
            styles.addAll(value);
            return this;
        }

        public Builder optModels(List<String> value) {
            models.addAll(value);
            return this;
        }

        public Builder optInputFolder(Path value) {
            inputFolder = value;
            return this;
        }

        public Builder optPairs(Path value) {
            pairs = value;
            return this;
        }

        public Builder optOutput(Path value) {
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

        /** Clips among the photos are repainted by {@code value} (atelier-video's {@code VideoBatchClips}). */
        public Builder optClips(BatchClips value) {
            clips = value;
            return this;
        }

        public BatchRequest build() {
            int forms = (contents.isEmpty() ? 0 : 1) + (inputFolder == null ? 0 : 1) + (pairs == null ? 0 : 1);
            if (forms != 1) {
                throw new InvalidOptionException(null, "give the photos one way: {content} (with {style} or {model}), "
                        + "{input}, or {pairs}");
            }
            if (output == null) {
                throw new InvalidOptionException("output", "an output folder is needed");
            }
            return new BatchRequest(method, contents, styles, models, inputFolder, pairs, output, options,
                    readOptions, clips);
        }
    }
}
