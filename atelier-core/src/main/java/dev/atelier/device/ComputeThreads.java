package dev.atelier.device;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * How many threads PyTorch's CPU operators use on the calling thread, and a way to give one thread
 * its own count: for work split into independent streams (a clip's frames painted two at a time,
 * each on one core), which on two cores painted 1.35 times the frames of one stream on both cores
 * (BENCHMARKS.md, "Video"): a single image's operators keep two threads only partly busy (small
 * element-wise passes, the gaps between operators).
 *
 * <p>PyTorch's CPU build keeps the count per thread (OpenMP's {@code omp_set_num_threads}), read once
 * from a process-wide value when a thread first runs an operator; {@code torch::set_num_threads}
 * sets both. {@link #setForThisThread} therefore settles its own thread first and then puts the
 * process-wide value back, so threads that start computing later get the usual count. Without the
 * PyTorch engine (or on a GPU, where CPU threads do not matter) it does nothing.
 */
public final class ComputeThreads {
    private ComputeThreads() {}

    /** The operator threads this thread uses: PyTorch's count for it, or 1 without PyTorch. */
    public static int ofThisThread() {
        if (!pytorch()) {
            return 1;
        }
        return Math.max(1, JniUtils.getNumThreads());
    }

    /**
     * Makes this thread's operators use {@code threads} threads from now on, leaving every other
     * thread's count, and the count threads starting later get, as they were.
     */
    public static void setForThisThread(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (!pytorch()) {
            return;
        }
        // Settles this thread's own count from the process-wide value first (a thread reads it once,
        // at its first operator), so that putting that value back below leaves this thread alone.
        int usual = JniUtils.getNumThreads();
        if (usual == threads) {
            return;
        }
        JniUtils.setNumThreads(threads);
        Thread restore = new Thread(() -> JniUtils.setNumThreads(usual), "atelier-compute-threads");
        restore.start();
        try {
            restore.join();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether PyTorch is the engine, its native library then loaded (the calls above need it). */
    private static boolean pytorch() {
        if (!"PyTorch".equals(Engine.getDefaultEngineName())) {
            return false;
        }
        Engine.getEngine("PyTorch");
        return true;
    }
}
