package dev.atelier.method.feedforward;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import dev.atelier.io.ImageFiles;
import dev.atelier.BadInputException;
import dev.atelier.io.RegularFiles;
import dev.atelier.weights.HostTensor;
import dev.atelier.weights.StateDict;
import dev.atelier.weights.WeightsFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads a feed-forward network from any format Atelier knows, recognised by content rather than
 * name: an Atelier model file (safetensors), a lengstrom/fast-style-transfer variable folder (by
 * its manifest), a pytorch/examples {@code fast_neural_style} state dict ({@code .pth}, zip or
 * legacy format), or that network exported to ONNX ({@link OnnxModels}).
 */
public final class FeedForwardModels {
    private FeedForwardModels() {}

    /**
     * Reads and checks a model: every parameter of its layout present with its exact shape, and
     * nothing else.
     *
     * @throws BadInputException naming the file and the problem when it is not a usable network
     */
    public static ModelFile.Model read(Path path) {
        ModelFile.Model model = readUnchecked(path);
        requireComplete(model.weights().source(), model.layout(), model.weights());
        return model;
    }

    /** Reads a model and builds its network in {@code manager}; the caller closes the network. */
    public static TransformerNetwork loadNetwork(Path path, NDManager manager) {
        ModelFile.Model model = read(path);
        return TransformerNetwork.fromStateDict(model.layout(), model.weights(), manager);
    }

    private static ModelFile.Model readUnchecked(Path path) {
        if (Files.exists(path)) {
            RegularFiles.requireFileOrFolder(path, "model file or folder");
        }
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
        // Told apart by content: a .pth renamed .model or a model file renamed .pth still load.
        if (OnnxModels.isOnnx(path)) {
            return OnnxModels.read(path);
        }
        if (WeightsFiles.isSafetensors(path)) {
            return ModelFile.read(path);
        }
        return pytorchExamples(path);
    }

    /** Every parameter of {@code layout} present with its exact shape, and no other tensor. */
    static void requireComplete(Path source, TransformerLayout layout, StateDict weights) {
        Map<String, long[]> expected = TransformerNetwork.parameterShapes(layout);
        for (Map.Entry<String, long[]> entry : expected.entrySet()) {
            weights.require(entry.getKey(), entry.getValue());
        }
        for (String name : weights.names()) {
            if (!expected.containsKey(name)) {
                throw new BadInputException(source, "unexpected tensor '" + name + "' for a " + layout.displayName()
                        + " transformer network");
            }
        }
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
        String stem = ImageFiles.stem(file);
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
