package dev.atelier.method;

import dev.atelier.BadInputException;
import dev.atelier.InvalidOptionException;
import dev.atelier.io.Resampler;
import dev.atelier.io.RgbImage;
import java.util.Optional;

/**
 * The rules every front end shares, each written once: how many styles a method takes, the size a
 * photo is brought to, and whether a photo or painting of a size can be used. The entry point's plan
 * checks requests with them before any work (from image headers); a stylist checks pictures held in
 * memory with the same calls.
 */
public final class MethodChecks {
    private MethodChecks() {}

    /**
     * Checks the number of styles and masks: at least one style, at most the method's maximum, and
     * the method's own fit of blend weights and masks.
     *
     * @throws InvalidOptionException naming {@code style} (or {@code model}) when there are too few or
     *     too many, or the option that does not fit
     */
    public static <O extends StyleOptions> void checkStyles(StyleMethod<O, ?> method, O options, int styles,
            int masks) {
        boolean models = method.styleKind() == StyleKind.MODELS;
        String key = models ? "model" : "style";
        String noun = models ? "trained network" : "painting";
        if (styles == 0) {
            throw new InvalidOptionException(key, method.name() + " needs a " + noun);
        }
        int most = method.maximumStyles();
        if (styles > most) {
            throw new InvalidOptionException(key, method.name() + " takes at most " + most + " " + noun
                    + (most == 1 ? "" : "s") + ", got " + styles);
        }
        if (masks > 0 && models) {
            throw new InvalidOptionException("style-masks", "does not apply to " + method.name()
                    + ": its styles are trained networks");
        }
        method.checkStyles(options, styles, masks);
    }

    /**
     * The size a {@code width x height} photo is brought to: its longest side the options' size, or its
     * own size when that is 0 or already right.
     */
    public static int[] preparedSize(StyleOptions options, int width, int height) {
        int size = options.size();
        return size > 0 && Math.max(width, height) != size ? Resampler.fittedSize(width, height, size)
                : new int[] {width, height};
    }

    /**
     * Why a photo of this size, once brought to {@link #preparedSize}, cannot be repainted, in one line
     * that gives its size as given and as brought; empty when it can.
     */
    public static <O extends StyleOptions> Optional<String> photoProblem(StyleMethod<O, ?> method, O options,
            int width, int height) {
        int[] prepared = preparedSize(options, width, height);
        return method.contentSizeProblem(options, prepared[0], prepared[1]).map(problem -> width + "x" + height
                + (prepared[0] == width && prepared[1] == height ? ""
                        : ", brought to " + prepared[0] + "x" + prepared[1] + " ({size} " + options.size() + ")")
                + ": " + problem);
    }

    /**
     * The photo at the size the options ask for, checked.
     *
     * @param name what messages call it (its file, or e.g. {@code the photo})
     * @throws BadInputException naming it when it is too small for the method
     */
    public static <O extends StyleOptions> RgbImage preparePhoto(StyleMethod<O, ?> method, O options,
            RgbImage photo, String name) {
        photoProblem(method, options, photo.width(), photo.height()).ifPresent(problem -> {
            throw new BadInputException(name + ": " + problem);
        });
        int[] size = preparedSize(options, photo.width(), photo.height());
        return size[0] == photo.width() && size[1] == photo.height() ? photo
                : Resampler.resizeTo(photo, size[0], size[1]);
    }

    /**
     * Why a painting of this size cannot be used, in one line giving its size; empty when it can.
     */
    public static <O extends StyleOptions> Optional<String> paintingProblem(StyleMethod<O, ?> method, O options,
            int width, int height) {
        return method.styleSizeProblem(options, width, height).map(problem -> width + "x" + height + ": " + problem);
    }
}
