package dev.atelier.method.gatys;

import dev.atelier.device.RunDevice;
import ai.djl.ndarray.NDManager;
import dev.atelier.io.RgbImage;
import dev.atelier.method.MethodContext;
import dev.atelier.method.StyleKind;
import dev.atelier.method.StyleMethod;
import dev.atelier.method.StyleWeights;
import dev.atelier.nn.Backbone;
import dev.atelier.nn.BackboneLoader;
import dev.atelier.options.OptionSchema;
import java.util.Optional;

/**
 * Optimisation-based style transfer (Gatys, Ecker and Bethge, "Image Style Transfer Using
 * Convolutional Neural Networks", CVPR 2016) for the entry point: one VGG loaded per session, the
 * image optimised afresh for every photo.
 */
public final class GatysMethod implements StyleMethod<GatysOptions, RgbImage> {

    @Override
    public String name() {
        return "gatys";
    }

    @Override
    public String title() {
        return "Optimisation (Gatys et al.)";
    }

    @Override
    public String description() {
        return "optimise the image itself against a VGG network (Gatys et al. 2016): slow, any painting";
    }

    @Override
    public OptionSchema<?, GatysOptions> options() {
        return GatysOptions.SCHEMA;
    }

    @Override
    public StyleKind styleKind() {
        return StyleKind.PAINTINGS;
    }

    @Override
    public boolean iterates() {
        return true;
    }

    /** Several paintings, blended by weight or each in its own masked region (guided Gram matrices). */
    @Override
    public int maximumStyles() {
        return 8;
    }

    @Override
    public void checkStyles(GatysOptions options, int styles, int masks) {
        StyleWeights.checkFit(options.styleWeights(), styles, masks);
    }

    /** See {@link GatysSizes#photoProblem}. */
    @Override
    public Optional<String> contentSizeProblem(GatysOptions options, int width, int height) {
        return GatysSizes.photoProblem(options, width, height);
    }

    @Override
    public GatysSession open(GatysOptions options, MethodContext context) {
        BackboneLoader loader = new BackboneLoader(context.models());
        // auto is decided here, where the cache is known: the full VGG-19 if downloaded, else the embedded
        // network, each with its own default layers.
        GatysOptions resolved = options.resolved(loader.resolve(options.backbone(), options.weights()));
        NDManager manager = RunDevice.newManager();
        try {
            Backbone backbone = loader.load(resolved.backbone(), resolved.weights(), resolved.seed(),
                    resolved.deepestLayer(), resolved.pooling(), manager, context.listener());
            return new GatysSession(resolved, backbone, manager);
        } catch (RuntimeException | Error failure) {
            manager.close();
            throw failure;
        }
    }
}
