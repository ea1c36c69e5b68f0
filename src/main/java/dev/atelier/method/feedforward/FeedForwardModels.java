package dev.atelier.method.feedforward;

import com.google.gson.JsonObject;
import dev.atelier.BadInputException;
import dev.atelier.nn.TransformerLayout;
import dev.atelier.nn.TransformerNetwork;
import dev.atelier.weights.HostTensor;
import dev.atelier.weights.StateDict;
import dev.atelier.weights.WeightsFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a feed-forward network from any format Atelier knows, recognised by content: an Atelier
 * model file, a lengstrom/fast-style-transfer variable folder (by its manifest), or a
 * pytorch/examples {@code fast_neural_style} state dict ({@code .pth}, zip or legacy format).
 */
public final class FeedForwardModels {
    private FeedForwardModels() {}

    public static ModelFile.Model read(Path path) {
        if (Files.isDirectory(path)) {
            if (!TensorflowVariableFolder.isVariableFolder(path)) {
                throw new BadInputException(path, "is a folder without " + TensorflowVariableFolder.MANIFEST
                        + " (expected a model file or a fast-style-transfer variable folder)");
            }
            StateDict weights = TensorflowVariableFolder.read(path);
            return new ModelFile.Model(TransformerLayout.TENSORFLOW, weights, path.getFileName().toString(),
                    provenance("lengstrom/fast-style-transfer variable folder", path), null);
        }
        if (!Files.exists(path)) {
            throw new BadInputException(path, "no such model file or folder");
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".pth") || name.endsWith(".pt") || name.endsWith(".model")) {
            return pytorchExamples(path);
        }
        return ModelFile.read(path);
    }

    /**
     * A pytorch/examples TransformerNet state dict. Files saved with old PyTorch carry instance-norm
     * {@code running_mean}/{@code running_var} buffers, which the network never uses: they are dropped.
     */
    public static ModelFile.Model pytorchExamples(Path file) {
        StateDict all = WeightsFiles.read(file, key -> !isRunningStatistic(key));
        Set<String> expected = TransformerNetwork.parameterShapes(TransformerLayout.PYTORCH_EXAMPLES).keySet();
        Map<String, HostTensor> kept = new LinkedHashMap<>();
        for (Map.Entry<String, HostTensor> entry : all.asMap().entrySet()) {
            if (!expected.contains(entry.getKey())) {
                throw new BadInputException(file, "unexpected tensor '" + entry.getKey()
                        + "': not a pytorch/examples fast_neural_style TransformerNet state dict");
            }
            kept.put(entry.getKey(), entry.getValue());
        }
        String stem = file.getFileName().toString().replaceFirst("\\.[^.]+$", "");
        return new ModelFile.Model(TransformerLayout.PYTORCH_EXAMPLES, new StateDict(file, kept), stem,
                provenance("pytorch/examples fast_neural_style state dict", file), null);
    }

    static boolean isRunningStatistic(String key) {
        return key.endsWith(".running_mean") || key.endsWith(".running_var") || key.endsWith(".num_batches_tracked");
    }

    private static JsonObject provenance(String kind, Path source) {
        JsonObject provenance = new JsonObject();
        provenance.addProperty("imported_from", kind);
        provenance.addProperty("source", source.toString());
        if (Files.isRegularFile(source)) {
            provenance.addProperty("source_sha256", WeightsFiles.sha256(source));
        }
        return provenance;
    }
}
