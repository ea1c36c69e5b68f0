package dev.atelier.method.magenta;

import dev.atelier.device.RunDevice;
import ai.djl.ndarray.NDManager;
import dev.atelier.method.MethodContext;
import dev.atelier.method.StyleKind;
import dev.atelier.method.StyleMethod;
import dev.atelier.method.StyleWeights;
import dev.atelier.models.ModelReference;
import dev.atelier.options.OptionSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Arbitrary style by style prediction (Ghiasi, Lee, Kudlur, Dumoulin and Shlens, "Exploring the
 * structure of a real-time, arbitrary neural artistic stylization network", BMVC 2017) for the
 * entry point, on Google's distilled TensorFlow Lite networks: each painting is read once into its
 * 100-number style, which every photo of a batch reuses.
 */
public final class MagentaMethod implements StyleMethod<MagentaOptions, MagentaSession.PreparedStyle> {

    @Override
    public String name() {
        return "magenta";
    }

    @Override
    public String title() {
        return "Any painting in one pass (Magenta)";
    }

    @Override
    public String description() {
        return "any painting in one fast pass by style prediction (Ghiasi et al. 2017, Magenta)";
    }

    @Override
    public OptionSchema<?, MagentaOptions> options() {
        return MagentaOptions.SCHEMA;
    }

    @Override
    public StyleKind styleKind() {
        return StyleKind.PAINTINGS;
    }

    /** Blends of several paintings, by weight or by mask. */
    @Override
    public int maximumStyles() {
        return 8;
    }

    @Override
    public void checkStyles(MagentaOptions options, int styles, int masks) {
        StyleWeights.checkFit(options.styleWeights(), styles, masks);
    }

    @Override
    public Optional<String> contentSizeProblem(MagentaOptions options, int width, int height) {
        if (Math.min(width, height) < MagentaStylizer.MINIMUM_SIDE) {
            return Optional.of("the Magenta method needs at least " + MagentaStylizer.MINIMUM_SIDE
                    + " pixels on each side");
        }
        return Optional.empty();
    }

    @Override
    public MagentaSession open(MagentaOptions options, MethodContext context) {
        // Both at once, so that a failed download names every file still missing and its option.
        List<Path> files = context.models().resolveAll(List.of(new ModelReference(options.predictor(), "predictor"),
                new ModelReference(options.transformer(), "transformer")), context.listener());
        Path predictorFile = files.get(0);
        Path transformerFile = files.get(1);
        NDManager manager = RunDevice.newManager();
        try {
            MagentaStylizer stylizer = new MagentaStylizer(MagentaModels.loadPredictor(predictorFile, manager),
                    MagentaModels.loadTransformer(transformerFile, manager));
            return new MagentaSession(options, stylizer, predictorFile, transformerFile, manager);
        } catch (RuntimeException | Error failure) {
            manager.close();
            throw failure;
        }
    }
}
