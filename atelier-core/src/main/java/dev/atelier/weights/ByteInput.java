package dev.atelier.weights;

import dev.atelier.Failures;
import dev.atelier.BadInputException;
import dev.atelier.Cancellation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads a known number of bytes from a channel through a small buffer. Every length taken from the
 * file is checked against the bytes actually left before anything is allocated, so a damaged length
 * field yields a "truncated file" message instead of an out-of-memory error or an index exception.
 * Each refill of the buffer checks the thread's {@linkplain Cancellation#current() cancellation}, so
 * a large file stops being read as soon as the user asks.
 */
final class ByteInput {
    /** The largest array the JVM reliably allocates. */
    static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    private static final int BUFFER_SIZE = 1 << 16;

    private final Path file;
    private final ReadableByteChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE).flip();
    private final Cancellation cancellation = Cancellation.current();
    private long unfetched;
    private long consumed;
    private String part;

    /**
     * @param length how many bytes the channel is expected to supply from its current position
     * @param part what the bytes are, for messages (e.g. {@code "archive/data.pkl"})
     */
    ByteInput(Path file, ReadableByteChannel channel, long length, String part) {
        this.file = file;
        this.channel = channel;
        this.unfetched = length;
        this.part = part;
    }

    Path file() {
        return file;
    }

    /** Names what is read from now on, so a truncation message can say where the file ends. */
    void describe(String newPart) {
        this.part = newPart;
    }

    String part() {
        return part;
    }

    /** Bytes consumed since the start. */
    long position() {
        return consumed;
    }

    long remaining() {
        return buffer.remaining() + unfetched;
    }

    int readUnsignedByte() {
        require(1);
        consumed++;
        return buffer.get() & 0xff;
    }

    int readUnsignedShortLittleEndian() {
        require(2);
        consumed += 2;
        return buffer.order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
    }

    int readIntLittleEndian() {
        require(4);
        consumed += 4;
        return buffer.order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    long readLong(ByteOrder order) {
        require(8);
        consumed += 8;
        return buffer.order(order).getLong();
    }

    double readDoubleBigEndian() {
        require(8);
        consumed += 8;
        return buffer.order(ByteOrder.BIG_ENDIAN).getDouble();
    }

    /** Reads {@code count} bytes; the count is checked against what is left first. */
    byte[] readBytes(long count) {
        checkAvailable(count);
        if (count > MAX_ARRAY_LENGTH) {
            throw new BadInputException(file, part + " declares a " + count + "-byte value, too large to hold");
        }
        byte[] result = new byte[(int) count];
        int filled = 0;
        while (filled < result.length) {
            if (!buffer.hasRemaining()) {
                fill(1);
            }
            int chunk = Math.min(buffer.remaining(), result.length - filled);
            buffer.get(result, filled, chunk);
            filled += chunk;
        }
        consumed += count;
        return result;
    }

    /** Reads bytes up to a newline (dropped), as the text opcodes of a pickle store names. */
    String readLine(int maxLength) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int next = readUnsignedByte(); next != '\n'; next = readUnsignedByte()) {
            if (line.size() == maxLength) {
                throw new BadInputException(file, part + " holds a name longer than " + maxLength + " bytes");
            }
            line.write(next);
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    void skip(long count) {
        checkAvailable(count);
        if (count <= buffer.remaining()) {
            buffer.position(buffer.position() + (int) count);
        } else {
            long beyondBuffer = count - buffer.remaining();
            buffer.position(buffer.limit());
            if (channel instanceof SeekableByteChannel seekable) {
                try {
                    seekable.position(seekable.position() + beyondBuffer);
                } catch (IOException e) {
                    throw cannotRead(e);
                }
                unfetched -= beyondBuffer;
            } else {
                while (beyondBuffer > 0) {
                    fill(1);
                    int chunk = (int) Math.min(buffer.remaining(), beyondBuffer);
                    buffer.position(buffer.position() + chunk);
                    beyondBuffer -= chunk;
                }
            }
        }
        consumed += count;
    }

    /**
     * Reads {@code count} elements of {@code type} stored in {@code order} and converts them to
     * float32, without ever holding the raw bytes in one array.
     */
    float[] readElements(ElementType type, ByteOrder order, long count) {
        long bytes = count > Long.MAX_VALUE / type.byteSize() ? Long.MAX_VALUE : count * type.byteSize();
        checkAvailable(bytes);
        if (count > MAX_ARRAY_LENGTH) {
            throw new BadInputException(file, part + " holds " + count + " elements, more than one array can hold");
        }
        float[] values = new float[(int) count];
        int done = 0;
        buffer.order(order);
        while (done < values.length) {
            if (buffer.remaining() < type.byteSize()) {
                fill(type.byteSize());
            }
            int chunk = Math.min(buffer.remaining() / type.byteSize(), values.length - done);
            type.decode(buffer, values, done, chunk);
            done += chunk;
        }
        consumed += bytes;
        return values;
    }

    private void checkAvailable(long count) {
        if (count < 0 || count > remaining()) {
            throw truncated();
        }
    }

    private void require(int count) {
        if (buffer.remaining() < count) {
            if (count > remaining()) {
                throw truncated();
            }
            fill(count);
        }
    }

    /** Tops the buffer up until it holds at least {@code count} bytes (never more than declared). */
    private void fill(int count) {
        cancellation.throwIfRequested("reading " + file);
        buffer.compact();
        try {
            while (buffer.position() < count) {
                int wanted = (int) Math.min(buffer.remaining(), unfetched);
                if (wanted == 0) {
                    throw truncated();
                }
                int limit = buffer.limit();
                buffer.limit(buffer.position() + wanted);
                int read = channel.read(buffer);
                buffer.limit(limit);
                if (read < 0) {
                    throw truncated();
                }
                unfetched -= read;
            }
        } catch (IOException e) {
            throw cannotRead(e);
        } finally {
            buffer.flip();
        }
    }

    private BadInputException truncated() {
        return new BadInputException(file, "truncated file (it ends inside " + part + ")");
    }

    private BadInputException cannotRead(IOException e) {
        return new BadInputException(file, "cannot read " + part + " (" + Failures.summary(e) + ")", e);
    }
}
