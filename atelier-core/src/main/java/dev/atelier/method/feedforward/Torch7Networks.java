package dev.atelier.method.feedforward;

import com.google.gson.JsonObject;
import dev.atelier.BadInputException;
import dev.atelier.io.ImageFiles;
import dev.atelier.weights.HostTensor;
import dev.atelier.weights.StateDict;
import dev.atelier.weights.WeightsFiles;
import dev.atelier.weights.torch7.Torch7Checkpoint;
import dev.atelier.weights.torch7.Torch7Module;
import dev.atelier.weights.torch7.Torch7Object;
import dev.atelier.weights.torch7.Torch7Reader;
import dev.atelier.weights.torch7.Torch7StateDict;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the feed-forward networks of jcjohnson/fast-neural-style (Johnson et al., ECCV 2016) from
 * their Torch7 checkpoints: the ten released networks ({@code eccv16/} with batch normalisation,
 * {@code instance_norm/} at half width with instance normalisation) and any trained with that code.
 * Each module of the checkpoint's {@code model} becomes a {@link ModuleStep} (a {@code
 * nn.ConcatTable} with the {@code nn.CAddTable} after it becomes a sum of branches; {@code
 * nn.Identity} and {@code nn.TotalVariation}, which only adds a gradient in training, become
 * nothing), with the checkpoint's {@code opt.preprocessing} ({@code vgg} when absent, as {@code
 * fast_neural_style.lua} assumes).
 *
 * <p>A network that reads is one that runs: it is built and run on a probe image, and refused when
 * that fails or gives another size than it was given.
 */
public final class Torch7Networks {
    private Torch7Networks() {}

    /** Whether {@code file} is a binary Torch7 file (by its first bytes) or is named {@code .t7}. */
    public static boolean isTorch7(Path file) {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".t7")) {
            return true;
        }
        try (InputStream stream = Files.newInputStream(file)) {
            return Torch7Reader.looksLikeTorch7(stream.readNBytes(8));
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads, maps and checks a Torch7 network. */
    public static ModelFile.Model read(Path file) {
        Torch7Checkpoint checkpoint = Torch7Checkpoint.read(file);
        Mapped mapped = map(file, checkpoint);
        ModuleList modules = mapped.modules();
        StateDict weights = mapped.weights();
        Preprocessing preprocessing = modules.preprocessing();
        ModuleNetwork.check(file, modules, weights);
        JsonObject provenance = new JsonObject();
        provenance.addProperty("imported_from", "Torch7 network (jcjohnson/fast-neural-style)");
        provenance.addProperty("source", file.toString());
        provenance.addProperty("source_sha256", WeightsFiles.sha256(file));
        provenance.addProperty("preprocessing", preprocessing.displayName());
        for (String option : List.of("style_image", "arch", "use_instance_norm", "padding_type")) {
            String value = checkpoint.option(option);
            if (value != null) {
                provenance.addProperty("checkpoint_" + option, value);
            }
        }
        return new ModelFile.Model(TransformerLayout.TORCH7, weights, ImageFiles.stem(file), provenance, null,
                List.of(), modules);
    }

    /** A checkpoint's network as a module list and its parameters. */
    record Mapped(ModuleList modules, StateDict weights) {}

    /** Maps every module of the checkpoint's network, without running it. */
    static Mapped map(Path file, Torch7Checkpoint checkpoint) {
        Preprocessing preprocessing = preprocessing(file, checkpoint);
        Mapper mapper = new Mapper();
        List<ModuleStep> steps = mapper.steps(checkpoint.model());
        if (steps.isEmpty()) {
            throw new BadInputException(file, "its network has no layers");
        }
        return new Mapped(new ModuleList(steps, preprocessing), new StateDict(file, mapper.weights));
    }

    private static Preprocessing preprocessing(Path file, Torch7Checkpoint checkpoint) {
        String name = checkpoint.option("preprocessing");
        if (name == null) {
            return Preprocessing.VGG;
        }
        Preprocessing preprocessing = Preprocessing.named(name);
        if (preprocessing == null) {
            throw new BadInputException(file, "its checkpoint asks for preprocessing '" + name
                    + "'; fast-neural-style networks use 'vgg' or 'resnet'");
        }
        return preprocessing;
    }

    /** Walks the module tree once, collecting steps and their parameters. */
    private static final class Mapper {
        private final Map<String, HostTensor> weights = new LinkedHashMap<>();
        private final Set<Torch7Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());

        List<ModuleStep> steps(Torch7Module module) {
            if (!seen.add(module.object())) {
                throw module.bad("appears twice in the network; Atelier reads networks whose modules are distinct");
            }
            List<ModuleStep> steps = new ArrayList<>();
            switch (module.kind()) {
                case "Sequential" -> {
                    List<Torch7Module> children = module.children();
                    for (int i = 0; i < children.size(); i++) {
                        Torch7Module child = children.get(i);
                        if (child.kind().equals("ConcatTable")) {
                            if (i + 1 >= children.size() || !children.get(i + 1).kind().equals("CAddTable")) {
                                throw child.bad("is not followed by an nn.CAddTable; Atelier runs networks whose "
                                        + "branches are added");
                            }
                            seen.add(children.get(i + 1).object());
                            steps.add(sum(child));
                            i++;
                        } else {
                            steps.addAll(steps(child));
                        }
                    }
                }
                case "Identity", "TotalVariation" -> {
                    // Identity computes nothing; TotalVariation only adds a gradient during training.
                }
                case "SpatialReflectionPadding", "SpatialReplicationPadding", "SpatialZeroPadding" -> steps.add(
                        new ModuleStep.Pad(module.kind().startsWith("SpatialReflection") ? ModuleStep.PadMode.REFLECT
                                : module.kind().startsWith("SpatialReplication") ? ModuleStep.PadMode.REPLICATE
                                : ModuleStep.PadMode.ZERO, size(module, "pad_l"), size(module, "pad_r"),
                                size(module, "pad_t"), size(module, "pad_b")));
                case "SpatialConvolution", "SpatialConvolutionMM" -> steps.add(convolution(module));
                case "SpatialFullConvolution" -> steps.add(fullConvolution(module));
                case "SpatialBatchNormalization" -> steps.add(batchNorm(module));
                case "InstanceNormalization" -> steps.add(instanceNorm(module));
                case "ReLU" -> {
                    if (module.number("threshold", 0) != 0 || module.number("val", 0) != 0) {
                        throw module.bad("is a threshold other than ReLU's (threshold " + module.number("threshold",
                                0) + ", value " + module.number("val", 0) + ")");
                    }
                    steps.add(new ModuleStep.Relu());
                }
                case "Tanh" -> steps.add(new ModuleStep.Tanh());
                case "MulConstant" -> {
                    double factor = module.number("constant_scalar");
                    if (!Double.isFinite(factor)) {
                        throw module.bad("multiplies by " + factor);
                    }
                    steps.add(new ModuleStep.Scale(factor));
                }
                case "ShaveImage" -> steps.add(new ModuleStep.Shave(size(module, "size")));
                case "SpatialUpSamplingNearest" -> steps.add(new ModuleStep.Upsample(module.integer("scale_factor", 1,
                        64)));
                case "SpatialMaxPooling" -> steps.add(new ModuleStep.MaxPool(positive(module, "kH"),
                        positive(module, "kW"), positive(module, "dH"), positive(module, "dW"),
                        module.integer("padH", 0, 0, ModuleList.LARGEST_SIZE),
                        module.integer("padW", 0, 0, ModuleList.LARGEST_SIZE), module.flag("ceil_mode", false)));
                case "ConcatTable", "CAddTable" -> throw module.bad("stands outside a Sequential's ConcatTable and "
                        + "CAddTable pair");
                default -> throw module.bad("is not a layer Atelier maps (it maps "
                        + "Sequential, the Spatial* convolutions, paddings, normalisations and upsampling, ReLU, "
                        + "Tanh, MulConstant, ConcatTable with CAddTable, Identity, ShaveImage and TotalVariation)");
            }
            return steps;
        }

        private ModuleStep sum(Torch7Module concat) {
            List<List<ModuleStep>> branches = new ArrayList<>();
            for (Torch7Module branch : concat.children()) {
                branches.add(steps(branch));
            }
            if (branches.isEmpty()) {
                throw concat.bad("has no branches");
            }
            return new ModuleStep.Sum(branches);
        }

        private ModuleStep convolution(Torch7Module module) {
            int inputs = positive(module, "nInputPlane");
            int outputs = positive(module, "nOutputPlane");
            int kernelHeight = positive(module, "kH");
            int kernelWidth = positive(module, "kW");
            int padWidth = module.field("padding") != null ? size(module, "padding")
                    : module.integer("padW", 0, 0, ModuleList.LARGEST_SIZE);
            int padHeight = module.field("padding") != null ? padWidth
                    : module.integer("padH", padWidth, 0, ModuleList.LARGEST_SIZE);
            boolean bias = module.tensor("bias").isPresent();
            weights.put(module.key("weight"), module.parameter("weight", outputs, inputs, kernelHeight, kernelWidth));
            if (bias) {
                weights.put(module.key("bias"), module.parameter("bias", outputs));
            }
            return new ModuleStep.Convolution(module.path(), inputs, outputs, kernelHeight,
                    kernelWidth, module.integer("dH", 1, 1, ModuleList.LARGEST_SIZE),
                    module.integer("dW", 1, 1, ModuleList.LARGEST_SIZE), padHeight, padWidth, bias);
        }

        private ModuleStep fullConvolution(Torch7Module module) {
            int inputs = positive(module, "nInputPlane");
            int outputs = positive(module, "nOutputPlane");
            int kernelHeight = positive(module, "kH");
            int kernelWidth = positive(module, "kW");
            boolean bias = module.tensor("bias").isPresent();
            weights.put(module.key("weight"), module.parameter("weight", inputs, outputs, kernelHeight, kernelWidth));
            if (bias) {
                weights.put(module.key("bias"), module.parameter("bias", outputs));
            }
            return new ModuleStep.FullConvolution(module.path(), inputs, outputs,
                    kernelHeight, kernelWidth, module.integer("dH", 1, 1, ModuleList.LARGEST_SIZE),
                    module.integer("dW", 1, 1, ModuleList.LARGEST_SIZE),
                    module.integer("padH", 0, 0, ModuleList.LARGEST_SIZE),
                    module.integer("padW", 0, 0, ModuleList.LARGEST_SIZE),
                    module.integer("adjH", 0, 0, ModuleList.LARGEST_SIZE),
                    module.integer("adjW", 0, 0, ModuleList.LARGEST_SIZE), bias);
        }

        private ModuleStep batchNorm(Torch7Module module) {
            HostTensor mean = module.tensor("running_mean").orElseThrow(() -> module.bad("lacks its running_mean"))
                    .toHost(module.file());
            int channels = mean.values().length;
            if (channels == 0 || mean.shape().length != 1) {
                throw module.bad("has a " + mean.shapeText() + " running_mean");
            }
            double epsilon = epsilon(module);
            weights.put(module.key("running_mean"), mean);
            weights.put(module.key("running_var"), module.field("running_var") != null
                    ? module.parameter("running_var", channels) : Torch7StateDict.varianceFromStd(module));
            boolean affine = module.tensor("weight").isPresent();
            if (affine) {
                weights.put(module.key("weight"), module.parameter("weight", channels));
                weights.put(module.key("bias"), module.parameter("bias", channels));
            }
            return new ModuleStep.BatchNorm(module.path(), channels, epsilon, affine);
        }

        private ModuleStep instanceNorm(Torch7Module module) {
            int channels = positive(module, "nOutput");
            boolean affine = module.tensor("weight").isPresent();
            if (affine) {
                weights.put(module.key("weight"), module.parameter("weight", channels));
                weights.put(module.key("bias"), module.parameter("bias", channels));
            }
            return new ModuleStep.InstanceNorm(module.path(), channels, epsilon(module),
                    affine);
        }

        private static double epsilon(Torch7Module module) {
            double epsilon = module.number("eps", 1e-5);
            if (!(epsilon >= 0 && epsilon < 1)) {
                throw module.bad("has epsilon " + epsilon);
            }
            return epsilon;
        }

        private static int size(Torch7Module module, String field) {
            return module.integer(field, 0, ModuleList.LARGEST_SIZE);
        }

        private static int positive(Torch7Module module, String field) {
            return module.integer(field, 1, ModuleList.LARGEST_SIZE);
        }
    }
}
