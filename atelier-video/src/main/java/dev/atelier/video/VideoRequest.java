package dev.atelier.video;

import dev.atelier.api.Methods;
import dev.atelier.io.ReadOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A clip to repaint: the method and its options as for a photo, the clip, the paintings or models,
 * the video's own options ({@link VideoOptions}) and where the result goes. Immutable; built DJL-style;
 * checked whole by {@link Videos#plan}.
 *
 * @param method the registered method's name; {@code null} picks the default (feedforward with models,
 *     else gatys)
 * @param content the clip (any container FFmpeg reads)
 * @param styles paintings (gatys, adain, magenta)
 * @param models trained networks by name or file (feedforward)
 * @param options the method's options as text, by key
 * @param videoOptions the video's options as text, by key ({@code temporal-weight}, {@code crf}, …)
 * @param output the clip to write; its extension chooses the container (mp4, mov, mkv, webm, gif)
 * @param report the JSON report, or {@code null} for the output's name with {@code .json}
 * @param resume continue an interrupted run from its finished frames (kept beside the output)
 * @param readOptions the most pixels a frame (and a painting) may have
 * @param command what made the request, for the report ({@code stylize}, {@code serve})
 */
public record VideoRequest(String method, Path content, List<Path> styles, List<String> models,
        Map<String, String> options, Map<String, String> videoOptions, Path output, Path report, boolean resume,
        ReadOptions readOptions, String command) {

    public VideoRequest {
        styles = List.copyOf(styles);
        models = List.copyOf(models);
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        videoOptions = Collections.unmodifiableMap(new LinkedHashMap<>(videoOptions));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The method to run: the one named, else the default for the kind of styles given. */
    public String methodName() {
        return method != null ? method : Methods.defaultFor(!models.isEmpty());
    }

    /** Builder in DJL's style. */
    public static final class Builder {
        private String method;
        private Path content;
        private final List<Path> styles = new ArrayList<>();
        private final List<String> models = new ArrayList<>();
        private final Map<String, String> options = new LinkedHashMap<>();
        private final Map<String, String> videoOptions = new LinkedHashMap<>();
        private Path output;
        private Path report;
        private boolean resume;
        private ReadOptions readOptions = ReadOptions.defaults();
        private String command = "stylize";

        private Builder() {}

        public Builder optMethod(String value) {
            method = value;
            return this;
        }

        public Builder optContent(Path value) {
            content = value;
            return this;
        }

        public Builder optStyle(Path value) {
            styles.add(value);
            return this;
        }

        public Builder optStyles(List<Path> value) {
            styles.addAll(value);
            return this;
        }

        public Builder optModel(String value) {
            models.add(value);
            return this;
        }

        public Builder optModels(List<String> value) {
            models.addAll(value);
            return this;
        }

        /** One of the method's options, as text or any value whose {@code toString} is its text. */
        public Builder optOption(String key, Object value) {
            options.put(key, String.valueOf(value));
            return this;
        }

        public Builder optOptions(Map<String, String> value) {
            options.putAll(value);
            return this;
        }

        /** One of the video's options ({@link VideoOptions#SCHEMA}). */
        public Builder optVideoOption(String key, Object value) {
            videoOptions.put(key, String.valueOf(value));
            return this;
        }

        public Builder optVideoOptions(Map<String, String> value) {
            videoOptions.putAll(value);
            return this;
        }

        public Builder optOutput(Path value) {
            output = value;
            return this;
        }

        public Builder optReport(Path value) {
            report = value;
            return this;
        }

        public Builder optResume(boolean value) {
            resume = value;
            return this;
        }

        public Builder optReadOptions(ReadOptions value) {
            readOptions = value;
            return this;
        }

        public Builder optCommand(String value) {
            command = value;
            return this;
        }

        /**
         * @throws dev.atelier.InvalidOptionException when the clip or the output is missing, or a video
         *     option cannot be read
         */
        public VideoRequest build() {
            if (content == null) {
                throw new dev.atelier.InvalidOptionException("content", "is needed: the clip to repaint");
            }
            if (output == null) {
                throw new dev.atelier.InvalidOptionException("output", "is needed: where the repainted clip goes");
            }
            VideoOptions.SCHEMA.parse(videoOptions);
            return new VideoRequest(method, content, styles, models, options, videoOptions, output, report, resume,
                    readOptions, command);
        }
    }
}
