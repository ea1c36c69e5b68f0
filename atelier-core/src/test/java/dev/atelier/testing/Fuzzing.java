package dev.atelier.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * Random damage to a valid file, and the check every reader must pass on it: the read either
 * succeeds or ends in a one-line {@link BadInputException} naming the file, and it allocates no more
 * than a bound proportional to the file (measured as the bytes the reading thread allocated, so the
 * bound holds for garbage too). Anything else (an index error, an out-of-memory error, a stack
 * overflow) fails the test with the damage that caused it.
 */
public final class Fuzzing {
    /** Values that break length and offset fields: zero, one, the signed and unsigned extremes. */
    private static final long[] INTERESTING = {0, 1, -1, 0x7f, 0x80, 0xff, 0x7fff, 0xffff, 0x7fffffffL,
        0x80000000L, 0xffffffffL, 0x7fffffffffffffffL, Long.MIN_VALUE, 1L << 40};

    private Fuzzing() {}

    /** What one damaged file is read by; returns normally when the file (by luck) still reads. */
    @FunctionalInterface
    public interface Reader {
        void read(Path file) throws Exception;
    }

    /**
     * Writes {@code attempts} damaged copies of {@code original} to {@code file} and reads each.
     *
     * @param bytesPerFileByte with {@code baseBytes}, the most the reader may allocate per attempt:
     *     {@code baseBytes + bytesPerFileByte · file length}
     */
    public static void fuzz(byte[] original, Path file, long seed, int attempts, Reader reader, long bytesPerFileByte,
            long baseBytes) {
        Random random = new Random(seed);
        for (int attempt = 0; attempt < attempts; attempt++) {
            byte[] damaged = damage(original, random);
            write(file, damaged);
            long allowance = baseBytes + bytesPerFileByte * damaged.length;
            long before = allocatedBytes();
            try {
                reader.read(file);
            } catch (BadInputException e) {
                assertThat(e.getMessage()).as("attempt %d", attempt).startsWith(file + ": ").doesNotContain("\n");
            } catch (Exception | Error e) {
                throw new AssertionError("attempt " + attempt + " (seed " + seed + ", " + damaged.length + " bytes, "
                        + Arrays.toString(Arrays.copyOf(damaged, 16)) + "...) failed with " + e, e);
            }
            long allocated = allocatedBytes() - before;
            assertThat(allocated).as("bytes allocated reading attempt %d (seed %d) of %d bytes", attempt, seed,
                    damaged.length).isLessThanOrEqualTo(allowance);
        }
    }

    /**
     * One random kind of damage: flipped bits, a run overwritten, a cut, a length or offset field
     * overwritten with an extreme value, a stretch repeated, or a stretch removed.
     */
    public static byte[] damage(byte[] bytes, Random random) {
        byte[] damaged = bytes.clone();
        switch (random.nextInt(6)) {
            case 0 -> {
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    damaged[random.nextInt(damaged.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> {
                int start = random.nextInt(damaged.length);
                int end = Math.min(damaged.length, start + 1 + random.nextInt(16));
                Arrays.fill(damaged, start, end, (byte) (random.nextBoolean() ? 0xff : random.nextInt(256)));
            }
            case 2 -> damaged = Arrays.copyOf(damaged, 1 + random.nextInt(damaged.length - 1));
            case 3 -> {
                int width = random.nextBoolean() ? 4 : 8;
                if (damaged.length >= width) {
                    int at = random.nextInt(damaged.length - width + 1);
                    long value = INTERESTING[random.nextInt(INTERESTING.length)];
                    if (random.nextInt(4) == 0) {
                        // Near the value already there: an off-by-some length.
                        ByteBuffer field = ByteBuffer.wrap(damaged, at, width).order(ByteOrder.LITTLE_ENDIAN);
                        value = (width == 4 ? field.getInt(at) : field.getLong(at)) + random.nextInt(33) - 16;
                    }
                    ByteBuffer target = ByteBuffer.wrap(damaged).order(random.nextBoolean() ? ByteOrder.LITTLE_ENDIAN
                            : ByteOrder.BIG_ENDIAN);
                    if (width == 4) {
                        target.putInt(at, (int) value);
                    } else {
                        target.putLong(at, value);
                    }
                }
            }
            case 4 -> {
                int start = random.nextInt(damaged.length);
                int length = Math.min(damaged.length - start, 1 + random.nextInt(256));
                int at = random.nextInt(damaged.length + 1);
                byte[] longer = new byte[damaged.length + length];
                System.arraycopy(damaged, 0, longer, 0, at);
                System.arraycopy(damaged, start, longer, at, length);
                System.arraycopy(damaged, at, longer, at + length, damaged.length - at);
                damaged = longer;
            }
            default -> {
                int start = random.nextInt(damaged.length);
                int length = Math.min(damaged.length - start, 1 + random.nextInt(64));
                byte[] shorter = new byte[Math.max(1, damaged.length - length)];
                System.arraycopy(damaged, 0, shorter, 0, start);
                System.arraycopy(damaged, start + length, shorter, start, shorter.length - start);
                damaged = shorter;
            }
        }
        return damaged;
    }

    /** Bytes the current thread has allocated since it started. */
    public static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
