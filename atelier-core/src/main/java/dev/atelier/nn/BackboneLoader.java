package dev.atelier.nn;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.atelier.BadInputException;
import dev.atelier.InvalidOptionException;
import dev.atelier.models.KnownModel;
import dev.atelier.models.ModelCatalog;
import dev.atelier.models.ModelStore;
import dev.atelier.weights.StateDict;
import dev.atelier.weights.WeightsFiles;
import dev.atelier.progress.RunListener;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Turns a {@link BackboneChoice} (and perhaps a local weights file) into a loaded {@link Backbone}:
 * a user's file when given, else the network that comes with Atelier, the cached ImageNet weights
 * (downloading them on first use), or seeded random weights, as the choice says. {@code auto} never
 * downloads and never falls back to random weights (see {@link #resolve}).
 */
public final class BackboneLoader {
    private final ModelStore models;
    private final KnownModel vgg19;
    private final KnownModel vgg16;
    private final KnownModel normalised;

    /**
     * Loads ImageNet weights through {@code models} ({@link ModelCatalog#VGG19}, {@link ModelCatalog#VGG16},
     * and the normalised VGG-19 from the AdaIN release, {@link ModelCatalog#ADAIN_ENCODER}).
     */
    public BackboneLoader(ModelStore models) {
        this(models, ModelCatalog.VGG19, ModelCatalog.VGG16, ModelCatalog.ADAIN_ENCODER);
    }

    /** With other files for the ImageNet weights (a local server in tests). */
    public BackboneLoader(ModelStore models, KnownModel vgg19, KnownModel vgg16) {
        this(models, vgg19, vgg16, ModelCatalog.ADAIN_ENCODER);
    }

    /** With other files for every downloadable backbone. */
    public BackboneLoader(ModelStore models, KnownModel vgg19, KnownModel vgg16, KnownModel normalised) {
        this.models = models;
        this.vgg19 = vgg19;
        this.vgg16 = vgg16;
        this.normalised = normalised;
    }

    /**
     * @param weightsFile a torchvision-layout {@code .pth} or {@code .safetensors} file, or {@code null}
     * @param deepestLayer the deepest layer any loss will read; deeper layers are not loaded
     * @param listener progress of a first-use download ({@code auto} never falls back to other weights:
     *     it means what {@link #resolve} says)
     */
    public Backbone load(BackboneChoice choice, Path weightsFile, long seed, String deepestLayer, Pooling pooling,
            NDManager manager, RunListener listener) {
        if (weightsFile != null) {
            if (choice.needsNoFile()) {
                throw new InvalidOptionException("weights", "cannot be combined with {backbone} " + choice.displayName()
                        + (choice.isRandom() ? " (random weights need no file)" : " (it comes with Atelier)"));
            }
            return fromFile(choice, weightsFile, deepestLayer, pooling, manager);
        }
        BackboneChoice resolved = resolve(choice, null);
        if (resolved.isRandom()) {
            return random(resolved.architecture(), seed, deepestLayer, pooling, manager);
        }
        if (resolved == BackboneChoice.EMBEDDED) {
            return embedded(deepestLayer, pooling, manager);
        }
        KnownModel known = resolved == BackboneChoice.VGG19_NORMALISED ? normalised
                : resolved.architecture() == VggArchitecture.VGG16 ? vgg16 : vgg19;
        return fromFile(resolved, models.fetch(known, "weights", listener), deepestLayer, pooling, manager);
    }

    /**
     * What a choice stands for here and now. {@code auto} without a file is the full ImageNet VGG-19
     * when it is cached, else the {@link BackboneChoice#EMBEDDED embedded} network: it never downloads
     * (a newcomer's first run starts at once, online or not) and never picks random weights. With a
     * file, {@code auto} reads the architecture from the file. Every other choice stands for itself.
     */
    public BackboneChoice resolve(BackboneChoice choice, Path weightsFile) {
        if (choice != BackboneChoice.AUTO || weightsFile != null) {
            return choice;
        }
        return models.cached(vgg19).isPresent() ? BackboneChoice.VGG19 : BackboneChoice.EMBEDDED;
    }

    /**
     * The normalised VGG-19 that ships with Atelier ({@link EmbeddedVgg}), renamed to torchvision's
     * keys like a {@code vgg19-normalised} file.
     */
    private static Backbone embedded(String deepestLayer, Pooling pooling, NDManager manager) {
        VggArchitecture architecture = VggArchitecture.VGG19;
        if (architecture.indexOf(deepestLayer) > architecture.indexOf(EmbeddedVgg.DEEPEST_LAYER)) {
            throw new InvalidOptionException(null, deeperThanEmbedded(architecture.canonicalName(deepestLayer)));
        }
        StateDict weights = NormalisedVggLayout.toTorchvisionLayout(EmbeddedVgg.stateDict());
        Vgg network = Vgg.fromStateDict(architecture, weights, deepestLayer, pooling, manager, DataType.FLOAT32);
        return new Backbone(network, EmbeddedVgg.NAME, EmbeddedVgg.source(), EmbeddedVgg.SHA256);
    }

    /** Why a layer past conv4_1 cannot run on the embedded network, and what to do instead. */
    public static String deeperThanEmbedded(String layer) {
        return "the embedded network (which {backbone} auto uses while the full VGG-19 is not downloaded) ends at "
                + EmbeddedVgg.DEEPEST_LAYER + ", but " + layer + " was asked for; choose {content-layers} and "
                + "{style-layers} up to " + EmbeddedVgg.DEEPEST_LAYER + ", or {backbone} vgg19 to download the full "
                + "network (about 550 MB)";
    }

    private static Backbone fromFile(BackboneChoice choice, Path file, String deepestLayer, Pooling pooling,
            NDManager manager) {
        Set<String> names = WeightsFiles.names(file);
        if (choice == BackboneChoice.VGG19_NORMALISED) {
            return fromNormalisedFile(file, names, deepestLayer, pooling, manager);
        }
        if (NormalisedVggLayout.matches(names) && !names.contains("features.0.weight")) {
            throw new BadInputException(file, "holds the normalised VGG-19 (pytorch-AdaIN keys 0.weight, 2.weight, "
                    + "…): use it with backbone vgg19-normalised");
        }
        VggArchitecture architecture = choice == BackboneChoice.AUTO
                ? detect(file, names)
                : choice.architecture();
        Set<String> needed = new HashSet<>();
        for (VggArchitecture.ConvolutionLayer layer
                : architecture.convolutions().subList(0, architecture.indexOf(deepestLayer) + 1)) {
            needed.add(layer.weightKey());
            needed.add(layer.biasKey());
        }
        StateDict weights = WeightsFiles.read(file, needed::contains);
        Vgg network = Vgg.fromStateDict(architecture, weights, deepestLayer, pooling, manager, DataType.FLOAT32);
        return new Backbone(network, architecture.displayName(), file.toString(), WeightsFiles.sha256(file));
    }

    /**
     * The normalised VGG-19 in pytorch-AdaIN's layout (.pth or .safetensors, float32 or float16),
     * renamed to torchvision's keys. The layers a file holds decide how deep it can go: the 8-bit
     * copy in the AdaIN demonstrations stops at relu4_1.
     */
    private static Backbone fromNormalisedFile(Path file, Set<String> names, String deepestLayer, Pooling pooling,
            NDManager manager) {
        if (!NormalisedVggLayout.matches(names)) {
            throw new BadInputException(file, "not a normalised VGG-19 in the pytorch-AdaIN layout (expected keys "
                    + "0.weight, 2.weight, …, as in vgg_normalised.pth)");
        }
        String available = NormalisedVggLayout.deepestAvailable(names);
        VggArchitecture architecture = VggArchitecture.VGG19;
        if (architecture.indexOf(deepestLayer) > architecture.indexOf(available)) {
            throw new BadInputException(file, "holds layers up to " + available + " only, but "
                    + architecture.canonicalName(deepestLayer) + " was asked for; choose content and style layers "
                    + "up to " + available);
        }
        Set<String> needed = NormalisedVggLayout.keysUpTo(deepestLayer);
        StateDict weights = NormalisedVggLayout.toTorchvisionLayout(WeightsFiles.read(file, needed::contains));
        Vgg network = Vgg.fromStateDict(architecture, weights, deepestLayer, pooling, manager, DataType.FLOAT32);
        return new Backbone(network, BackboneChoice.VGG19_NORMALISED.displayName(), file.toString(),
                WeightsFiles.sha256(file));
    }

    /**
     * The two layouts agree up to conv3_3 (features.14); then VGG-19 has a fourth convolution at
     * features.16 where VGG-16 pools and starts block 4 at features.17.
     */
    private static VggArchitecture detect(Path file, Set<String> keys) {
        if (!keys.contains("features.0.weight")) {
            throw new BadInputException(file, "not a torchvision VGG state_dict (no features.0.weight)");
        }
        if (keys.contains("features.17.weight") && !keys.contains("features.16.weight")) {
            return VggArchitecture.VGG16;
        }
        return VggArchitecture.VGG19;
    }

    private static Backbone random(VggArchitecture architecture, long seed, String deepestLayer, Pooling pooling,
            NDManager manager) {
        StateDict weights = Vgg.randomStateDict(architecture, seed, deepestLayer);
        Vgg network = Vgg.fromStateDict(architecture, weights, deepestLayer, pooling, manager, DataType.FLOAT32);
        return new Backbone(network, "random-" + architecture.displayName(), "generated, seed " + seed,
                Vgg.contentHash(weights));
    }
}
