package dev.atelier.api;

import dev.atelier.InvalidOptionException;
import dev.atelier.io.OutputFormat;
import dev.atelier.io.ReadOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Repaint photos: the method, the photos (one file, or several files and folders), the paintings or
 * models, the method's options by key, and where results go. Immutable; built DJL-style.
 *
 * <p>One photo file makes one result at {@link #output()}. Several photos, or a folder, make one
 * result each in the output folder, named {@code <photo>__<style>} as a batch names them, with a
 * manifest so that a rerun skips what is done.
 *
 * @param method the registered method's name; {@code null} picks {@code feedforward} when models are
 *     given, else {@code gatys}
 * @param contents photos: image files or folders of them
 * @param styles paintings (for methods that take paintings)
 * @param models trained networks by name or path (for methods whose styles are networks)
 * @param styleMasks empty, or one mask per painting
 * @param options the method's options as text, by key (e.g. {@code iterations -> 300})
 * @param output the result image, or the folder for several results
 * @param report the report's path; {@code null} for the output's name with {@code .json}
 * @param plot where to draw the loss curves (methods that optimise), or {@code null}
 * @param sideBySide where to put photo, paintings and result side by side, or {@code null}
 * @param saveEvery also write the image every this many steps ({@code out.iter-0100.png}); 0 never
 * @param initImage where an optimisation starts (an earlier result, say), or {@code null}
 * @param resume continue an optimisation from the checkpoint an interrupted run left beside the
 *     output ({@code out.png.ckpt}), with the same settings
 * @param format the image format of results in an output folder (a single result's comes from its name)
 * @param readOptions limits for reading images
 * @param command what made the request, recorded in reports ({@code stylize}, {@code serve})
 * @param clips what repaints the clips among several photos (folder mode, a batch: their folders then
 *     list clips too), or {@code null}: pictures only
 */
public record StylizeRequest(String method, List<Path> contents, List<Path> styles, List<String> models,
        List<Path> styleMasks, Map<String, String> options, Path output, Path report, Path plot, Path sideBySide,
        int saveEvery, Path initImage, boolean resume, OutputFormat format, ReadOptions readOptions, String command,
        BatchClips clips) {

    public StylizeRequest {
        contents = List.copyOf(contents);
        styles = List.copyOf(styles);
        models = List.copyOf(models);
        styleMasks = List.copyOf(styleMasks);
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The method to run: the one named, else feed-forward with models and optimisation without. */
    public String methodName() {
        return method != null ? method : Methods.defaultFor(!models.isEmpty());
    }

    /** Builder; {@link #build()} checks what can be checked without reading files. */
    public static final class Builder {
        private String method;
        private final List<Path> contents = new ArrayList<>();
        private final List<Path> styles = new ArrayList<>();
        private final List<String> models = new ArrayList<>();
        private final List<Path> styleMasks = new ArrayList<>();
        private final Map<String, String> options = new LinkedHashMap<>();
        private Path output;
        private Path report;
        private Path plot;
        private Path sideBySide;
        private int saveEvery;
        private Path initImage;
        private boolean resume;
        private String format = OutputFormat.PNG.name();
        private ReadOptions readOptions = ReadOptions.defaults();
        private String command = "stylize";
        private BatchClips clips;

        private Builder() {}

        public Builder optMethod(String value) {
            method = value;
            return this;
        }

        public Builder optContent(Path value) {
            contents.add(value);
            return this;
        }

        public Builder optContents(List<Path> value) {
            contents.addAll(value);
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

        /** A trained network by name ({@code candy}) or path. */
        public Builder optModel(String value) {
            models.add(value);
            return this;
        }

        public Builder optModels(List<String> value) {
            models.addAll(value);
            return this;
        }

        public Builder optStyleMasks(List<Path> value) {
            styleMasks.addAll(value);
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

        public Builder optOutput(Path value) {
            output = value;
            return this;
        }

        public Builder optReport(Path value) {
            report = value;
            return this;
        }

        public Builder optPlot(Path value) {
            plot = value;
            return this;
        }

        public Builder optSideBySide(Path value) {
            sideBySide = value;
            return this;
        }

        public Builder optSaveEvery(int value) {
            saveEvery = value;
            return this;
        }

        public Builder optInitImage(Path value) {
            initImage = value;
            return this;
        }

        public Builder optResume(boolean value) {
            resume = value;
            return this;
        }

        /** The format of results in an output folder, by name ({@code png}, {@code jpg}, {@code jpeg}, …). */
        public Builder optFormat(String value) {
            format = value;
            return this;
        }

        public Builder optFormat(OutputFormat value) {
            format = value.name();
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
         * Clips among several photos are repainted by {@code value} (atelier-video's
         * {@code VideoBatchClips}), as a batch repaints them.
         */
        public Builder optClips(BatchClips value) {
            clips = value;
            return this;
        }

        public StylizeRequest build() {
            if (contents.isEmpty()) {
                throw new InvalidOptionException("content", "a photo is needed");
            }
            if (output == null) {
                throw new InvalidOptionException("output", "an output file (or folder) is needed");
            }
            if (saveEvery < 0) {
                throw new InvalidOptionException("save-every", "must not be negative, got " + saveEvery);
            }
            return new StylizeRequest(method, contents, styles, models, styleMasks, options, output, report, plot,
                    sideBySide, saveEvery, initImage, resume, OutputFormat.named("format", format), readOptions,
                    command, clips);
        }
    }
}
