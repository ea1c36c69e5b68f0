package dev.atelier.nn;

import dev.atelier.InvalidOptionException;
import java.util.Locale;

/** Which VGG a method runs, as the {@code backbone} option names it. */
public enum BackboneChoice {
    /** ImageNet VGG-19: downloaded on first use, cached. */
    VGG19(VggArchitecture.VGG19, false, false),
    /** ImageNet VGG-16: downloaded on first use, cached. */
    VGG16(VggArchitecture.VGG16, false, false),
    /**
     * Gatys et al.'s own network: VGG-19 with each filter rescaled so its mean ImageNet activation is
     * 1, as the AdaIN release ships it ({@code vgg_normalised.pth}, downloaded on first use, or a
     * local copy). Its activations are of order 1, far smaller than torchvision's.
     */
    VGG19_NORMALISED(VggArchitecture.VGG19, false, true),
    /**
     * The same normalised VGG-19 to conv4_1, shipped inside Atelier ({@link EmbeddedVgg}): real
     * weights that need no download and no file.
     */
    EMBEDDED(VggArchitecture.VGG19, false, true),
    /** Seeded He-initialised VGG-19: needs nothing, looks less faithful; for tests and trials. */
    RANDOM_VGG19(VggArchitecture.VGG19, true, false),
    /** Seeded He-initialised VGG-16. */
    RANDOM_VGG16(VggArchitecture.VGG16, true, false),
    /**
     * The full ImageNet VGG-19 when it is cached, else the {@link #EMBEDDED} network: never a
     * download, never random weights.
     */
    AUTO(VggArchitecture.VGG19, false, false);

    private final VggArchitecture architecture;
    private final boolean random;
    private final boolean normalised;

    BackboneChoice(VggArchitecture architecture, boolean random, boolean normalised) {
        this.architecture = architecture;
        this.random = random;
        this.normalised = normalised;
    }

    public VggArchitecture architecture() {
        return architecture;
    }

    public boolean isRandom() {
        return random;
    }

    /** Whether this is Gatys et al.'s normalised VGG-19, whose activations are of order 1. */
    public boolean isNormalised() {
        return normalised;
    }

    /** Whether this network comes with Atelier and takes no weights file. */
    public boolean needsNoFile() {
        return random || this == EMBEDDED;
    }

    /** The name users type: {@code vgg19}, {@code random-vgg16}, {@code auto}. */
    public String displayName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses a name as users type it. */
    public static BackboneChoice parse(String text) {
        for (BackboneChoice choice : values()) {
            if (choice.displayName().equalsIgnoreCase(text.trim())) {
                return choice;
            }
        }
        throw new InvalidOptionException("backbone", "unknown backbone '" + text + "' (expected vgg19, vgg16, "
                + "vgg19-normalised, embedded, random-vgg19, random-vgg16 or auto)");
    }
}
