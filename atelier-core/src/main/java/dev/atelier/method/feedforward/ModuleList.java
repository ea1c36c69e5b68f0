package dev.atelier.method.feedforward;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.atelier.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A feed-forward network given as a list of modules rather than one of the fixed {@link
 * TransformerLayout}s: how jcjohnson/fast-neural-style's Torch7 networks are built (their widths,
 * normalisation and padding differ between releases), with the input and output conversion their
 * checkpoint names. Stored as JSON in the model file's {@code modules} metadata.
 */
public record ModuleList(List<ModuleStep> steps, Preprocessing preprocessing) {
    /** Largest size, padding or channel count accepted from a file. */
    static final int LARGEST_SIZE = 1 << 16;
    /** Most steps (counting those inside branches) a stored list may hold. */
    static final int MOST_STEPS = 10_000;

    public ModuleList {
        steps = List.copyOf(steps);
    }

    /** Every parameter the steps read, with its shape, in order. */
    public Map<String, long[]> parameterShapes() {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        steps.forEach(step -> shapes.putAll(step.parameterShapes()));
        return shapes;
    }

    /** Most values one image's activations may hold at any step when probing a network. */
    static final long MOST_ACTIVATIONS = 1L << 26;
    /** Most multiply-accumulates one probe image may cost. */
    static final double MOST_MULTIPLY_ADDS = 2e11;

    /**
     * Follows an image of {@code channels × height × width} through the steps without computing
     * anything, refusing (one line naming {@code file}) a network whose sizes do not fit together or
     * whose activations or work on it would be out of all proportion (upsampling or padding piled
     * up by a hostile file), so that running it on that image is bounded in time and memory.
     */
    public void requireBounded(Path file, int channels, int height, int width) {
        double[] work = new double[1];
        follow(file, steps, new long[] {channels, height, width}, work);
    }

    private static long[] follow(Path file, List<ModuleStep> steps, long[] start, double[] work) {
        long[] shape = start.clone();
        for (ModuleStep step : steps) {
            long c = shape[0];
            long h = shape[1];
            long w = shape[2];
            if (step instanceof ModuleStep.Pad pad) {
                shape = new long[] {c, h + pad.top() + pad.bottom(), w + pad.left() + pad.right()};
            } else if (step instanceof ModuleStep.Convolution conv) {
                requireChannels(file, conv.inputs(), c, step);
                shape = new long[] {conv.outputs(), (h + 2L * conv.padHeight() - conv.kernelHeight())
                        / conv.strideHeight() + 1, (w + 2L * conv.padWidth() - conv.kernelWidth()) / conv.strideWidth()
                        + 1};
                if (h + 2L * conv.padHeight() < conv.kernelHeight() || w + 2L * conv.padWidth() < conv.kernelWidth()) {
                    throw new BadInputException(file, "a " + conv.kernelHeight() + "x" + conv.kernelWidth()
                            + " convolution meets a " + h + "x" + w + " image");
                }
                work[0] += (double) conv.inputs() * conv.kernelHeight() * conv.kernelWidth() * shape[0] * shape[1]
                        * shape[2];
            } else if (step instanceof ModuleStep.FullConvolution full) {
                requireChannels(file, full.inputs(), c, step);
                shape = new long[] {full.outputs(),
                    (h - 1) * full.strideHeight() - 2L * full.padHeight() + full.kernelHeight() + full.adjustHeight(),
                    (w - 1) * full.strideWidth() - 2L * full.padWidth() + full.kernelWidth() + full.adjustWidth()};
                work[0] += (double) full.inputs() * full.outputs() * full.kernelHeight() * full.kernelWidth() * h * w;
            } else if (step instanceof ModuleStep.BatchNorm norm) {
                requireChannels(file, norm.channels(), c, step);
            } else if (step instanceof ModuleStep.InstanceNorm norm) {
                requireChannels(file, norm.channels(), c, step);
            } else if (step instanceof ModuleStep.Shave shave) {
                shape = new long[] {c, h - 2L * shave.pixels(), w - 2L * shave.pixels()};
            } else if (step instanceof ModuleStep.Upsample upsample) {
                shape = new long[] {c, h * upsample.factor(), w * upsample.factor()};
            } else if (step instanceof ModuleStep.MaxPool pool) {
                shape = new long[] {c, pooled(h, pool.kernelHeight(), pool.strideHeight(), pool.padHeight(),
                        pool.ceil()), pooled(w, pool.kernelWidth(), pool.strideWidth(), pool.padWidth(), pool.ceil())};
            } else if (step instanceof ModuleStep.Sum sum) {
                long[] first = null;
                for (List<ModuleStep> branch : sum.branches()) {
                    long[] result = follow(file, branch, shape, work);
                    if (first != null && !java.util.Arrays.equals(first, result)) {
                        throw new BadInputException(file, "the branches of a sum give " + java.util.Arrays.toString(
                                first) + " and " + java.util.Arrays.toString(result) + " (channels, height, width)");
                    }
                    first = result;
                }
                shape = first;
            }
            if (shape[1] < 1 || shape[2] < 1) {
                throw new BadInputException(file, "its network shrinks a " + start[1] + "x" + start[2]
                        + " image to nothing");
            }
            if ((double) shape[0] * shape[1] * shape[2] > MOST_ACTIVATIONS || work[0] > MOST_MULTIPLY_ADDS) {
                throw new BadInputException(file, "its network grows a " + start[1] + "x" + start[2] + " image to "
                        + shape[0] + "x" + shape[1] + "x" + shape[2] + " values, far beyond what a style network "
                        + "computes");
            }
        }
        return shape;
    }

    private static void requireChannels(Path file, int expected, long actual, ModuleStep step) {
        if (expected != actual) {
            throw new BadInputException(file, "a " + step.getClass().getSimpleName() + " of " + expected
                    + " channels meets " + actual);
        }
    }

    private static long pooled(long size, int kernel, int stride, int pad, boolean ceil) {
        long span = size + 2L * pad - kernel;
        long count = (ceil ? Math.floorDiv(span + stride - 1, stride) : Math.floorDiv(span, stride)) + 1;
        if (ceil && (count - 1) * stride >= size + pad) {
            count--;
        }
        return count;
    }

    /** The JSON stored in model files. */
    public String toJsonText() {
        JsonObject json = new JsonObject();
        json.addProperty("preprocessing", preprocessing.displayName());
        json.add("steps", toJson(steps));
        return json.toString();
    }

    static JsonArray toJson(List<ModuleStep> steps) {
        JsonArray array = new JsonArray();
        steps.forEach(step -> array.add(step.toJson()));
        return array;
    }

    /** Reads the {@code modules} metadata of a model file. */
    public static ModuleList fromJsonText(Path file, String text) {
        try {
            JsonObject json = JsonParser.parseString(text).getAsJsonObject();
            Preprocessing preprocessing = Preprocessing.named(json.get("preprocessing").getAsString());
            if (preprocessing == null) {
                throw new IllegalArgumentException("unknown preprocessing " + json.get("preprocessing"));
            }
            JsonArray steps = json.getAsJsonArray("steps");
            if (countSteps(steps, 0) > MOST_STEPS) {
                throw new IllegalArgumentException("more than " + MOST_STEPS + " steps");
            }
            return new ModuleList(stepsFromJson(steps), preprocessing);
        } catch (RuntimeException e) {
            throw new BadInputException(file, "damaged 'modules' metadata (" + e.getMessage() + ")");
        }
    }

    static List<ModuleStep> stepsFromJson(JsonArray array) {
        List<ModuleStep> steps = new ArrayList<>();
        for (JsonElement element : array) {
            steps.add(ModuleStep.fromJson(element));
        }
        return steps;
    }

    /** Steps in a JSON list, branches included, refusing nesting deeper than 50 branches. */
    private static int countSteps(JsonArray steps, int depth) {
        if (depth > 50) {
            throw new IllegalArgumentException("branches nested too deep");
        }
        int count = 0;
        for (JsonElement element : steps) {
            count++;
            JsonElement branches = element.getAsJsonObject().get("branches");
            if (branches != null) {
                for (JsonElement branch : branches.getAsJsonArray()) {
                    count += countSteps(branch.getAsJsonArray(), depth + 1);
                }
            }
        }
        return count;
    }
}
