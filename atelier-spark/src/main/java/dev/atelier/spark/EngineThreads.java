package dev.atelier.spark;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch's compute threads matched to the cores Spark gives a task ({@code spark.task.cpus}), so
 * that an executor running several tasks at once does not run several times as many threads as it
 * has cores. The setting is the process's; a user's own {@code ai.djl.pytorch.num_threads} wins.
 */
final class EngineThreads {
    private static final String PROPERTY = "ai.djl.pytorch.num_threads";
    private static int current;

    private EngineThreads() {}

    static synchronized void match(int cpus) {
        if (cpus < 1 || cpus == current || System.getProperty(PROPERTY) != null) {
            return;
        }
        if ("PyTorch".equals(Engine.getDefaultEngineName())) {
            Engine.getEngine("PyTorch");
            JniUtils.setNumThreads(cpus);
        }
        current = cpus;
    }
}
