package dev.atelier.device;

import dev.atelier.InvalidOptionException;
import java.util.Locale;

/**
 * The device a caller asks a run to use. The engine decides what exists: which PyTorch build DJL
 * loaded (the CPU build from Maven Central, or a CUDA build it fetched) and whether that build sees a
 * GPU; see {@link RunDevice#resolve}.
 */
public enum DeviceChoice {
    /** The processor, whatever the engine could also use. */
    CPU,
    /** The first GPU; a run refuses to start when the engine has none that works. */
    GPU,
    /** The first GPU when the engine has one that works, else the processor. */
    AUTO;

    /** The default: what the engine has. With the CPU build (the default build) that is the processor. */
    public static final DeviceChoice DEFAULT = AUTO;

    /**
     * @param key the option's key, for the message ({@code device})
     * @throws InvalidOptionException for anything but {@code cpu}, {@code gpu} or {@code auto} (any case)
     */
    public static DeviceChoice parse(String key, String text) {
        String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (DeviceChoice choice : values()) {
            if (choice.text().equals(wanted)) {
                return choice;
            }
        }
        throw new InvalidOptionException(key, "must be cpu, gpu or auto, not '" + text + "'");
    }

    /** As requests and reports write it: {@code cpu}, {@code gpu}, {@code auto}. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return text();
    }
}
