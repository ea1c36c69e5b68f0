package dev.atelier.tiling;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * How much memory work may plan on. Native memory (the engine's arrays) is a third of what the
 * operating system reports available, so that the Java heap, other programs and the engine's caches
 * keep the rest; the Java heap is what it can still grow to.
 *
 * <p>Available memory is Linux's {@code MemAvailable}, lowered to what the process's memory cgroup
 * still allows when it has a limit (a container's), so that a plan never counts on memory the kernel
 * would kill the process for taking. The system property {@value #BUDGET_PROPERTY} (bytes) sets the
 * native budget outright, for machines shared with other work and for tests.
 */
public final class MemoryBudget {
    /** System property that fixes the native budget, in bytes. */
    public static final String BUDGET_PROPERTY = "atelier.nativeMemoryBudget";
    /** Larger limits mean "no limit" (cgroup v1 writes one just under 2^63). */
    private static final long NO_LIMIT = 1L << 60;

    private MemoryBudget() {}

    /** Memory the operating system could give this process now. */
    public static long availableBytes() {
        long available = meminfoAvailable().orElseGet(MemoryBudget::jvmFreeMemory);
        OptionalLong cgroup = cgroupRoom();
        return cgroup.isPresent() ? Math.min(available, cgroup.getAsLong()) : available;
    }

    /** The native memory a pass may use now: the configured budget, else a third of what is available. */
    public static long nativeBytes() {
        String configured = System.getProperty(BUDGET_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            try {
                return Math.max(0, Long.parseLong(configured.trim()));
            } catch (NumberFormatException ignored) {
                // A malformed setting is as good as none: plan from what is available.
            }
        }
        return availableBytes() / 3;
    }

    /** Java heap that can still be had: the most it may grow to, less what is in use. */
    public static long heapBytes() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
    }

    private static OptionalLong meminfoAvailable() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024);
                }
            }
        } catch (IOException | RuntimeException notLinux) {
            // Fall through to the JVM's view.
        }
        return OptionalLong.empty();
    }

    private static long jvmFreeMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean system) {
            return system.getFreeMemorySize();
        }
        return Runtime.getRuntime().maxMemory();
    }

    /** What the memory cgroup still allows (limit less usage), cgroup v2 or v1, when it has a limit. */
    private static OptionalLong cgroupRoom() {
        OptionalLong room = room(Path.of("/sys/fs/cgroup/memory.max"), Path.of("/sys/fs/cgroup/memory.current"));
        return room.isPresent() ? room : room(Path.of("/sys/fs/cgroup/memory/memory.limit_in_bytes"),
                Path.of("/sys/fs/cgroup/memory/memory.usage_in_bytes"));
    }

    private static OptionalLong room(Path limitFile, Path usageFile) {
        try {
            if (!Files.isRegularFile(limitFile) || !Files.isRegularFile(usageFile)) {
                return OptionalLong.empty();
            }
            String limit = Files.readString(limitFile).trim();
            if (limit.equals("max")) {
                return OptionalLong.empty();
            }
            long bytes = Long.parseLong(limit);
            if (bytes >= NO_LIMIT) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(Math.max(0, bytes - Long.parseLong(Files.readString(usageFile).trim())));
        } catch (IOException | RuntimeException unreadable) {
            return OptionalLong.empty();
        }
    }
}
