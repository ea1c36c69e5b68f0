package dev.atelier.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This JVM's peak resident memory as the kernel counts it ({@code VmHWM} in {@code /proc/self/status}):
 * the Java heap and the native memory PyTorch allocates outside it, which is what an executor's
 * memory overhead setting must cover.
 */
final class ProcessMemory {
    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcessMemory() {}

    /** Bytes, or -1 where the kernel does not say (not Linux). */
    static long peakResidentBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmHWM:")) {
                    String[] parts = line.substring("VmHWM:".length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException notLinux) {
            // Reported as unknown.
        }
        return -1;
    }
}
