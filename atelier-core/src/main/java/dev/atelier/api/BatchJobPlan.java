package dev.atelier.api;

import dev.atelier.batch.BatchOptions;
import dev.atelier.batch.BatchPlan;
import dev.atelier.batch.ClipFiles;
import dev.atelier.io.ReadOptions;
import dev.atelier.method.StyleMethod;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A batch checked whole, before any work: the pairs, the method and its options, the batch's own
 * settings, every result claimed against every input, the output folder writable. Made by
 * {@link Atelier#plan(BatchRequest)} (and for several photos by {@link Atelier#plan(StylizeRequest)});
 * immutable.
 */
public final class BatchJobPlan {
    private final StyleMethod<?, ?> method;
    private final Map<String, String> options;
    private final BatchPlan pairs;
    private final BatchOptions batch;
    private final String command;
    private final BatchClips clips;

    BatchJobPlan(StyleMethod<?, ?> method, Map<String, String> options, BatchPlan pairs, BatchOptions batch,
            String command, BatchClips clips) {
        this.method = method;
        this.clips = clips;
        this.options = Map.copyOf(options);
        this.pairs = pairs;
        this.batch = batch;
        this.command = command;
    }

    /** The method's registered name. */
    public String method() {
        return method.name();
    }

    /** The method's options as given, by key. */
    public Map<String, String> options() {
        return options;
    }

    /** Every pair, with the photos and styles (models by name or path) they use. */
    public BatchPlan pairs() {
        return pairs;
    }

    /** The batch's own settings: folder, layout, format, size, cropping, sheets. */
    public BatchOptions batchOptions() {
        return batch;
    }

    /** The folder everything goes into. */
    public Path outputFolder() {
        return batch.outputFolder();
    }

    /** What repaints the clips among the photos, when the request handed one in. */
    public Optional<BatchClips> clips() {
        return Optional.ofNullable(clips);
    }

    /** Whether some photos are clips that this batch repaints. */
    public boolean hasClips() {
        return pairs.contents().stream().anyMatch(content -> ClipFiles.repaints(clips, content));
    }

    /** What a stylist that can run this batch is opened with. */
    public StylistRequest stylistRequest() {
        return StylistRequest.builder().optMethod(method.name()).optOptions(options)
                .optReadOptions(batch.readOptions()).build();
    }

    StyleMethod<?, ?> styleMethod() {
        return method;
    }

    ReadOptions readOptions() {
        return batch.readOptions();
    }

    String command() {
        return command;
    }
}
