package dev.atelier.device;

import dev.atelier.UnavailableException;

/**
 * A GPU was asked for and none works: the engine did not start, or it is PyTorch's CPU build, or its
 * CUDA build could not use the first GPU. Thrown before the run loads any network.
 */
public class DeviceUnavailableException extends UnavailableException {
    private static final long serialVersionUID = 1L;

    /** Why no GPU works. */
    public enum Reason {
        /** The engine itself did not start (its native library could not be found, fetched or loaded). */
        ENGINE_FAILED,
        /**
         * The engine is PyTorch's CPU build. No setting inside the process helps: the CUDA build must be
         * on the class path, or fetchable, before the engine starts.
         */
        CPU_BUILD,
        /** The engine is a CUDA build, but PyTorch could not make a tensor on the GPU. */
        GPU_FAILED
    }

    private final Reason reason;

    DeviceUnavailableException(String message, Reason reason, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
