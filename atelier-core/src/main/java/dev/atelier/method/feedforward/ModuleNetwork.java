package dev.atelier.method.feedforward;

import dev.atelier.device.RunDevice;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import dev.atelier.BadInputException;
import dev.atelier.Failures;
import dev.atelier.nn.Constants;
import dev.atelier.nn.Layers;
import dev.atelier.weights.HostTensor;
import dev.atelier.weights.StateDict;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.Map;

/**
 * A network given as a {@link ModuleList}, run with Atelier's layers: how the Torch7 networks of
 * jcjohnson/fast-neural-style (Johnson et al., "Perceptual Losses for Real-Time Style Transfer and
 * Super-Resolution", ECCV 2016) repaint. Each step computes what its Torch7 module computes in
 * evaluation mode: batch normalisation with its running statistics, fast-neural-style's instance
 * normalisation with each image's own. Input and output are RGB in 0–255, converted to and from
 * the network's preprocessing.
 *
 * <p>Parameters derived from the weights (batch normalisation's folded scale and shift, the
 * transposed convolutions' flipped kernels) are computed once, here, not on every pass.
 */
public final class ModuleNetwork implements StyleNetwork {
    static final int PROBE_HEIGHT = 64;
    static final int PROBE_WIDTH = 48;

    /** Layers with at most this many output channels run rearranged, as in {@link TransformerNetwork}. */
    private static final int FEW_CHANNELS = 4;

    private final ModuleList modules;
    private final NDManager manager;
    private final Map<String, NDArray> parameters = new LinkedHashMap<>();
    private final Map<ModuleStep, NDArray[]> prepared = new IdentityHashMap<>();
    private final int smallestSide;

    private ModuleNetwork(ModuleList modules, NDManager manager) {
        this.modules = modules;
        this.manager = manager;
        this.smallestSide = smallestSide(modules.steps());
    }

    /**
     * Builds the network and runs it once on a probe image, refusing (one line naming {@code file})
     * a network that fails or changes the image's size: a module list that reads is one that runs.
     */
    public static void check(Path file, ModuleList modules, StateDict weights) {
        modules.requireBounded(file, 3, PROBE_HEIGHT, PROBE_WIDTH);
        float[] probe = new float[3 * PROBE_HEIGHT * PROBE_WIDTH];
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < probe.length; i++) {
            probe[i] = (float) random.nextDouble(0, 255);
        }
        try (NDManager manager = RunDevice.newManager();
                ModuleNetwork network = ModuleNetwork.build(modules, weights, manager)) {
            NDArray output = network.forward(manager.create(probe, new Shape(1, 3, PROBE_HEIGHT, PROBE_WIDTH)));
            if (!output.getShape().equals(new Shape(1, 3, PROBE_HEIGHT, PROBE_WIDTH))) {
                throw new BadInputException(file, "its network turns a " + PROBE_WIDTH + "x" + PROBE_HEIGHT
                        + " image into " + output.getShape() + "; Atelier runs networks that keep the image's size");
            }
            for (float value : output.toFloatArray()) {
                if (!Float.isFinite(value)) {
                    throw new BadInputException(file, "its network gives non-finite values");
                }
            }
        } catch (BadInputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BadInputException(file, "its network cannot run on a " + PROBE_WIDTH + "x" + PROBE_HEIGHT
                    + " image (" + Failures.summary(e) + ")", e);
        }
    }

    /** Builds the network, checking every parameter's name and shape. */
    public static ModuleNetwork build(ModuleList modules, StateDict weights, NDManager parent) {
        ModuleNetwork network = new ModuleNetwork(modules, parent.newSubManager());
        try {
            modules.parameterShapes().forEach((name, shape) -> {
                HostTensor tensor = weights.require(name, shape);
                network.parameters.put(name, network.manager.create(tensor.values(), new Shape(tensor.shape())));
            });
            network.prepare(modules.steps(), weights);
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
        return network;
    }

    public ModuleList modules() {
        return modules;
    }

    private void prepare(List<ModuleStep> steps, StateDict weights) {
        for (ModuleStep step : steps) {
            if (step instanceof ModuleStep.BatchNorm norm) {
                float[] mean = weights.require(ModuleStep.parameter(norm.key(), "running_mean")).values();
                float[] variance = weights.require(ModuleStep.parameter(norm.key(), "running_var")).values();
                float[] scale = new float[norm.channels()];
                float[] shift = new float[norm.channels()];
                for (int c = 0; c < scale.length; c++) {
                    double gain = 1 / Math.sqrt(variance[c] + norm.epsilon());
                    if (norm.affine()) {
                        gain *= weights.require(ModuleStep.parameter(norm.key(), "weight")).values()[c];
                    }
                    scale[c] = (float) gain;
                    shift[c] = (float) ((norm.affine() ? weights.require(ModuleStep.parameter(norm.key(), "bias")).values()[c] : 0)
                            - mean[c] * gain);
                }
                prepared.put(step, new NDArray[] {manager.create(scale, new Shape(1, scale.length, 1, 1)),
                    manager.create(shift, new Shape(1, shift.length, 1, 1))});
            } else if (step instanceof ModuleStep.FullConvolution full) {
                // A transposed convolution is the convolution of the zero-dilated input with the
                // kernel flipped in space and its input and output channels swapped.
                NDArray kernel = parameters.get(ModuleStep.parameter(full.key(), "weight")).flip(2, 3).transpose(1, 0, 2, 3);
                NDArray bias = full.bias() ? parameters.get(ModuleStep.parameter(full.key(), "bias")).reshape(1, full.outputs(), 1, 1)
                        : null;
                prepared.put(step, new NDArray[] {kernel, bias});
            } else if (step instanceof ModuleStep.Sum sum) {
                sum.branches().forEach(branch -> prepare(branch, weights));
            }
        }
    }

    @Override
    public NDArray forward(NDArray input) {
        Shape shape = input.getShape();
        long height = shape.get(2);
        long width = shape.get(3);
        int[] margins = new int[2];
        NDArray enlarged = enlarge(input, margins);
        NDArray output = modules.preprocessing().restore(run(modules.steps(),
                modules.preprocessing().prepare(enlarged)));
        if (margins[0] > 0 || margins[1] > 0) {
            output = output.get(":, :, " + margins[0] + ":" + (margins[0] + height) + ", " + margins[1] + ":"
                    + (margins[1] + width));
        }
        return output;
    }

    /** The steps alone, on input already in the network's preprocessing (for tests). */
    NDArray runSteps(NDArray prepared) {
        return run(modules.steps(), prepared);
    }

    private NDArray run(List<ModuleStep> steps, NDArray input) {
        NDArray x = input;
        for (ModuleStep step : steps) {
            x = apply(step, x);
        }
        return x;
    }

    private NDArray apply(ModuleStep step, NDArray x) {
        if (step instanceof ModuleStep.Pad pad) {
            return switch (pad.mode()) {
                case REFLECT -> Layers.reflectionPad(x, pad.top(), pad.bottom(), pad.left(), pad.right());
                case REPLICATE -> replicationPad(x, pad.top(), pad.bottom(), pad.left(), pad.right());
                case ZERO -> Layers.zeroPad(x, pad.top(), pad.bottom(), pad.left(), pad.right());
            };
        }
        if (step instanceof ModuleStep.Convolution convolution) {
            return convolve(convolution, x);
        }
        if (step instanceof ModuleStep.FullConvolution full) {
            NDArray[] kernel = prepared.get(step);
            NDArray spread = padOrCrop(dilate(x, full.strideHeight(), full.strideWidth()),
                    full.kernelHeight() - 1 - full.padHeight(),
                    full.kernelHeight() - 1 - full.padHeight() + full.adjustHeight(),
                    full.kernelWidth() - 1 - full.padWidth(),
                    full.kernelWidth() - 1 - full.padWidth() + full.adjustWidth());
            NDArray output = Conv2d.conv2d(spread, kernel[0], null, new Shape(1, 1), new Shape(0, 0), new Shape(1, 1),
                    1).singletonOrThrow();
            return kernel[1] == null ? output : output.add(kernel[1]);
        }
        if (step instanceof ModuleStep.BatchNorm) {
            NDArray[] affine = prepared.get(step);
            return x.mul(affine[0]).add(affine[1]);
        }
        if (step instanceof ModuleStep.InstanceNorm norm) {
            return norm.affine()
                    ? Layers.instanceNorm(x, parameters.get(ModuleStep.parameter(norm.key(), "weight")),
                            parameters.get(ModuleStep.parameter(norm.key(), "bias")), norm.epsilon())
                    : Layers.normalizeInstance(x, norm.epsilon());
        }
        if (step instanceof ModuleStep.Relu) {
            return Layers.relu(x);
        }
        if (step instanceof ModuleStep.Tanh) {
            return x.tanh();
        }
        if (step instanceof ModuleStep.Scale scale) {
            return Constants.times(x, scale.factor());
        }
        if (step instanceof ModuleStep.Shave shave) {
            Shape shape = x.getShape();
            int s = shave.pixels();
            if (shape.get(2) <= 2L * s || shape.get(3) <= 2L * s) {
                throw new IllegalArgumentException("cannot shave " + s + " pixels from " + shape);
            }
            return x.get(":, :, " + s + ":" + (shape.get(2) - s) + ", " + s + ":" + (shape.get(3) - s));
        }
        if (step instanceof ModuleStep.Upsample upsample) {
            return Layers.upsampleNearest(x, upsample.factor());
        }
        if (step instanceof ModuleStep.MaxPool pool) {
            return Pool.maxPool2d(x, new Shape(pool.kernelHeight(), pool.kernelWidth()),
                    new Shape(pool.strideHeight(), pool.strideWidth()), new Shape(pool.padHeight(), pool.padWidth()),
                    pool.ceil());
        }
        if (step instanceof ModuleStep.Sum sum) {
            NDArray total = null;
            for (List<ModuleStep> branch : sum.branches()) {
                NDArray result = run(branch, x);
                if (total != null && !total.getShape().equals(result.getShape())) {
                    throw new IllegalArgumentException("the branches of a sum give " + total.getShape() + " and "
                            + result.getShape());
                }
                total = total == null ? result : total.add(result);
            }
            return total;
        }
        throw new IllegalStateException("no layer for " + step);
    }

    private NDArray convolve(ModuleStep.Convolution step, NDArray x) {
        NDArray weight = parameters.get(ModuleStep.parameter(step.key(), "weight"));
        NDArray bias = step.bias() ? parameters.get(ModuleStep.parameter(step.key(), "bias")) : null;
        boolean square = step.kernelHeight() == step.kernelWidth() && step.strideHeight() == step.strideWidth()
                && step.padHeight() == step.padWidth();
        if (square && step.strideHeight() == 1 && step.outputs() <= FEW_CHANNELS && step.kernelHeight() % 2 == 1) {
            return Layers.spaceToDepthConvolution(x, weight, bias, step.padHeight(), Layers.Padding.ZERO);
        }
        if (square) {
            return Layers.conv2d(x, weight, bias, step.strideHeight(), step.padHeight());
        }
        return Conv2d.conv2d(x, weight, bias, new Shape(step.strideHeight(), step.strideWidth()),
                new Shape(step.padHeight(), step.padWidth()), new Shape(1, 1), 1).singletonOrThrow();
    }

    /** Inserts {@code stride - 1} zeros between neighbouring pixels. */
    static NDArray dilate(NDArray x, int strideHeight, int strideWidth) {
        if (strideHeight == 1 && strideWidth == 1) {
            return x;
        }
        Shape shape = x.getShape();
        long images = shape.get(0);
        long channels = shape.get(1);
        long height = shape.get(2);
        long width = shape.get(3);
        // (N, C, H, 1, W, 1) padded after each singleton axis to (N, C, H, sh, W, sw): each pixel
        // followed by its zeros. DJL's pad lists (before, after) from the last axis backwards.
        NDArray spread = x.reshape(images, channels, height, 1, width, 1)
                .pad(new Shape(0, strideWidth - 1, 0, 0, 0, strideHeight - 1), 0)
                .reshape(images, channels, height * strideHeight, width * strideWidth);
        return spread.get(":, :, 0:" + ((height - 1) * strideHeight + 1) + ", 0:" + ((width - 1) * strideWidth + 1));
    }

    /** Zero padding where the amounts are positive, cropping where they are negative. */
    static NDArray padOrCrop(NDArray x, int top, int bottom, int left, int right) {
        Shape shape = x.getShape();
        NDArray cropped = x;
        if (top < 0 || bottom < 0 || left < 0 || right < 0) {
            long height = shape.get(2);
            long width = shape.get(3);
            cropped = x.get(":, :, " + Math.max(0, -top) + ":" + (height - Math.max(0, -bottom)) + ", "
                    + Math.max(0, -left) + ":" + (width - Math.max(0, -right)));
        }
        return Layers.zeroPad(cropped, Math.max(0, top), Math.max(0, bottom), Math.max(0, left), Math.max(0, right));
    }

    /** Repeats the edge rows and columns ({@code nn.SpatialReplicationPadding}). */
    static NDArray replicationPad(NDArray x, int top, int bottom, int left, int right) {
        Shape shape = x.getShape();
        NDArray rows = x;
        if (top > 0 || bottom > 0) {
            NDList parts = new NDList();
            if (top > 0) {
                parts.add(x.get(":, :, 0:1, :").repeat(2, top));
            }
            parts.add(x);
            if (bottom > 0) {
                parts.add(x.get(":, :, " + (shape.get(2) - 1) + ":, :").repeat(2, bottom));
            }
            rows = NDArrays.concat(parts, 2);
        }
        if (left == 0 && right == 0) {
            return rows;
        }
        NDList parts = new NDList();
        if (left > 0) {
            parts.add(rows.get(":, :, :, 0:1").repeat(3, left));
        }
        parts.add(rows);
        if (right > 0) {
            parts.add(rows.get(":, :, :, " + (shape.get(3) - 1) + ":").repeat(3, right));
        }
        return NDArrays.concat(parts, 3);
    }

    /**
     * Reflection padding needs the image larger than the padding (fast-neural-style's networks
     * start with 40 pixels of it): a smaller image is first extended by reflection, a multiple of 4
     * pixels on each side so the network's stride-4 grid stays aligned, and the result cropped back.
     */
    private NDArray enlarge(NDArray input, int[] margins) {
        NDArray x = input;
        while (x.getShape().get(2) < smallestSide || x.getShape().get(3) < smallestSide) {
            int vertical = margin(x.getShape().get(2));
            int horizontal = margin(x.getShape().get(3));
            x = Layers.reflectionPad(x, vertical, vertical, horizontal, horizontal);
            margins[0] += vertical;
            margins[1] += horizontal;
        }
        return x;
    }

    private int margin(long size) {
        if (size >= smallestSide) {
            return 0;
        }
        if (size < 2) {
            throw new IllegalArgumentException("an image 1 pixel across cannot be extended by reflection");
        }
        long wanted = (smallestSide - size + 1) / 2;
        long aligned = (wanted + 3) / 4 * 4;
        // Reflection pads by less than the size: take the largest aligned amount that allows.
        long limit = size - 1;
        return (int) (aligned <= limit ? aligned : limit >= 4 ? limit / 4 * 4 : limit);
    }

    /** One more than the largest reflection padding anywhere in the network. */
    private static int smallestSide(List<ModuleStep> steps) {
        int side = 1;
        for (ModuleStep step : steps) {
            if (step instanceof ModuleStep.Pad pad && pad.mode() == ModuleStep.PadMode.REFLECT) {
                side = Math.max(side, 1 + Math.max(Math.max(pad.left(), pad.right()), Math.max(pad.top(), pad.bottom())));
            } else if (step instanceof ModuleStep.Sum sum) {
                for (List<ModuleStep> branch : sum.branches()) {
                    side = Math.max(side, smallestSide(branch));
                }
            }
        }
        return side;
    }

    /** The parameters, by name. */
    public Map<String, NDArray> parameters() {
        return java.util.Collections.unmodifiableMap(parameters);
    }

    @Override
    public void close() {
        manager.close();
    }

}
