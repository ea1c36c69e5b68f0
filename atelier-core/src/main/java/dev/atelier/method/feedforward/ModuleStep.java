package dev.atelier.method.feedforward;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One step of a network given as a list of modules ({@link ModuleList}): the vocabulary that
 * jcjohnson/fast-neural-style's Torch7 networks are written in, each step mapped onto Atelier's
 * layers by {@link ModuleNetwork}. Steps with parameters name them by a key prefix ({@code
 * key.weight}, {@code key.bias}, …); every step is stored as JSON in the model file.
 */
public sealed interface ModuleStep {

    /** The parameters this step reads, by name, with their shapes. */
    default Map<String, long[]> parameterShapes() {
        return Map.of();
    }

    /** The step as JSON, with a {@code type}. */
    JsonObject toJson();

    /** How a padding extends the border. */
    enum PadMode {
        REFLECT,
        REPLICATE,
        ZERO
    }

    /** Padding by whole pixels on each side ({@code nn.Spatial*Padding}). */
    record Pad(PadMode mode, int left, int right, int top, int bottom) implements ModuleStep {
        @Override
        public JsonObject toJson() {
            JsonObject json = typed("pad");
            json.addProperty("mode", mode.name().toLowerCase());
            json.addProperty("left", left);
            json.addProperty("right", right);
            json.addProperty("top", top);
            json.addProperty("bottom", bottom);
            return json;
        }
    }

    /**
     * A convolution ({@code nn.SpatialConvolution}): weight {@code (outputs, inputs, kernelHeight,
     * kernelWidth)}, optional bias, zero padding.
     */
    record Convolution(String key, int inputs, int outputs, int kernelHeight, int kernelWidth, int strideHeight,
            int strideWidth, int padHeight, int padWidth, boolean bias) implements ModuleStep {
        @Override
        public Map<String, long[]> parameterShapes() {
            Map<String, long[]> shapes = new LinkedHashMap<>();
            shapes.put(parameter(key, "weight"), new long[] {outputs, inputs, kernelHeight, kernelWidth});
            if (bias) {
                shapes.put(parameter(key, "bias"), new long[] {outputs});
            }
            return shapes;
        }

        @Override
        public JsonObject toJson() {
            JsonObject json = typed("convolution");
            json.addProperty("key", key);
            put(json, "inputs", inputs, "outputs", outputs, "kernel_height", kernelHeight, "kernel_width",
                    kernelWidth, "stride_height", strideHeight, "stride_width", strideWidth, "pad_height", padHeight,
                    "pad_width", padWidth);
            json.addProperty("bias", bias);
            return json;
        }
    }

    /**
     * A transposed convolution ({@code nn.SpatialFullConvolution}): weight {@code (inputs, outputs,
     * kernelHeight, kernelWidth)}; output size {@code (in - 1)·stride - 2·pad + kernel + adjust}.
     */
    record FullConvolution(String key, int inputs, int outputs, int kernelHeight, int kernelWidth, int strideHeight,
            int strideWidth, int padHeight, int padWidth, int adjustHeight, int adjustWidth, boolean bias)
            implements ModuleStep {
        @Override
        public Map<String, long[]> parameterShapes() {
            Map<String, long[]> shapes = new LinkedHashMap<>();
            shapes.put(parameter(key, "weight"), new long[] {inputs, outputs, kernelHeight, kernelWidth});
            if (bias) {
                shapes.put(parameter(key, "bias"), new long[] {outputs});
            }
            return shapes;
        }

        @Override
        public JsonObject toJson() {
            JsonObject json = typed("full_convolution");
            json.addProperty("key", key);
            put(json, "inputs", inputs, "outputs", outputs, "kernel_height", kernelHeight, "kernel_width",
                    kernelWidth, "stride_height", strideHeight, "stride_width", strideWidth, "pad_height", padHeight,
                    "pad_width", padWidth, "adjust_height", adjustHeight, "adjust_width", adjustWidth);
            json.addProperty("bias", bias);
            return json;
        }
    }

    /** Batch normalisation with its running statistics, as evaluation uses it. */
    record BatchNorm(String key, int channels, double epsilon, boolean affine) implements ModuleStep {
        @Override
        public Map<String, long[]> parameterShapes() {
            Map<String, long[]> shapes = new LinkedHashMap<>();
            if (affine) {
                shapes.put(parameter(key, "weight"), new long[] {channels});
                shapes.put(parameter(key, "bias"), new long[] {channels});
            }
            shapes.put(parameter(key, "running_mean"), new long[] {channels});
            shapes.put(parameter(key, "running_var"), new long[] {channels});
            return shapes;
        }

        @Override
        public JsonObject toJson() {
            JsonObject json = typed("batch_norm");
            json.addProperty("key", key);
            json.addProperty("channels", channels);
            json.addProperty("epsilon", epsilon);
            json.addProperty("affine", affine);
            return json;
        }
    }

    /** Instance normalisation (Ulyanov et al.), with a per-channel scale and shift when affine. */
    record InstanceNorm(String key, int channels, double epsilon, boolean affine) implements ModuleStep {
        @Override
        public Map<String, long[]> parameterShapes() {
            Map<String, long[]> shapes = new LinkedHashMap<>();
            if (affine) {
                shapes.put(parameter(key, "weight"), new long[] {channels});
                shapes.put(parameter(key, "bias"), new long[] {channels});
            }
            return shapes;
        }

        @Override
        public JsonObject toJson() {
            JsonObject json = typed("instance_norm");
            json.addProperty("key", key);
            json.addProperty("channels", channels);
            json.addProperty("epsilon", epsilon);
            json.addProperty("affine", affine);
            return json;
        }
    }

    record Relu() implements ModuleStep {
        @Override
        public JsonObject toJson() {
            return typed("relu");
        }
    }

    record Tanh() implements ModuleStep {
        @Override
        public JsonObject toJson() {
            return typed("tanh");
        }
    }

    /** Multiplication by a constant ({@code nn.MulConstant}). */
    record Scale(double factor) implements ModuleStep {
        @Override
        public JsonObject toJson() {
            JsonObject json = typed("scale");
            json.addProperty("factor", factor);
            return json;
        }
    }

    /** Cropping {@code pixels} from every side (fast-neural-style's {@code nn.ShaveImage}). */
    record Shave(int pixels) implements ModuleStep {
        @Override
        public JsonObject toJson() {
            JsonObject json = typed("shave");
            json.addProperty("pixels", pixels);
            return json;
        }
    }

    /** Nearest-neighbour upsampling by a whole factor. */
    record Upsample(int factor) implements ModuleStep {
        @Override
        public JsonObject toJson() {
            JsonObject json = typed("upsample");
            json.addProperty("factor", factor);
            return json;
        }
    }

    /** Max pooling ({@code nn.SpatialMaxPooling}). */
    record MaxPool(int kernelHeight, int kernelWidth, int strideHeight, int strideWidth, int padHeight, int padWidth,
            boolean ceil) implements ModuleStep {
        @Override
        public JsonObject toJson() {
            JsonObject json = typed("max_pool");
            put(json, "kernel_height", kernelHeight, "kernel_width", kernelWidth, "stride_height", strideHeight,
                    "stride_width", strideWidth, "pad_height", padHeight, "pad_width", padWidth);
            json.addProperty("ceil", ceil);
            return json;
        }
    }

    /**
     * Several branches applied to the same input and their results added ({@code nn.ConcatTable}
     * then {@code nn.CAddTable}): a residual block is a branch of steps beside an empty branch (the
     * identity) or a shave.
     */
    record Sum(List<List<ModuleStep>> branches) implements ModuleStep {
        public Sum {
            List<List<ModuleStep>> copies = new ArrayList<>();
            branches.forEach(branch -> copies.add(List.copyOf(branch)));
            branches = List.copyOf(copies);
        }

        @Override
        public Map<String, long[]> parameterShapes() {
            Map<String, long[]> shapes = new LinkedHashMap<>();
            branches.forEach(branch -> branch.forEach(step -> shapes.putAll(step.parameterShapes())));
            return shapes;
        }

        @Override
        public JsonObject toJson() {
            JsonObject json = typed("sum");
            JsonArray array = new JsonArray();
            for (List<ModuleStep> branch : branches) {
                array.add(ModuleList.toJson(branch));
            }
            json.add("branches", array);
            return json;
        }
    }

    /** A parameter's full name: {@code key.name}, or just {@code name} for a network of one module. */
    static String parameter(String key, String name) {
        return key.isEmpty() ? name : key + "." + name;
    }

    private static JsonObject typed(String type) {
        JsonObject json = new JsonObject();
        json.addProperty("type", type);
        return json;
    }

    private static void put(JsonObject json, Object... namesAndValues) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            json.addProperty((String) namesAndValues[i], (Number) namesAndValues[i + 1]);
        }
    }

    /** Reads a step written by {@link #toJson()}; the caller turns exceptions into bad input. */
    static ModuleStep fromJson(JsonElement element) {
        JsonObject json = element.getAsJsonObject();
        String type = json.get("type").getAsString();
        return switch (type) {
            case "pad" -> new Pad(PadMode.valueOf(json.get("mode").getAsString().toUpperCase()), count(json, "left"),
                    count(json, "right"), count(json, "top"), count(json, "bottom"));
            case "convolution" -> new Convolution(json.get("key").getAsString(), positive(json, "inputs"),
                    positive(json, "outputs"), positive(json, "kernel_height"), positive(json, "kernel_width"),
                    positive(json, "stride_height"), positive(json, "stride_width"), count(json, "pad_height"),
                    count(json, "pad_width"), json.get("bias").getAsBoolean());
            case "full_convolution" -> new FullConvolution(json.get("key").getAsString(), positive(json, "inputs"),
                    positive(json, "outputs"), positive(json, "kernel_height"), positive(json, "kernel_width"),
                    positive(json, "stride_height"), positive(json, "stride_width"), count(json, "pad_height"),
                    count(json, "pad_width"), count(json, "adjust_height"), count(json, "adjust_width"),
                    json.get("bias").getAsBoolean());
            case "batch_norm" -> new BatchNorm(json.get("key").getAsString(), positive(json, "channels"),
                    json.get("epsilon").getAsDouble(), json.get("affine").getAsBoolean());
            case "instance_norm" -> new InstanceNorm(json.get("key").getAsString(), positive(json, "channels"),
                    json.get("epsilon").getAsDouble(), json.get("affine").getAsBoolean());
            case "relu" -> new Relu();
            case "tanh" -> new Tanh();
            case "scale" -> new Scale(json.get("factor").getAsDouble());
            case "shave" -> new Shave(count(json, "pixels"));
            case "upsample" -> new Upsample(positive(json, "factor"));
            case "max_pool" -> new MaxPool(positive(json, "kernel_height"), positive(json, "kernel_width"),
                    positive(json, "stride_height"), positive(json, "stride_width"), count(json, "pad_height"),
                    count(json, "pad_width"), json.get("ceil").getAsBoolean());
            case "sum" -> {
                List<List<ModuleStep>> branches = new ArrayList<>();
                for (JsonElement branch : json.getAsJsonArray("branches")) {
                    branches.add(ModuleList.stepsFromJson(branch.getAsJsonArray()));
                }
                yield new Sum(branches);
            }
            default -> throw new IllegalArgumentException("unknown step type '" + type + "'");
        };
    }

    private static int count(JsonObject json, String name) {
        int value = json.get(name).getAsInt();
        if (value < 0 || value > ModuleList.LARGEST_SIZE) {
            throw new IllegalArgumentException(name + " " + value + " is out of range");
        }
        return value;
    }

    private static int positive(JsonObject json, String name) {
        int value = count(json, name);
        if (value == 0) {
            throw new IllegalArgumentException(name + " is 0");
        }
        return value;
    }
}
