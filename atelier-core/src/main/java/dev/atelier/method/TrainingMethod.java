package dev.atelier.method;

import dev.atelier.options.OptionSchema;
import java.nio.file.Path;
import java.util.List;

/**
 * A method that trains a network from images, as the entry point runs it.
 *
 * @param <O> its training options
 */
public interface TrainingMethod<O> {

    /** The method whose networks it trains: {@code feedforward}, {@code adain}. */
    String name();

    /** One line for listings and help. */
    String description();

    OptionSchema<?, O> options();

    /** The files and folders it reads, by role. */
    List<TrainingInput> inputs();

    /** Where a run writing {@code output} keeps what a resumed run needs. */
    Path checkpointOf(Path output);

    /**
     * Checks the output's name before any work.
     *
     * @throws dev.atelier.InvalidOptionException when the method cannot write such a file
     */
    default void checkOutput(Path output) {}

    /**
     * Trains, writing the best network to the job's output whenever validation improves (or at the
     * end without validation) and checkpoints beside it.
     */
    TrainingOutcome train(TrainingJob job, O options, MethodContext context, RunContext run);
}
