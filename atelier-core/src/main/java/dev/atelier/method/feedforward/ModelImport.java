package dev.atelier.method.feedforward;

import com.google.gson.JsonObject;
import dev.atelier.BadInputException;
import dev.atelier.report.Versions;
import dev.atelier.weights.HostTensor;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Converts a network from another project's format into an Atelier model file, checked on the way
 * in: a file that imports is one that loads.
 */
public final class ModelImport {
    private ModelImport() {}

    /**
     * Reads {@code source} (any format {@link FeedForwardModels#read} knows) and writes it to
     * {@code output} atomically.
     *
     * @param style the style's name to record, or {@code null} to keep the one derived from the source
     * @return the model as written
     */
    public static ModelFile.Model convert(Path source, Path output, String style) {
        if (Files.isDirectory(output)) {
            throw new BadInputException(output, "is a folder; give the model file's name");
        }
        if (source.toAbsolutePath().normalize().equals(output.toAbsolutePath().normalize())) {
            throw new BadInputException(output, "import would overwrite its own source");
        }
        ModelFile.Model model = FeedForwardModels.read(source);
        JsonObject provenance = model.provenance() == null ? new JsonObject() : model.provenance().deepCopy();
        provenance.addProperty("imported_by", "atelier import");
        provenance.addProperty("atelier_version", Versions.atelier());
        ModelFile.Model converted = new ModelFile.Model(model.layout(), model.weights(),
                style == null ? model.style() : style, provenance, model.training(), model.styles(), model.modules());
        ModelFile.write(output, converted);
        return converted;
    }

    /** Parameters in a model, for the summary a user sees. */
    public static long parameterCount(ModelFile.Model model) {
        long count = 0;
        for (HostTensor tensor : model.weights().asMap().values()) {
            count += tensor.values().length;
        }
        return count;
    }
}
