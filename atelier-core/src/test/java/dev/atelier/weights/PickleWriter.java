package dev.atelier.weights;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Emits pickle opcodes the way CPython's protocol 2 pickler does, including its memo: every
 * string, tuple, dict and reduced object is memoized with BINPUT, and an object saved again is
 * fetched with BINGET. Callers say which values Python would see as the same object
 * ({@link #sharedString}, globals) and which as fresh ones ({@link #string}).
 */
final class PickleWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Map<String, Integer> memo = new HashMap<>();
    private int memoSize;

    PickleWriter protocol(int version) {
        return raw(0x80, version);
    }

    /** GLOBAL, memoized: a class or function is one object however often it is saved. */
    PickleWriter global(String module, String name) {
        return memoized("global:" + module + "\n" + name, () -> {
            raw('c');
            bytes((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
        });
    }

    /** A string Python creates anew each time (a computed key): always written and memoized. */
    PickleWriter string(String value) {
        writeUnicode(value);
        return put();
    }

    /** A string that is one object each time it is saved (a literal): written once, then fetched. */
    PickleWriter sharedString(String value) {
        return memoized("str:" + value, () -> writeUnicode(value));
    }

    /** Python's save_long: the shortest of BININT1, BININT2, BININT and LONG1. */
    PickleWriter integer(long value) {
        if (value >= 0 && value <= 0xff) {
            return raw('K', (int) value);
        }
        if (value >= 0 && value <= 0xffff) {
            return raw('M', (int) value & 0xff, (int) (value >>> 8));
        }
        if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
            raw('J');
            return littleEndian(value, 4);
        }
        return long1(BigInteger.valueOf(value));
    }

    /** LONG1: two's-complement little-endian in the fewest bytes Python's encode_long uses. */
    PickleWriter long1(BigInteger value) {
        byte[] bigEndian = value.toByteArray();
        raw(0x8a, bigEndian.length);
        for (int i = bigEndian.length - 1; i >= 0; i--) {
            out.write(bigEndian[i]);
        }
        return this;
    }

    PickleWriter bool(boolean value) {
        return raw(value ? 0x88 : 0x89);
    }

    PickleWriter none() {
        return raw('N');
    }

    PickleWriter mark() {
        return raw('(');
    }

    /** Python does not memoize the empty tuple. */
    PickleWriter emptyTuple() {
        return raw(')');
    }

    PickleWriter emptyDict() {
        raw('}');
        return put();
    }

    PickleWriter emptyList() {
        raw(']');
        return put();
    }

    /** Closes a tuple of {@code size} saved items: TUPLE1..3 or MARK-delimited TUPLE, memoized. */
    PickleWriter tuple(int size) {
        if (size >= 1 && size <= 3) {
            raw(0x84 + size);
        } else {
            raw('t');
        }
        return put();
    }

    /** REDUCE, then the memoization Python applies to the result. */
    PickleWriter reduce() {
        raw('R');
        return put();
    }

    PickleWriter persistentId() {
        return raw('Q');
    }

    PickleWriter setItem() {
        return raw('s');
    }

    PickleWriter setItems() {
        return raw('u');
    }

    PickleWriter append() {
        return raw('a');
    }

    PickleWriter appends() {
        return raw('e');
    }

    PickleWriter build() {
        return raw('b');
    }

    PickleWriter stop() {
        return raw('.');
    }

    PickleWriter raw(int... bytes) {
        for (int value : bytes) {
            out.write(value);
        }
        return this;
    }

    PickleWriter bytes(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    private void writeUnicode(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        raw('X');
        littleEndian(utf8.length, 4);
        bytes(utf8);
    }

    private PickleWriter memoized(String identity, Runnable emit) {
        Integer index = memo.get(identity);
        if (index != null) {
            return index < 256 ? raw('h', index) : raw('j').littleEndian(index, 4);
        }
        emit.run();
        memo.put(identity, memoSize);
        return put();
    }

    private PickleWriter put() {
        int index = memoSize++;
        return index < 256 ? raw('q', index) : raw('r').littleEndian(index, 4);
    }

    private PickleWriter littleEndian(long value, int length) {
        for (int i = 0; i < length; i++) {
            out.write((int) (value >>> (8 * i)) & 0xff);
        }
        return this;
    }
}
