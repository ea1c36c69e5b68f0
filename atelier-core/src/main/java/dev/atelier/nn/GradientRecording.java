package dev.atelier.nn;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Supplier;

/**
 * PyTorch's autograd switch is per thread. DJL turns it off on the thread that starts the engine;
 * every other thread starts with it on, as PyTorch makes new threads. A run on such a thread (a web
 * studio worker, or any caller's own thread) then records gradients it never uses, cannot update
 * trainable weights in place ("a leaf Variable that requires grad is being used in an in-place
 * operation"), and skips {@link StripConvolution}. Every run turns it off for its thread first;
 * {@code GradientCollector}s turn it on only while they collect.
 *
 * <p>DJL also allows one collecting {@code GradientCollector} per process (a second one throws), so
 * runs on several threads (a web studio with several workers) collect one at a time, through
 * {@link #collecting}.
 */
public final class GradientRecording {
    private static final Object COLLECTOR = new Object();

    private GradientRecording() {}

    /**
     * Runs {@code work}, which opens and closes a {@code GradientCollector}, while no other thread
     * collects.
     */
    public static <T> T collecting(Supplier<T> work) {
        synchronized (COLLECTOR) {
            return work.get();
        }
    }

    /** Turns gradient recording off for the calling thread (starting the engine if needed). */
    public static void offOnThisThread() {
        Engine.getInstance();
        JniUtils.setGradMode(false);
    }
}
