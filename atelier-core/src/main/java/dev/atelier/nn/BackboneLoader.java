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
import dev.atelier.weights.download.DownloadFailedException;
import dev.atelier.progress.RunListener;
import dev.atelier.progress.Warning;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Turns a {@link BackboneChoice} (and perhaps a local weights file) into a loaded {@link Backbone}:
 * a user's file when given, else the cached ImageNet weights, downloading them on first use, else
 * (for {@code auto} only) seeded random weights with a warning that says why and what to do.
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
     * @param listener progress of a first-use download, and the warning that explains a fall-back to random
     *     weights
     */
    public Backbone load(BackboneChoice choice, Path weightsFile, long seed, String deepestLayer, Pooling pooling,
            NDManager manager, RunListener listener) {
        if (weightsFile != null) {
            if (choice.isRandom()) {
                throw new InvalidOptionException("weights", "cannot be combined with {backbone} " + choice.displayName()
                        + " (random weights need no file)");
            }
            return fromFile(choice, weightsFile, deepestLayer, pooling, manager);
        }
        if (choice.isRandom()) {
            return random(choice.architecture(), seed, deepestLayer, pooling, manager);
        }
        KnownModel known = choice == BackboneChoice.VGG19_NORMALISED ? normalised
                : choice.architecture() == VggArchitecture.VGG16 ? vgg16 : vgg19;
        try {
            return fromFile(choice, models.fetch(known, listener), deepestLayer, pooling, manager);
        } catch (DownloadFailedException failure) {
            if (choice != BackboneChoice.AUTO) {
                throw failure;
            }
            listener.onEvent(new Warning("no ImageNet VGG-19 weights (" + failure.getMessage() + "); using random-vgg19 instead, "
                    + "which paints less faithfully. Run once with network access, or give a local copy as {weights}."));
            return random(VggArchitecture.VGG19, seed, deepestLayer, pooling, manager);
        }
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
