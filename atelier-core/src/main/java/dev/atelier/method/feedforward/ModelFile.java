package dev.atelier.method.feedforward;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.atelier.BadInputException;
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
 * Atelier's feed-forward model file: a safetensors file of the network's parameters (named as in
 * {@code TransformerNetwork}) whose metadata says how to run it and where it came from.
 *
 * <p>Metadata keys: {@code format} = {@value #FORMAT}, {@code format_version} = {@value #VERSION},
 * {@code layout} ({@code pytorch-examples}, {@code tensorflow} or {@code torch7}), {@code style} (the
 * style image's name, when known), {@code provenance} (JSON: how the weights were made — imported
 * from what, or trained with which settings) and {@code training} (JSON: the training report, for
 * trained models).
 *
 * <p>Format version {@value #MANY_VERSION} adds, where they apply: {@code styles} (JSON list of the
 * paintings' names) for a network of several paintings (Dumoulin et al.'s conditional instance
 * normalisation: each normalisation's {@code weight} and {@code bias} are (paintings, channels)),
 * and {@code modules} (JSON, see {@link ModuleList}) for the {@code torch7} layout, whose
 * structure is not fixed. Files that need neither keep version {@value #VERSION}, so earlier
 * Atelier versions read them as before.
 */
public final class ModelFile {
    public static final String FORMAT = "atelier-feedforward";
    public static final String VERSION = "1";
    /** The version of files holding several paintings or a module list. */
    public static final String MANY_VERSION = "2";
    /** Most paintings one network may hold. */
    public static final int MOST_STYLES = 1000;

    private ModelFile() {}

    /**
     * A model's weights and what the file says about them.
     *
     * @param styles the paintings' names of a network of several (conditional instance
     *     normalisation); empty for a network of one painting
     * @param modules the network's modules for the {@code torch7} layout, else {@code null}
     */
    public record Model(TransformerLayout layout, StateDict weights, String style, JsonObject provenance,
            JsonObject training, List<String> styles, ModuleList modules) {
        public Model {
            styles = List.copyOf(styles);
            if (styles.size() == 1) {
                throw new IllegalArgumentException("a network of one painting lists no styles");
            }
            if ((layout == TransformerLayout.TORCH7) != (modules != null)) {
                throw new IllegalArgumentException("the torch7 layout, and only it, comes with modules");
            }
        }

        /** A network of one painting in a fixed layout. */
        public Model(TransformerLayout layout, StateDict weights, String style, JsonObject provenance,
                JsonObject training) {
            this(layout, weights, style, provenance, training, List.of(), null);
        }

        /** How many paintings the network holds (1 for a network of one). */
        public int styleCount() {
            return Math.max(1, styles.size());
        }
    }

    /** Writes atomically (the writer replaces the file in one rename). */
    public static void write(Path file, Model model) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", FORMAT);
        boolean many = !model.styles().isEmpty() || model.modules() != null;
        metadata.put("format_version", many ? MANY_VERSION : VERSION);
        metadata.put("layout", model.layout().displayName());
        if (model.style() != null) {
            metadata.put("style", model.style());
        }
        if (!model.styles().isEmpty()) {
            JsonArray styles = new JsonArray();
            model.styles().forEach(styles::add);
            metadata.put("styles", styles.toString());
        }
        if (model.modules() != null) {
            metadata.put("modules", model.modules().toJsonText());
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
        if (!VERSION.equals(metadata.get("format_version")) && !MANY_VERSION.equals(metadata.get("format_version"))) {
            throw new BadInputException(file, "model format version " + metadata.get("format_version")
                    + " is not supported by this Atelier (expected " + VERSION + " or " + MANY_VERSION + ")");
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
        ModuleList modules = null;
        if (layout == TransformerLayout.TORCH7) {
            String text = metadata.get("modules");
            if (text == null) {
                throw new BadInputException(file, "a torch7 model without its 'modules' metadata");
            }
            modules = ModuleList.fromJsonText(file, text);
        }
        return new Model(layout, reader.read(name -> true), metadata.get("style"), json(file, metadata, "provenance"),
                json(file, metadata, "training"), styles(file, metadata), modules);
    }

    /**
     * The paintings' names of a network of several, from the file's metadata alone (the weights are
     * not read): what a front end offers as choices and blend sliders. Empty for a network of one.
     */
    public static List<String> paintings(Path file) {
        SafetensorsReader reader = SafetensorsReader.open(file);
        if (!FORMAT.equals(reader.metadata().get("format"))) {
            throw new BadInputException(file, "not an Atelier feed-forward model");
        }
        return styles(file, reader.metadata());
    }

    private static List<String> styles(Path file, Map<String, String> metadata) {
        String text = metadata.get("styles");
        if (text == null) {
            return List.of();
        }
        List<String> styles = new ArrayList<>();
        try {
            for (JsonElement element : JsonParser.parseString(text).getAsJsonArray()) {
                styles.add(element.getAsString());
            }
        } catch (RuntimeException e) {
            throw new BadInputException(file, "model metadata 'styles' is not a list of names");
        }
        if (styles.size() < 2 || styles.size() > MOST_STYLES) {
            throw new BadInputException(file, "model metadata lists " + styles.size() + " paintings (a network of "
                    + "several holds 2 to " + MOST_STYLES + ")");
        }
        return styles;
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
