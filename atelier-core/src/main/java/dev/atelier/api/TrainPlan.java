package dev.atelier.api;

import dev.atelier.io.ReadOptions;
import dev.atelier.method.TrainingMethod;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A training request checked whole before any work: the method and its options, every input present,
 * the network, checkpoint, report and plot claimed against the inputs and each other, their folders
 * writable, and an earlier run's checkpoint either resumed or refused. Made by
 * {@link Atelier#plan(TrainRequest)}; immutable.
 */
public final class TrainPlan {
    private final TrainingMethod<?> method;
    private final Object options;
    private final Map<String, List<Path>> inputs;
    private final Path output;
    private final Path checkpoint;
    private final Path report;
    private final Path plot;
    private final boolean resume;
    private final ReadOptions readOptions;

    TrainPlan(TrainingMethod<?> method, Object options, Map<String, List<Path>> inputs, Path output, Path checkpoint,
            Path report, Path plot, boolean resume, ReadOptions readOptions) {
        this.method = method;
        this.options = options;
        this.inputs = Map.copyOf(inputs);
        this.output = output;
        this.checkpoint = checkpoint;
        this.report = report;
        this.plot = plot;
        this.resume = resume;
        this.readOptions = readOptions;
    }

    /** The method whose networks it trains. */
    public String method() {
        return method.name();
    }

    /** The network file it writes. */
    public Path output() {
        return output;
    }

    /** Where it keeps what a resumed run continues from. */
    public Path checkpoint() {
        return checkpoint;
    }

    /** The report it writes. */
    public Path report() {
        return report;
    }

    TrainingMethod<?> trainingMethod() {
        return method;
    }

    Object parsedOptions() {
        return options;
    }

    Map<String, List<Path>> inputs() {
        return inputs;
    }

    Path plot() {
        return plot;
    }

    boolean resume() {
        return resume;
    }

    ReadOptions readOptions() {
        return readOptions;
    }
}
