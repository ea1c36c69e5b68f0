package dev.atelier.method.feedforward;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Just enough of the protocol buffers wire format to walk an ONNX file: fields are read one at a
 * time as (number, wire type, value), and nested messages are read by a reader over their bytes.
 * Malformed input raises {@link IllegalStateException}, which callers turn into a one-line error.
 */
final class ProtobufReader {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final ByteBuffer buffer;
    private int fieldNumber;
    private int wireType;

    ProtobufReader(byte[] bytes) {
        this(ByteBuffer.wrap(bytes));
    }

    private ProtobufReader(ByteBuffer buffer) {
        this.buffer = buffer.slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Advances to the next field; false at the end of the message. */
    boolean next() {
        if (!buffer.hasRemaining()) {
            return false;
        }
        long key = varint();
        fieldNumber = (int) (key >>> 3);
        wireType = (int) (key & 7);
        if (fieldNumber == 0) {
            throw new IllegalStateException("field number 0 at byte " + buffer.position());
        }
        return true;
    }

    int field() {
        return fieldNumber;
    }

    int wireType() {
        return wireType;
    }

    long varint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            requireBytes(1);
            byte next = buffer.get();
            result |= (long) (next & 0x7f) << shift;
            if (next >= 0) {
                return result;
            }
        }
        throw new IllegalStateException("varint longer than 10 bytes");
    }

    float fixed32Float() {
        requireBytes(4);
        return buffer.getFloat();
    }

    /** The current length-delimited field's bytes. */
    byte[] bytes() {
        int length = length();
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return bytes;
    }

    String string() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    /** A reader over the current length-delimited field (a nested message or a packed array). */
    ProtobufReader message() {
        int length = length();
        ByteBuffer slice = buffer.slice().limit(length);
        buffer.position(buffer.position() + length);
        return new ProtobufReader(slice);
    }

    boolean hasRemaining() {
        return buffer.hasRemaining();
    }

    /** Skips the current field's value, whatever its wire type. */
    void skip() {
        switch (wireType) {
            case VARINT -> varint();
            case FIXED64 -> skipBytes(8);
            case LENGTH_DELIMITED -> skipBytes(length());
            case FIXED32 -> skipBytes(4);
            default -> throw new IllegalStateException("unsupported wire type " + wireType + " for field "
                    + fieldNumber);
        }
    }

    private int length() {
        long length = varint();
        if (length < 0 || length > buffer.remaining()) {
            throw new IllegalStateException("field " + fieldNumber + " claims " + length + " bytes but "
                    + buffer.remaining() + " remain");
        }
        return (int) length;
    }

    private void skipBytes(int count) {
        requireBytes(count);
        buffer.position(buffer.position() + count);
    }

    private void requireBytes(int count) {
        if (buffer.remaining() < count) {
            throw new IllegalStateException("message ends inside a field");
        }
    }
}
