package dev.atelier.training;

import dev.atelier.device.RunDevice;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.atelier.BadInputException;
import dev.atelier.optim.AdamRule;
import dev.atelier.weights.HostTensor;
import dev.atelier.weights.SafetensorsReader;
import dev.atelier.weights.SafetensorsWriter;
import dev.atelier.weights.StateDict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A training checkpoint: the parameters, Adam's moments and the loop's counters and history, in
 * one safetensors file (tensors {@code model/…}, {@code adam.first/…}, {@code adam.second/…}; the
 * rest as JSON metadata).
 */
public final class CheckpointStore {
    private static final String FORMAT = "atelier-training-checkpoint";

    private final Path file;
    private final JsonObject settings;

    /**
     * @param settings the settings that define the run (method options, data folder, training
     *     options): resuming with different ones is refused rather than silently mixed
     */
    public CheckpointStore(Path file, JsonObject settings) {
        this.file = file;
        this.settings = settings;
    }

    public Path file() {
        return file;
    }

    public boolean exists() {
        return Files.isRegularFile(file);
    }

    void save(TrainingState state, Map<String, NDArray> parameters, AdamRule adam, TrainingOptions options) {
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        parameters.forEach((name, array) -> tensors.put("model/" + name, host(array)));
        AdamRule.Moments moments = adam.moments();
        List<String> names = new ArrayList<>(parameters.keySet());
        for (int i = 0; i < moments.first().size(); i++) {
            tensors.put("adam.first/" + names.get(i), host(moments.first().get(i)));
            tensors.put("adam.second/" + names.get(i), host(moments.second().get(i)));
        }
        JsonObject counters = new JsonObject();
        counters.addProperty("step", state.step);
        counters.addProperty("adam_steps", moments.steps());
        counters.addProperty("best_step", state.bestStep);
        counters.addProperty("best_validation", state.bestValidation);
        counters.addProperty("bad_validations", state.badValidations);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", FORMAT);
        metadata.put("settings", settings.toString());
        metadata.put("counters", counters.toString());
        metadata.put("history", state.history.toJson().toString());
        // The writer replaces the file atomically: a run killed while saving keeps its previous checkpoint.
        SafetensorsWriter.write(file, tensors, metadata);
    }

    TrainingState restore(Map<String, NDArray> parameters, AdamRule adam, TrainingOptions options) {
        SafetensorsReader reader = SafetensorsReader.open(file);
        Map<String, String> metadata = reader.metadata();
        if (!FORMAT.equals(metadata.get("format"))) {
            throw new BadInputException(file, "not an Atelier training checkpoint");
        }
        JsonObject saved;
        JsonObject counters;
        try {
            saved = JsonParser.parseString(metadata.get("settings")).getAsJsonObject();
            counters = JsonParser.parseString(metadata.get("counters")).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new BadInputException(file, "damaged checkpoint metadata");
        }
        if (!resumable(saved).equals(resumable(settings))) {
            throw new BadInputException(file, "was made with different settings; resume with the same options, "
                    + "or delete it to start over (" + difference(resumable(saved), resumable(settings)) + ")");
        }
        StateDict tensors = reader.read(name -> true);
        try (NDManager scope = RunDevice.newManager()) {
            parameters.forEach((name, array) -> {
                HostTensor tensor = tensors.require("model/" + name, array.getShape().getShape());
                // Copied into the parameter's own native memory rather than with NDArray.set, which points
                // the tensor at a Java buffer that only this wrapper keeps alive (DJL's PtNDArray.set):
                // anything else sharing the parameter's storage would then depend on that buffer. (The
                // resumed runs that once turned NaN were Constants' freed buffers, not this: see Constants.)
                // Gradients are off here, so the in-place copy is allowed.
                array.muli(0).addi(toArray(scope, tensor));
            });
            long adamSteps = counters.get("adam_steps").getAsLong();
            if (adamSteps > 0) {
                List<NDArray> first = new ArrayList<>();
                List<NDArray> second = new ArrayList<>();
                parameters.forEach((name, array) -> {
                    first.add(toArray(scope, tensors.require("adam.first/" + name, array.getShape().getShape())));
                    second.add(toArray(scope, tensors.require("adam.second/" + name, array.getShape().getShape())));
                });
                adam.restore(first, second, adamSteps);
            }
        }
        TrainingState state = new TrainingState();
        try {
            state.step = counters.get("step").getAsLong();
            state.bestStep = counters.get("best_step").getAsLong();
            state.bestValidation = counters.get("best_validation").getAsDouble();
            state.badValidations = counters.get("bad_validations").getAsInt();
            state.history = TrainingHistory.fromJson(JsonParser.parseString(metadata.get("history")).getAsJsonArray());
        } catch (RuntimeException e) {
            throw new BadInputException(file, "damaged checkpoint counters");
        }
        return state;
    }

    private static String difference(JsonObject saved, JsonObject current) {
        for (String key : current.keySet()) {
            if (!current.get(key).equals(saved.get(key))) {
                return key + " was " + saved.get(key) + ", now " + current.get(key);
            }
        }
        for (String key : saved.keySet()) {
            if (!current.has(key)) {
                return key + " was " + saved.get(key);
            }
        }
        return "unknown difference";
    }

    private static HostTensor host(NDArray array) {
        return new HostTensor(array.getShape().getShape(), array.toFloatArray());
    }

    private static NDArray toArray(NDManager manager, HostTensor tensor) {
        return manager.create(tensor.values(), new Shape(tensor.shape()));
    }


    /**
     * The settings without how long to run and when to validate, stop early or checkpoint (the
     * {@code training} object's schedule): these may change when a run resumes, since they do not
     * change the steps already taken.
     */
    private static JsonObject resumable(JsonObject settings) {
        JsonObject copy = settings.deepCopy();
        if (copy.has("training") && copy.get("training").isJsonObject()) {
            JsonObject training = copy.getAsJsonObject("training");
            for (String schedule : new String[] {"steps", "validate_every", "patience", "checkpoint_every"}) {
                training.remove(schedule);
            }
        }
        return copy;
    }
}
