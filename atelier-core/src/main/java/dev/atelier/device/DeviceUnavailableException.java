package dev.atelier.device;

import dev.atelier.UnavailableException;

/**
 * A GPU was asked for and none works: the engine is PyTorch's CPU build, or its CUDA build could not
 * use the first GPU, or the engine did not load at all. Thrown before the run loads any network.
 */
public class DeviceUnavailableException extends UnavailableException {
    private static final long serialVersionUID = 1L;

    private final boolean cudaBuild;

    DeviceUnavailableException(String message, boolean cudaBuild, Throwable cause) {
        super(message, cause);
        this.cudaBuild = cudaBuild;
    }

    /**
     * Whether the engine that loaded is a CUDA build. When it is not, no setting inside the process
     * helps: the CUDA build must be on the class path, or fetchable, before the engine starts.
     */
    public boolean cudaBuild() {
        return cudaBuild;
    }
}
