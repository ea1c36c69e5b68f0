package dev.atelier.method.feedforward;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.atelier.BadInputException;
import dev.atelier.weights.SafetensorsReader;
import dev.atelier.weights.SafetensorsWriter;
import dev.atelier.weights.StateDict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Atelier's feed-forward model file: a safetensors file of the network's parameters (named as in
 * {@code TransformerNetwork}) whose metadata says how to run it and where it came from.
 *
 * <p>Metadata keys: {@code format} = {@value #FORMAT}, {@code format_version} = {@value #VERSION},
 * {@code layout} ({@code pytorch-examples} or {@code tensorflow}), {@code style} (the style
 * image's name, when known), {@code provenance} (JSON: how the weights were made — imported from
 * what, or trained with which settings) and {@code training} (JSON: the training report, for
 * trained models).
 */
public final class ModelFile {
    public static final String FORMAT = "atelier-feedforward";
    public static final String VERSION = "1";

    private ModelFile() {}

    /** A model's weights and what the file says about them. */
    public record Model(TransformerLayout layout, StateDict weights, String style, JsonObject provenance,
            JsonObject training) {}

    /** Writes atomically (the writer replaces the file in one rename). */
    public static void write(Path file, Model model) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", FORMAT);
        metadata.put("format_version", VERSION);
        metadata.put("layout", model.layout().displayName());
        if (model.style() != null) {
            metadata.put("style", model.style());
        }
        metadata.put("provenance", (model.provenance() == null ? new JsonObject() : model.provenance()).toString());
        if (model.training() != null) {
            metadata.put("training", model.training().toString());
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new BadInputException(file, "output folder '" + file.getParent() + "' does not exist");
        }
        SafetensorsWriter.write(file, model.weights().asMap(), metadata);
    }

    /** Reads and checks an Atelier model file. */
    public static Model read(Path file) {
        SafetensorsReader reader = SafetensorsReader.open(file);
        Map<String, String> metadata = reader.metadata();
        if (!FORMAT.equals(metadata.get("format"))) {
            throw new BadInputException(file, "not an Atelier feed-forward model (a safetensors file without "
                    + "format=" + FORMAT + " metadata; import other networks with 'atelier import')");
        }
        if (!VERSION.equals(metadata.get("format_version"))) {
            throw new BadInputException(file, "model format version " + metadata.get("format_version")
                    + " is not supported by this Atelier (expected " + VERSION + ")");
        }
        String layoutName = metadata.get("layout");
        if (layoutName == null) {
            throw new BadInputException(file, "model metadata lacks its layout");
        }
        TransformerLayout layout = null;
        for (TransformerLayout candidate : TransformerLayout.values()) {
            if (candidate.displayName().equals(layoutName)) {
                layout = candidate;
            }
        }
        if (layout == null) {
            throw new BadInputException(file, "unknown transformer layout '" + layoutName + "' in the model metadata");
        }
        return new Model(layout, reader.read(name -> true), metadata.get("style"), json(file, metadata, "provenance"),
                json(file, metadata, "training"));
    }

    private static JsonObject json(Path file, Map<String, String> metadata, String key) {
        String text = metadata.get(key);
        if (text == null) {
            return null;
        }
        try {
            return JsonParser.parseString(text).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new BadInputException(file, "model metadata '" + key + "' is not a JSON object");
        }
    }
}
