package dev.atelier.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
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
}
