package dev.atelier.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Gradient recording is per thread, so every run turns it off for its own. */
class GradientRecordingTest {

    @Test
    void aNewThreadRecordsGradientsUntilARunTurnsThemOff() throws Exception {
        Engine.getInstance();
        AtomicReference<Boolean> before = new AtomicReference<>();
        AtomicReference<Boolean> after = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            before.set(JniUtils.isGradMode());
            GradientRecording.offOnThisThread();
            after.set(JniUtils.isGradMode());
        });
        worker.start();
        worker.join();

        // The premise: a thread other than the engine's starts with recording on (PyTorch's default).
        assertThat(before.get()).isTrue();
        assertThat(after.get()).isFalse();
    }

    @Test
    void runsOnSeveralThreadsCollectGradientsOneAtATime() throws Exception {
        List<Callable<float[]>> runs = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            float value = i;
            runs.add(() -> {
                GradientRecording.offOnThisThread();
                try (NDManager manager = NDManager.newBaseManager()) {
                    NDArray x = manager.create(new float[] {value});
                    x.setRequiresGradient(true);
                    return GradientRecording.collecting(() -> {
                        try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                            collector.backward(x.mul(x).sum());
                            // Long enough that, unserialised, another thread's collector would overlap.
                            sleep(50);
                        }
                        return x.getGradient().toFloatArray();
                    });
                }
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> gradients = pool.invokeAll(runs);
            for (int i = 0; i < gradients.size(); i++) {
                assertThat(gradients.get(i).get()).containsExactly(2f * (i + 1));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
