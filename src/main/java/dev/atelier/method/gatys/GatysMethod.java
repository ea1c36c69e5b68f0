package dev.atelier.method.gatys;

import ai.djl.ndarray.NDManager;
import dev.atelier.InvalidOptionException;
import dev.atelier.io.RgbImage;
import dev.atelier.method.MethodContext;
import dev.atelier.method.StyleKind;
import dev.atelier.method.StyleMethod;
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

    @Override
    public void checkStyles(GatysOptions options, int styles, int masks) {
        if (styles != 1) {
            throw new InvalidOptionException("style", "optimisation takes one painting, got " + styles);
        }
        if (masks > 0) {
            throw new InvalidOptionException("style-masks", "do not apply to gatys");
        }
    }

    /**
     * VGG halves the image before each block, so the deepest layer used needs the image to be at
     * least 2^k pixels across after k halvings, at every scale of the plan (the coarsest is smallest).
     */
    @Override
    public Optional<String> contentSizeProblem(GatysOptions options, int width, int height) {
        String deepest = options.deepestLayer();
        int needed = 1 << options.backbone().architecture().poolingsBefore(deepest);
        int longest = Math.max(width, height);
        int shortest = Math.min(width, height);
        ScalePlan.Scale coarsest = options.scalePlan().scales().get(0);
        int shortHere = (int) Math.round((double) shortest * coarsest.longestSide() / longest);
        if (shortHere >= needed) {
            return Optional.empty();
        }
        int requiredShort = (int) Math.ceil((double) needed * longest / coarsest.longestSide());
        int scales = options.scalePlan().scales().size();
        return Optional.of("at " + coarsest.longestSide() + " px, the " + (scales > 1 ? "coarsest of " + scales
                + " scales" : "only scale") + ", it is " + shortHere + " px across, but layer " + deepest + " needs "
                + needed + "; its short side must be at least " + requiredShort + " px at this size");
    }

    @Override
    public GatysSession open(GatysOptions options, MethodContext context) {
        NDManager manager = NDManager.newBaseManager();
        try {
            Backbone backbone = new BackboneLoader(context.models()).load(options.backbone(), options.weights(),
                    options.seed(), options.deepestLayer(), options.pooling(), manager, context.downloads(),
                    context.warnings());
            return new GatysSession(options, backbone, manager);
        } catch (RuntimeException | Error failure) {
            manager.close();
            throw failure;
        }
    }
}
