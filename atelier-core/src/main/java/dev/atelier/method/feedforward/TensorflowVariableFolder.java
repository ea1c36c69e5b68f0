package dev.atelier.method.feedforward;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.atelier.BadInputException;
import dev.atelier.Cancellation;
import dev.atelier.Failures;
import dev.atelier.io.RegularFiles;
import dev.atelier.weights.HostTensor;
import dev.atelier.weights.StateDict;
import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a lengstrom/fast-style-transfer network dumped as raw variables: a folder with {@code
 * manifest.json} mapping each TensorFlow variable name ({@code Variable}, {@code Variable_1}, …) to
 * its file and shape, each file raw little-endian float32. Variables come in creation order: for
 * each convolution its kernel (HWIO; HWOI for transposed ones), then its instance norm's shift, then
 * scale. They are renamed and transposed to {@link TransformerNetwork}'s TensorFlow layout.
 */
public final class TensorflowVariableFolder {
    public static final String MANIFEST = "manifest.json";
    /** The largest manifest read; the real ones are about 3 kB. */
    static final long MAXIMUM_MANIFEST_BYTES = 1 << 20;

    private TensorflowVariableFolder() {}

    /** Whether {@code path} is a folder holding a manifest. */
    public static boolean isVariableFolder(Path path) {
        return Files.isDirectory(path) && Files.isRegularFile(path.resolve(MANIFEST));
    }

    public static StateDict read(Path folder) {
        Path manifestFile = folder.resolve(MANIFEST);
        if (!Files.exists(manifestFile)) {
            throw new BadInputException(folder, "not a TensorFlow variable folder (no " + MANIFEST + ")");
        }
        RegularFiles.require(manifestFile, "manifest file");
        List<Variable> variables = manifest(manifestFile);
        List<TransformerNetwork.ConvolutionSpec> specs = TransformerNetwork.convolutions(TransformerLayout.TENSORFLOW);
        if (variables.size() != 3 * specs.size()) {
            throw new BadInputException(manifestFile, "lists " + variables.size() + " variables; a fast-style-transfer "
                    + "network has " + 3 * specs.size() + " (kernel, shift and scale for each of " + specs.size()
                    + " convolutions)");
        }
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        for (int i = 0; i < specs.size(); i++) {
            TransformerNetwork.ConvolutionSpec spec = specs.get(i);
            Variable kernel = variables.get(3 * i);
            Variable shift = variables.get(3 * i + 1);
            Variable scale = variables.get(3 * i + 2);
            long[] torchShape = TransformerNetwork.weightShape(TransformerLayout.TENSORFLOW, spec);
            // HWIO and HWOI both become PyTorch's (dim 3, dim 2, H, W): OIHW, or (in, out, H, W) when transposed.
            long[] expected = {torchShape[2], torchShape[3], torchShape[1], torchShape[0]};
            tensors.put(TransformerNetwork.weightKey(TransformerLayout.TENSORFLOW, spec),
                    hwcToTorch(load(folder, kernel, expected)));
            tensors.put(spec.norm() + ".bias", load(folder, shift, new long[] {spec.outputChannels()}));
            tensors.put(spec.norm() + ".weight", load(folder, scale, new long[] {spec.outputChannels()}));
        }
        return new StateDict(folder, tensors);
    }

    private record Variable(String name, String fileName, long[] shape, int order) {}

    private static List<Variable> manifest(Path file) {
        JsonObject root;
        try {
            if (Files.size(file) > MAXIMUM_MANIFEST_BYTES) {
                throw new BadInputException(file, "is " + Files.size(file) + " bytes; a manifest of "
                        + TransformerNetwork.convolutions(TransformerLayout.TENSORFLOW).size() * 3
                        + " variables is a few kilobytes (at most " + MAXIMUM_MANIFEST_BYTES + " are read)");
            }
        } catch (IOException e) {
            throw new BadInputException(file, "unreadable manifest (" + firstLine(e) + ")");
        }
        try (Reader reader = Files.newBufferedReader(file)) {
            JsonElement parsed = JsonParser.parseReader(reader);
            if (!parsed.isJsonObject()) {
                throw new BadInputException(file, "expected a JSON object mapping variable names to files");
            }
            root = parsed.getAsJsonObject();
        } catch (IOException | JsonParseException e) {
            throw new BadInputException(file, "unreadable manifest (" + firstLine(e) + ")");
        }
        List<Variable> variables = new ArrayList<>();
        for (Map.Entry<String, JsonElement> entry : root.entrySet()) {
            String name = entry.getKey();
            try {
                JsonObject description = entry.getValue().getAsJsonObject();
                String fileName = description.get("filename").getAsString();
                if (fileName.contains("/") || fileName.contains("\\") || fileName.startsWith(".")
                        || fileName.chars().anyMatch(Character::isISOControl)) {
                    throw new BadInputException(file, "variable " + OnnxGraph.printable(name)
                            + " names a file outside the folder: " + OnnxGraph.printable(fileName));
                }
                JsonArray dimensions = description.getAsJsonArray("shape");
                long[] shape = new long[dimensions.size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = dimensions.get(i).getAsLong();
                }
                variables.add(new Variable(name, fileName, shape, creationOrder(file, name)));
            } catch (RuntimeException e) {
                if (e instanceof BadInputException bad) {
                    throw bad;
                }
                throw new BadInputException(file, "variable " + OnnxGraph.printable(name) + " needs a filename and a shape");
            }
        }
        variables.sort(Comparator.comparingInt(Variable::order));
        return variables;
    }

    /** The first line of a failure's message (Gson adds a second one pointing at its documentation). */
    private static String firstLine(Exception e) {
        String message = Failures.summary(e.getMessage() == null ? e : new Exception(e.getMessage().lines()
                .findFirst().orElse("")));
        return message;
    }

    /** TensorFlow names variables {@code Variable}, {@code Variable_1}, … in creation order. */
    private static int creationOrder(Path file, String name) {
        if (name.equals("Variable")) {
            return 0;
        }
        if (name.startsWith("Variable_")) {
            try {
                return Integer.parseInt(name.substring("Variable_".length()));
            } catch (NumberFormatException ignored) {
                // Falls through to the error below.
            }
        }
        throw new BadInputException(file, "unexpected variable name " + OnnxGraph.printable(name)
                + " (expected Variable, Variable_1, …)");
    }

    private static HostTensor load(Path folder, Variable variable, long[] expectedShape) {
        if (!java.util.Arrays.equals(variable.shape(), expectedShape)) {
            throw new BadInputException(folder.resolve(MANIFEST), "variable " + variable.name() + " has shape "
                    + java.util.Arrays.toString(variable.shape()) + ", expected "
                    + java.util.Arrays.toString(expectedShape));
        }
        Path file = folder.resolve(variable.fileName());
        long count = HostTensor.elementCount(expectedShape);
        Cancellation.current().throwIfRequested("reading " + folder);
        byte[] bytes;
        try {
            if (!Files.exists(file)) {
                throw new BadInputException(file, "missing variable file for " + variable.name());
            }
            RegularFiles.require(file, "variable file");
            long size = Files.size(file);
            if (size != count * Float.BYTES) {
                throw new BadInputException(file, "holds " + size + " bytes; " + variable.name() + " "
                        + java.util.Arrays.toString(expectedShape) + " needs " + count * Float.BYTES);
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadInputException(file, "unreadable (" + firstLine(e) + ")");
        }
        float[] values = new float[(int) count];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        for (float value : values) {
            if (!Float.isFinite(value)) {
                throw new BadInputException(file, variable.name() + " holds a non-finite value");
            }
        }
        return new HostTensor(expectedShape, values);
    }

    /** (H, W, A, B) to (B, A, H, W). */
    private static HostTensor hwcToTorch(HostTensor tensor) {
        long[] shape = tensor.shape();
        int height = (int) shape[0];
        int width = (int) shape[1];
        int a = (int) shape[2];
        int b = (int) shape[3];
        float[] source = tensor.values();
        float[] target = new float[source.length];
        for (int h = 0; h < height; h++) {
            for (int w = 0; w < width; w++) {
                for (int i = 0; i < a; i++) {
                    for (int j = 0; j < b; j++) {
                        target[((j * a + i) * height + h) * width + w] = source[((h * width + w) * a + i) * b + j];
                    }
                }
            }
        }
        return new HostTensor(new long[] {b, a, height, width}, target);
    }
}
