package dev.atelier.method.gatys;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.atelier.Cancellation;
import dev.atelier.method.RunContext;
import dev.atelier.progress.StepFinished;
import dev.atelier.nn.Backbone;
import dev.atelier.testing.TestBackbones;
import dev.atelier.testing.TestPictures;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A long optimisation must not grow native memory: every array an iteration makes is freed by the
 * next. Counted two ways: the live NDArrays DJL tracks (exact), and the process's resident memory.
 */
class NativeMemoryTest {

    @Test
    void liveArraysAndResidentMemoryStayFlatOverALongRun() throws IOException {
        try (NDManager manager = NDManager.newBaseManager();
                Backbone backbone = TestBackbones.randomVgg19("conv5_1", 0, manager)) {
            NDManager system = manager.getParentManager();
            Map<Integer, Integer> liveArrays = new HashMap<>();
            Map<Integer, Long> residentBytes = new HashMap<>();
            for (OptimizerKind optimizer : OptimizerKind.values()) {
                liveArrays.clear();
                residentBytes.clear();
                GatysOptions options = GatysOptions.builder().optSize(32).optScales(1).optIterations(300)
                        .optOptimizer(optimizer).optLbfgsHistory(5).optInitialization(Initialization.NOISE).build();
                new GatysStylizer(backbone).stylize(TestPictures.photo(32, 32, 1), TestPictures.painting(32, 32, 2),
                        options, new RunContext(Cancellation.never(), event -> {
                            if (event instanceof StepFinished step && (step.step() == 50 || step.step() == 175
                                    || step.step() == 300)) {
                                liveArrays.put((int) step.step(), system.getManagedArrays().size());
                                residentBytes.put((int) step.step(), nativeResidentSize());
                            }
                        }, step -> false, ""));
                assertThat(liveArrays).as("%s ran 300 iterations", optimizer).containsKey(300);
                assertThat(liveArrays.get(300)).as("%s live arrays", optimizer).isEqualTo(liveArrays.get(50));
                // A leak grows with the iterations, in both halves of the run; the allocator taking one more
                // block now and then does not (Adam once grew 17 MiB in one step between 50 and 300, with the
                // live arrays unchanged). So each half may grow by 8 MiB, but not both, and 32 MiB in all:
                // a leak of one 32-px activation a step (256 KiB) would add 31 MiB to each half.
                long firstHalf = residentBytes.get(175) - residentBytes.get(50);
                long secondHalf = residentBytes.get(300) - residentBytes.get(175);
                assertThat(Math.min(firstHalf, secondHalf)).as("%s resident growth in the quieter half, bytes "
                        + "(%d then %d)", optimizer, firstHalf, secondHalf).isLessThan(8L << 20);
                assertThat(firstHalf + secondHalf).as("%s resident growth, bytes", optimizer).isLessThan(32L << 20);
            }
        }
    }

    /**
     * Resident memory outside the JVM's own pools: VmRSS less the heap and the non-heap pools (the JIT's
     * code cache, metaspace) the JVM has committed, which grow on their own schedule (the JIT compiles
     * more of the loop as it runs, sooner or later with the machine's load) and would blur a native leak.
     */
    static long nativeResidentSize() {
        System.gc();
        long jvmPools = Runtime.getRuntime().totalMemory();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.NON_HEAP) {
                jvmPools += pool.getUsage().getCommitted();
            }
        }
        return residentSetSize() - jvmPools;
    }

    /** VmRSS of this process from /proc, in bytes. */
    static long residentSetSize() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/status", e);
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
