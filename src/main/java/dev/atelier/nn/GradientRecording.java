package dev.atelier.nn;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch's autograd switch is per thread. DJL turns it off on the thread that starts the engine;
 * every other thread starts with it on, as PyTorch makes new threads. A run on such a thread (a web
 * studio worker, or any caller's own thread) then records gradients it never uses, cannot update
 * trainable weights in place ("a leaf Variable that requires grad is being used in an in-place
 * operation"), and skips {@link StripConvolution}. Every run turns it off for its thread first;
 * {@code GradientCollector}s turn it on only while they collect.
 */
public final class GradientRecording {
    private GradientRecording() {}

    /** Turns gradient recording off for the calling thread (starting the engine if needed). */
    public static void offOnThisThread() {
        Engine.getInstance();
        JniUtils.setGradMode(false);
    }
}
