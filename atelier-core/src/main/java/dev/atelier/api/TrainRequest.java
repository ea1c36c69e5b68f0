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
 * Train a network: which method's, from which files and folders (by the method's input roles), into
 * which file, with which options. Immutable; built DJL-style.
 *
 * @param method {@code feedforward} or {@code adain}
 * @param inputs files and folders by role (see the method's {@code inputs()}): one each, or several
 *     for a role that takes them (the paintings of a network trained on several)
 * @param output the network file
 * @param report the report's path; {@code null} for the output's name with {@code .json}
 * @param plot where to draw the loss curves, or {@code null}
 * @param resume continue from the checkpoint beside the output
 * @param options the training's options as text, by key
 * @param readOptions limits for reading images (larger ones are skipped)
 */
public record TrainRequest(String method, Map<String, List<Path>> inputs, Path output, Path report, Path plot,
        boolean resume, Map<String, String> options, ReadOptions readOptions) {

    public TrainRequest {
        Map<String, List<Path>> copies = new LinkedHashMap<>();
        inputs.forEach((role, paths) -> copies.put(role, List.copyOf(paths)));
        inputs = Collections.unmodifiableMap(copies);
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    public static Builder builder(String method) {
        return new Builder(method);
    }

    /** Builder; {@link #build()} checks what can be checked without reading files. */
    public static final class Builder {
        private final String method;
        private final Map<String, List<Path>> inputs = new LinkedHashMap<>();
        private Path output;
        private Path report;
        private Path plot;
        private boolean resume;
        private final Map<String, String> options = new LinkedHashMap<>();
        private ReadOptions readOptions = ReadOptions.defaults();

        private Builder(String method) {
            this.method = method;
        }

        /** One more file or folder for a role (a role that takes several may be given many times). */
        public Builder optInput(String role, Path value) {
            inputs.computeIfAbsent(role, key -> new ArrayList<>()).add(value);
            return this;
        }

        /** Every file for a role at once, in order. */
        public Builder optInputs(String role, List<Path> values) {
            inputs.computeIfAbsent(role, key -> new ArrayList<>()).addAll(values);
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

        public Builder optResume(boolean value) {
            resume = value;
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

        public TrainRequest build() {
            if (output == null) {
                throw new InvalidOptionException("output", "an output file is needed");
            }
            return new TrainRequest(method, inputs, output, report, plot, resume, options, readOptions);
        }
    }
}
