package dev.atelier.studio;

import dev.atelier.progress.StepFinished;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job as stored.
 *
 * @param id its number, increasing with submission order
 * @param state where it is
 * @param method the method's name
 * @param model the model's name, or {@code null}
 * @param options option values as text, as submitted
 * @param contentFile the photo's generated file name inside the job folder
 * @param styleFiles the paintings' generated file names inside the job folder
 * @param contentName the client's name for the photo (display only), or {@code null}
 * @param styleNames the client's names for the paintings (display only)
 * @param created when it was accepted
 * @param started when a worker last started it, or {@code null}
 * @param finished when it finished, or {@code null}
 * @param attempts times a worker started it
 * @param cancelRequested whether cancelling it was asked while it ran
 * @param hasResult whether its result image exists
 * @param error why it failed, or {@code null}
 * @param progress its last progress once finished, or {@code null}
 * @param owner the studio process running it ({@code host pid tag}), or {@code null} when none
 * @param leaseUntil until when its owner's claim holds unless renewed, or {@code null}
 * @param warnings what its run warned of (e.g. a fall-back to random weights), in order
 * @param networks the networks its run used, by role ({@code backbone -> random-vgg19}); empty until known
 * @param clip whether its content is a clip (its result is then a clip too)
 * @param modelFile the generated name, inside the job folder, of a model file uploaded with it, or {@code null}
 * @param modelName the client's name for that model file (display only), or {@code null}
 */
public record JobRecord(long id, JobState state, String method, String model, Map<String, String> options,
        String contentFile, List<String> styleFiles, String contentName, List<String> styleNames, Instant created,
        Instant started, Instant finished, int attempts, boolean cancelRequested, boolean hasResult, String error,
        StepFinished progress, String owner, Instant leaseUntil, List<String> warnings, Map<String, String> networks,
        boolean clip, String modelFile, String modelName) {

    public JobRecord {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        warnings = List.copyOf(warnings);
        networks = Collections.unmodifiableMap(new LinkedHashMap<>(networks));
        styleFiles = List.copyOf(styleFiles);
        styleNames = List.copyOf(styleNames);
    }

    /** The job's files as uploaded (its inputs), which a run never deletes: photo or clip, paintings, model. */
    public List<String> inputs() {
        List<String> inputs = new java.util.ArrayList<>(styleFiles);
        inputs.add(contentFile);
        if (modelFile != null) {
            inputs.add(modelFile);
        }
        return inputs;
    }
}
