package dev.atelier.weights.torch7;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Torch7 classes a {@code .t7} file may hold for Atelier to read it: the {@code nn} modules of
 * jcjohnson/fast-neural-style's networks and of the AdaIN release (with the fast-neural-style
 * classes {@code nn.InstanceNormalization}, {@code nn.ShaveImage} and {@code nn.TotalVariation}),
 * their {@code cudnn} twins, and the tensor and storage classes. Anything else is refused while
 * reading, before its payload is looked at.
 */
public final class Torch7Classes {
    /** Classes whose payload is a plain table of fields. */
    private static final Set<String> MODULES = new TreeSet<>(List.of(
            "nn.Sequential", "nn.ConcatTable", "nn.CAddTable", "nn.Identity",
            "nn.SpatialReflectionPadding", "nn.SpatialReplicationPadding", "nn.SpatialZeroPadding",
            "nn.SpatialConvolution", "nn.SpatialConvolutionMM", "nn.SpatialFullConvolution",
            "nn.SpatialBatchNormalization", "nn.InstanceNormalization",
            "nn.ReLU", "nn.Tanh", "nn.MulConstant", "nn.TotalVariation", "nn.ShaveImage",
            "nn.SpatialUpSamplingNearest", "nn.SpatialMaxPooling",
            "cudnn.SpatialConvolution", "cudnn.SpatialFullConvolution", "cudnn.SpatialBatchNormalization",
            "cudnn.ReLU", "cudnn.Tanh", "cudnn.SpatialMaxPooling"));

    private Torch7Classes() {}

    /** Whether objects of this class are read (tensors, storages and the modules above). */
    public static boolean allowed(String className) {
        return MODULES.contains(className) || StorageType.ofStorageClass(className).isPresent()
                || StorageType.ofTensorClass(className).isPresent();
    }

    /** The module classes, for messages. */
    public static Set<String> modules() {
        return MODULES;
    }
}
