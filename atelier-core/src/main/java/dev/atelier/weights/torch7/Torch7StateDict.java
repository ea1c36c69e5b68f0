package dev.atelier.weights.torch7;

import dev.atelier.BadInputException;
import dev.atelier.weights.HostTensor;
import dev.atelier.weights.StateDict;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A {@code .t7} network's parameters as named tensors, keyed as PyTorch keys a converted {@code
 * nn.Sequential}: each module's 0-based index in its container, joined by dots, then the field
 * ({@code 0.weight}, {@code 2.bias}, {@code 3.1.0.running_mean}). That is the key layout of
 * naoto0804/pytorch-AdaIN's conversions of the AdaIN release, so {@code vgg_normalised.t7} and
 * {@code decoder.t7} read as their {@code .pth} twins do.
 *
 * <p>Batch normalisation saved by nn before version 2 kept {@code running_std} = 1/sqrt(var + eps);
 * it is turned into {@code running_var} as nn's own {@code BatchNormalization:read} does.
 */
public final class Torch7StateDict {
    /** Most modules walked: far beyond any real network, small enough to bound a hostile one. */
    static final int MAXIMUM_MODULES = 100_000;

    private static final String[] PARAMETERS = {"weight", "bias", "running_mean", "running_var"};

    private Torch7StateDict() {}

    /** The floating-point parameters whose keys {@code keep} accepts. */
    public static StateDict read(Path file, Predicate<String> keep) {
        return of(file, Torch7Reader.read(file), keep);
    }

    /** The parameters of a value read from {@code file}. */
    public static StateDict of(Path file, Object root, Predicate<String> keep) {
        Torch7Checkpoint checkpoint = Torch7Checkpoint.of(file, root);
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        visit(checkpoint.model(), keep, tensors, Collections.newSetFromMap(new IdentityHashMap<>()));
        return new StateDict(file, tensors);
    }

    private static void visit(Torch7Module module, Predicate<String> keep, Map<String, HostTensor> tensors,
            Set<Torch7Object> seen) {
        if (!seen.add(module.object())) {
            throw module.bad("appears twice in the network; Atelier reads networks whose modules are distinct");
        }
        if (seen.size() > MAXIMUM_MODULES) {
            throw new BadInputException(module.file(), "holds more than " + MAXIMUM_MODULES + " modules");
        }
        for (String name : PARAMETERS) {
            module.tensor(name).filter(tensor -> tensor.type().isFloatingPoint()).ifPresent(tensor -> {
                if (keep.test(module.key(name))) {
                    tensors.put(module.key(name), convolutionShaped(module, name, tensor.toHost(module.file())));
                }
            });
        }
        if (module.field("running_var") == null && module.field("running_std") != null
                && keep.test(module.key("running_var"))) {
            tensors.put(module.key("running_var"), varianceFromStd(module));
        }
        if (module.field("modules") != null) {
            for (Torch7Module child : module.children()) {
                visit(child, keep, tensors, seen);
            }
        }
    }

    /** nn.SpatialConvolutionMM's 2-D weight in the 4-D shape of its convolution. */
    private static HostTensor convolutionShaped(Torch7Module module, String name, HostTensor tensor) {
        if (!name.equals("weight") || tensor.shape().length != 2 || module.field("kW") == null
                || module.field("nInputPlane") == null) {
            return tensor;
        }
        long[] shape = {module.integer("nOutputPlane", 1, Integer.MAX_VALUE),
            module.integer("nInputPlane", 1, Integer.MAX_VALUE), module.integer("kH", 1, Integer.MAX_VALUE),
            module.integer("kW", 1, Integer.MAX_VALUE)};
        try {
            if (HostTensor.elementCount(shape) != tensor.values().length) {
                throw module.bad("has a " + tensor.shapeText() + " weight that does not hold its convolution");
            }
        } catch (ArithmeticException e) {
            throw module.bad("declares a convolution too large to hold");
        }
        return new HostTensor(shape, tensor.values());
    }

    /** running_var = running_std^-2 - eps, nn's conversion of version-1 batch normalisation. */
    public static HostTensor varianceFromStd(Torch7Module module) {
        Torch7Tensor std = module.tensor("running_std").orElseThrow(() -> module.bad("has an empty running_std"));
        HostTensor values = std.toHost(module.file());
        double epsilon = module.number("eps", 1e-5);
        float[] variance = new float[values.values().length];
        for (int i = 0; i < variance.length; i++) {
            double deviation = values.values()[i];
            variance[i] = (float) (1 / (deviation * deviation) - epsilon);
        }
        return new HostTensor(values.shape(), variance);
    }
}
