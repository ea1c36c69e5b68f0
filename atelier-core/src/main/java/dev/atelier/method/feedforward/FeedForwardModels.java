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
 * legacy format), that network exported to ONNX ({@link OnnxModels}), or a jcjohnson/fast-neural-style
 * Torch7 network ({@code .t7}, {@link Torch7Networks}).
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
        requireComplete(model);
        return model;
    }

    /**
     * Reads a model of a fixed layout and builds its network in {@code manager} (a network of
     * several paintings runs its first); the caller closes the network.
     */
    public static TransformerNetwork loadNetwork(Path path, NDManager manager) {
        ModelFile.Model model = read(path);
        if (model.layout() == TransformerLayout.TORCH7) {
            throw new BadInputException(path, "is a Torch7 module network, not a transformer of a fixed layout");
        }
        return TransformerNetwork.fromStateDict(model.layout(), model.styleCount(), model.weights(), manager);
    }

    /** Reads any model and builds its network in {@code manager}; the caller closes the network. */
    public static StyleNetwork load(Path path, NDManager manager) {
        return build(read(path), manager);
    }

    /** Builds a model's network: a module network for torch7, else the transformer (its first painting). */
    public static StyleNetwork build(ModelFile.Model model, NDManager manager) {
        if (model.layout() == TransformerLayout.TORCH7) {
            return ModuleNetwork.build(model.modules(), model.weights(), manager);
        }
        return TransformerNetwork.fromStateDict(model.layout(), model.styleCount(), model.weights(), manager);
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
        if (Torch7Networks.isTorch7(path)) {
            return Torch7Networks.read(path);
        }
        if (OnnxModels.isOnnx(path)) {
            return OnnxModels.read(path);
        }
        if (WeightsFiles.isSafetensors(path)) {
            ModelFile.Model model = ModelFile.read(path);
            if (model.layout() == TransformerLayout.TORCH7) {
                ModuleNetwork.check(path, model.modules(), model.weights());
            }
            return model;
        }
        return pytorchExamples(path);
    }

    /** Every parameter of the model's network present with its exact shape, and no other tensor. */
    static void requireComplete(ModelFile.Model model) {
        Map<String, long[]> expected = model.layout() == TransformerLayout.TORCH7 ? model.modules().parameterShapes()
                : TransformerNetwork.parameterShapes(model.layout(), model.styleCount());
        requireComplete(model.weights().source(), model.layout(), model.weights(), expected);
    }

    /** Every parameter of {@code layout} present with its exact shape, and no other tensor. */
    static void requireComplete(Path source, TransformerLayout layout, StateDict weights) {
        requireComplete(source, layout, weights, TransformerNetwork.parameterShapes(layout));
    }

    private static void requireComplete(Path source, TransformerLayout layout, StateDict weights,
            Map<String, long[]> expected) {
        for (Map.Entry<String, long[]> entry : expected.entrySet()) {
            weights.require(entry.getKey(), entry.getValue());
        }
        for (String name : weights.names()) {
            if (!expected.containsKey(name)) {
                throw new BadInputException(source, "unexpected tensor '" + name + "' for a " + layout.displayName()
                        + (layout == TransformerLayout.TORCH7 ? " module network" : " transformer network"));
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
