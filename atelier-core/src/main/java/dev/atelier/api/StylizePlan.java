package dev.atelier.api;

import dev.atelier.io.ReadOptions;
import dev.atelier.method.StyleKind;
import dev.atelier.method.StyleMethod;
import dev.atelier.output.Output;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A stylize request checked whole, before any work and without side effects: the method and its
 * options parsed, every input present and usable (image headers read, sizes checked against the
 * method), every output claimed against every input and every other output, every output folder
 * writable. Made by {@link Atelier#plan(StylizeRequest)}; run by {@link Atelier#run(StylizePlan,
 * dev.atelier.progress.RunListener, dev.atelier.Cancellation)} or on an open stylist. Immutable.
 *
 * <p>One photo makes one result ({@link #outputs()}); several photos, or a folder, make a batch
 * without contact sheet or index page ({@link #folder()}).
 */
public final class StylizePlan {
    private final StyleMethod<?, ?> method;
    private final Map<String, String> options;
    private final Path content;
    private final List<String> styles;
    private final List<Path> masks;
    private final Path initImage;
    private final Path checkpoint;
    private final boolean resume;
    private final List<Output> outputs;
    private final BatchJobPlan folder;
    private final ReadOptions readOptions;
    private final String command;

    StylizePlan(StyleMethod<?, ?> method, Map<String, String> options, Path content, List<String> styles,
            List<Path> masks, Path initImage, Path checkpoint, boolean resume, List<Output> outputs,
            ReadOptions readOptions, String command) {
        this.method = method;
        this.options = Map.copyOf(options);
        this.content = content;
        this.styles = List.copyOf(styles);
        this.masks = List.copyOf(masks);
        this.initImage = initImage;
        this.checkpoint = checkpoint;
        this.resume = resume;
        this.outputs = List.copyOf(outputs);
        this.folder = null;
        this.readOptions = readOptions;
        this.command = command;
    }

    StylizePlan(BatchJobPlan folder) {
        this.method = folder.styleMethod();
        this.options = Map.copyOf(folder.options());
        this.content = null;
        this.styles = List.of();
        this.masks = List.of();
        this.initImage = null;
        this.checkpoint = null;
        this.resume = false;
        this.outputs = List.of();
        this.folder = folder;
        this.readOptions = folder.readOptions();
        this.command = folder.command();
    }

    /** The method's registered name. */
    public String method() {
        return method.name();
    }

    /** The method's options as given, by key (the rest keep their defaults). */
    public Map<String, String> options() {
        return options;
    }

    /** What a stylist that can run this plan is opened with. */
    public StylistRequest stylistRequest() {
        return StylistRequest.builder().optMethod(method.name()).optOptions(options).optReadOptions(readOptions)
                .build();
    }

    /** For several photos: the batch that makes their results. */
    public Optional<BatchJobPlan> folder() {
        return Optional.ofNullable(folder);
    }

    /** For one photo: what it writes, in the order it writes them (the report last). */
    public List<Output> outputs() {
        return outputs;
    }

    StyleMethod<?, ?> styleMethod() {
        return method;
    }

    Path content() {
        return content;
    }

    /** Paintings' paths, or models' names or paths. */
    List<String> styles() {
        return styles;
    }

    boolean stylesAreModels() {
        return method.styleKind() == StyleKind.MODELS;
    }

    List<Path> masks() {
        return masks;
    }

    Path initImage() {
        return initImage;
    }

    /** Where an optimisation keeps its checkpoint, or {@code null} for one-pass methods. */
    Path checkpoint() {
        return checkpoint;
    }

    boolean resume() {
        return resume;
    }

    ReadOptions readOptions() {
        return readOptions;
    }

    String command() {
        return command;
    }
}
