package dev.atelier.weights;

import dev.atelier.BadInputException;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pickle virtual machine that executes nothing. It understands the opcodes Python emits with
 * protocols 2 to 5 for plain data (numbers, strings, bytes, tuples, lists, dicts) and hands every
 * opcode that would import or call code ({@code GLOBAL}, {@code STACK_GLOBAL}, {@code REDUCE},
 * {@code NEWOBJ}, {@code BUILD}, {@code BINPERSID}) to its {@link PickleRules}, which construct only
 * inert descriptions. Python values map to {@code null} (None), {@link Boolean}, {@link Long} or
 * {@link BigInteger}, {@link Double}, {@link String}, {@code byte[]}, {@link PickleTuple},
 * {@link ArrayList} and {@link LinkedHashMap}.
 */
final class RestrictedUnpickler {
    private static final int HIGHEST_PROTOCOL = 5;
    private static final int MAX_NAME_LENGTH = 1000;

    private final ByteInput input;
    private final PickleRules rules;
    private final List<Object> stack = new ArrayList<>();
    private final Deque<Integer> marks = new ArrayDeque<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private long opcodePosition;

    RestrictedUnpickler(ByteInput input, PickleRules rules) {
        this.input = input;
        this.rules = rules;
    }

    /** Runs one pickle from the input's current position up to its STOP opcode. */
    Object load() {
        while (true) {
            opcodePosition = input.position();
            int opcode = input.readUnsignedByte();
            if (opcode == '.') {
                return pop();
            }
            execute(opcode);
        }
    }

    private void execute(int opcode) {
        switch (opcode) {
            case 0x80 -> checkProtocol(input.readUnsignedByte());                        // PROTO
            case 0x95 -> input.readLong(ByteOrder.LITTLE_ENDIAN);                         // FRAME: a read-ahead hint
            case '(' -> marks.push(stack.size());                                         // MARK
            case '0' -> popOrDropMark();                                                  // POP
            case '1' -> popMark();                                                        // POP_MARK
            case '2' -> push(peek());                                                     // DUP
            case 'N' -> push(null);                                                       // NONE
            case 0x88 -> push(Boolean.TRUE);                                              // NEWTRUE
            case 0x89 -> push(Boolean.FALSE);                                             // NEWFALSE
            case 'J' -> push((long) input.readIntLittleEndian());                        // BININT
            case 'K' -> push((long) input.readUnsignedByte());                            // BININT1
            case 'M' -> push((long) input.readUnsignedShortLittleEndian());               // BININT2
            case 0x8a -> push(littleEndianInteger(input.readBytes(input.readUnsignedByte()))); // LONG1
            case 0x8b -> push(littleEndianInteger(input.readBytes(nonNegative(input.readIntLittleEndian())))); // LONG4
            case 'G' -> push(input.readDoubleBigEndian());                               // BINFLOAT
            case 'X' -> push(utf8(input.readBytes(unsigned(input.readIntLittleEndian())))); // BINUNICODE
            case 0x8c -> push(utf8(input.readBytes(input.readUnsignedByte())));          // SHORT_BINUNICODE
            case 0x8d -> push(utf8(input.readBytes(input.readLong(ByteOrder.LITTLE_ENDIAN)))); // BINUNICODE8
            // Python 2 byte strings; torch.load decodes them as UTF-8 too.
            case 'T' -> push(utf8(input.readBytes(nonNegative(input.readIntLittleEndian())))); // BINSTRING
            case 'U' -> push(utf8(input.readBytes(input.readUnsignedByte())));           // SHORT_BINSTRING
            case 'B' -> push(input.readBytes(unsigned(input.readIntLittleEndian())));    // BINBYTES
            case 'C' -> push(input.readBytes(input.readUnsignedByte()));                 // SHORT_BINBYTES
            case 0x8e, 0x96 -> push(input.readBytes(input.readLong(ByteOrder.LITTLE_ENDIAN))); // BINBYTES8, BYTEARRAY8
            case '}' -> push(new LinkedHashMap<>());                                     // EMPTY_DICT
            case ']' -> push(new ArrayList<>());                                         // EMPTY_LIST
            case ')' -> push(new PickleTuple(List.of()));                                // EMPTY_TUPLE
            case 'd' -> push(dictionary(popMark()));                                     // DICT
            case 'l' -> push(new ArrayList<>(popMark()));                                // LIST
            case 't' -> push(new PickleTuple(popMark()));                                // TUPLE
            case 0x85 -> push(popTuple(1));                                              // TUPLE1
            case 0x86 -> push(popTuple(2));                                              // TUPLE2
            case 0x87 -> push(popTuple(3));                                              // TUPLE3
            case 'a' -> append(List.of(pop()));                                          // APPEND
            case 'e' -> append(popMark());                                               // APPENDS
            case 's' -> setItems(popTuple(2).items());                                   // SETITEM
            case 'u' -> setItems(popMark());                                             // SETITEMS
            case 'q' -> memoize(input.readUnsignedByte());                               // BINPUT
            case 'r' -> memoize(unsigned(input.readIntLittleEndian()));                  // LONG_BINPUT
            case 'p' -> memoize(decimal(input.readLine(MAX_NAME_LENGTH)));               // PUT
            case 0x94 -> memoize(memo.size());                                           // MEMOIZE
            case 'h' -> push(recall(input.readUnsignedByte()));                          // BINGET
            case 'j' -> push(recall(unsigned(input.readIntLittleEndian())));             // LONG_BINGET
            case 'g' -> push(recall(decimal(input.readLine(MAX_NAME_LENGTH))));          // GET
            case 'c' -> push(rules.global(input.readLine(MAX_NAME_LENGTH), input.readLine(MAX_NAME_LENGTH))); // GLOBAL
            case 0x93 -> stackGlobal();                                                  // STACK_GLOBAL
            case 'i' -> instance();                                                      // INST
            case 'R' -> reduce();                                                        // REDUCE
            case 0x81 -> newObject();                                                    // NEWOBJ
            case 'b' -> build();                                                         // BUILD
            case 'Q' -> push(rules.persistentLoad(pop()));                               // BINPERSID
            default -> throw unsupported(opcode);
        }
    }

    private void checkProtocol(int protocol) {
        if (protocol > HIGHEST_PROTOCOL) {
            throw new BadInputException(input.file(), input.part() + " uses pickle protocol " + protocol
                    + ", newer than the highest this reader knows (" + HIGHEST_PROTOCOL + ")");
        }
    }

    private void stackGlobal() {
        Object name = pop();
        Object module = pop();
        if (!(module instanceof String moduleName) || !(name instanceof String globalName)) {
            throw corrupt("STACK_GLOBAL needs two strings");
        }
        push(rules.global(moduleName, globalName));
    }

    /** INST imports and calls in one opcode; the name is vetted first so refusals read the same. */
    private void instance() {
        rules.global(input.readLine(MAX_NAME_LENGTH), input.readLine(MAX_NAME_LENGTH));
        throw unsupported('i');
    }

    private void reduce() {
        Object arguments = pop();
        Object callable = pop();
        push(rules.call(callable, asTuple(arguments, "REDUCE")));
    }

    private void newObject() {
        Object arguments = pop();
        Object type = pop();
        push(rules.newObject(type, asTuple(arguments, "NEWOBJ")));
    }

    private void build() {
        Object state = pop();
        rules.build(peek(), state);
    }

    private PickleTuple asTuple(Object arguments, String opcodeName) {
        if (arguments instanceof PickleTuple tuple) {
            return tuple;
        }
        throw corrupt(opcodeName + " needs a tuple of arguments");
    }

    private void append(List<Object> items) {
        if (!(peek() instanceof List<?>)) {
            throw corrupt("APPEND to something that is not a list");
        }
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) peek();
        list.addAll(items);
    }

    private void setItems(List<Object> keysAndValues) {
        if (!(peek() instanceof Map<?, ?>)) {
            throw corrupt("SETITEM on something that is not a dict");
        }
        @SuppressWarnings("unchecked")
        Map<Object, Object> dictionary = (Map<Object, Object>) peek();
        putAll(dictionary, keysAndValues);
    }

    private Map<Object, Object> dictionary(List<Object> keysAndValues) {
        Map<Object, Object> dictionary = new LinkedHashMap<>();
        putAll(dictionary, keysAndValues);
        return dictionary;
    }

    private void putAll(Map<Object, Object> dictionary, List<Object> keysAndValues) {
        if (keysAndValues.size() % 2 != 0) {
            throw corrupt("odd number of dict items");
        }
        for (int i = 0; i < keysAndValues.size(); i += 2) {
            Object key = keysAndValues.get(i);
            // Only plain keys: hashing a crafted, deeply nested tuple could overflow the stack.
            if (!(key == null || key instanceof String || key instanceof Long || key instanceof BigInteger
                    || key instanceof Double || key instanceof Boolean)) {
                throw new BadInputException(input.file(), input.part() + " has a dict key of type "
                        + key.getClass().getSimpleName() + "; weights files use names as keys");
            }
            dictionary.put(key, keysAndValues.get(i + 1));
        }
    }

    private void memoize(long index) {
        memo.put(index, peek());
    }

    private Object recall(long index) {
        if (!memo.containsKey(index)) {
            throw corrupt("memo entry " + index + " is missing");
        }
        return memo.get(index);
    }

    private void push(Object value) {
        stack.add(value);
    }

    private int fence() {
        return marks.isEmpty() ? 0 : marks.peek();
    }

    private Object pop() {
        if (stack.size() <= fence()) {
            throw corrupt("stack underflow");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object peek() {
        if (stack.size() <= fence()) {
            throw corrupt("stack underflow");
        }
        return stack.get(stack.size() - 1);
    }

    private void popOrDropMark() {
        if (stack.size() > fence()) {
            pop();
        } else if (!marks.isEmpty()) {
            marks.pop();
        } else {
            throw corrupt("stack underflow");
        }
    }

    private List<Object> popMark() {
        if (marks.isEmpty()) {
            throw corrupt("missing MARK");
        }
        int mark = marks.pop();
        List<Object> top = stack.subList(mark, stack.size());
        List<Object> items = new ArrayList<>(top);
        top.clear();
        return items;
    }

    private PickleTuple popTuple(int size) {
        Object[] items = new Object[size];
        for (int i = size - 1; i >= 0; i--) {
            items[i] = pop();
        }
        return new PickleTuple(Arrays.asList(items));
    }

    /** Python's two's-complement little-endian integer encoding (LONG1, LONG4). */
    private static Object littleEndianInteger(byte[] littleEndian) {
        if (littleEndian.length == 0) {
            return 0L;
        }
        byte[] bigEndian = new byte[littleEndian.length];
        for (int i = 0; i < littleEndian.length; i++) {
            bigEndian[i] = littleEndian[littleEndian.length - 1 - i];
        }
        BigInteger value = new BigInteger(bigEndian);
        return value.bitLength() < Long.SIZE ? (Object) value.longValue() : value;
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static long unsigned(int value) {
        return Integer.toUnsignedLong(value);
    }

    private long nonNegative(int length) {
        if (length < 0) {
            throw corrupt("negative length " + length);
        }
        return length;
    }

    private long decimal(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw corrupt("memo index '" + text + "' is not a number");
        }
    }

    private BadInputException corrupt(String detail) {
        return new BadInputException(input.file(),
                "corrupt pickle in " + input.part() + " (" + detail + " at byte " + opcodePosition + ")");
    }

    private BadInputException unsupported(int opcode) {
        String name = switch (opcode) {
            case 'F', 'I', 'L', 'S', 'V' -> "protocol 0 text value";
            case 'P' -> "PERSID";
            case 'i' -> "INST";
            case 'o' -> "OBJ";
            case 0x82, 0x83, 0x84 -> "EXT";
            case 0x8f, 0x90, 0x91 -> "set";
            case 0x92 -> "NEWOBJ_EX";
            case 0x97, 0x98 -> "out-of-band buffer";
            default -> null;
        };
        if (name == null) {
            return corrupt(String.format("unknown opcode 0x%02x", opcode));
        }
        return new BadInputException(input.file(), input.part() + " uses the pickle opcode " + name
                + String.format(" (0x%02x)", opcode) + ", which torch.save does not write");
    }
}
