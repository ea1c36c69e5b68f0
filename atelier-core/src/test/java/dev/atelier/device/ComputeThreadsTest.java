package dev.atelier.device;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One thread's operator count changes that thread's alone, and threads starting later get the usual one. */
class ComputeThreadsTest {
    @Test
    void aThreadsOwnCountLeavesOtherThreadsAndLaterOnesAsTheyWere() throws InterruptedException {
        int usual = ComputeThreads.ofThisThread();
        int other = usual + 1;
        AtomicInteger seen = new AtomicInteger();
        AtomicInteger afterAnOperator = new AtomicInteger();
        run(() -> {
            ComputeThreads.setForThisThread(other);
            seen.set(ComputeThreads.ofThisThread());
            try (NDManager manager = NDManager.newBaseManager()) {
                manager.ones(new ai.djl.ndarray.types.Shape(64, 64)).add(1).sum().getFloat();
            }
            afterAnOperator.set(ComputeThreads.ofThisThread());
        });

        assertThat(seen.get()).isEqualTo(other);
        assertThat(afterAnOperator.get()).as("running operators keeps the thread's own count").isEqualTo(other);
        assertThat(ComputeThreads.ofThisThread()).as("this thread").isEqualTo(usual);
        AtomicInteger later = new AtomicInteger();
        run(() -> later.set(ComputeThreads.ofThisThread()));
        assertThat(later.get()).as("a thread started afterwards").isEqualTo(usual);
    }

    @Test
    void aCountBelowOneIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ComputeThreads.setForThisThread(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("threads must be at least 1, got 0");
    }

    private static void run(Runnable work) throws InterruptedException {
        Thread thread = new Thread(work);
        thread.start();
        thread.join();
    }
}
