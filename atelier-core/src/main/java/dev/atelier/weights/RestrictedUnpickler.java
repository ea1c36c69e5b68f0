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
 *
 * <p>What a pickle builds is bounded by its length: every push, memo entry, container, string and
 * call is charged its approximate size in Java memory, and a pickle whose charges pass
 * {@value #OBJECT_BYTES_PER_BYTE} bytes per byte of input (beyond a fixed allowance) is refused.
 * A state_dict's pickle charges a few bytes per byte; a crafted one that recalls one large tuple
 * from its memo again and again (a megabyte growing into gigabytes) is stopped long before memory runs out.
 */
final class RestrictedUnpickler {
    private static final int HIGHEST_PROTOCOL = 5;
    private static final int MAX_NAME_LENGTH = 1000;
    /** Bytes of objects a pickle may build per byte of input. */
    static final long OBJECT_BYTES_PER_BYTE = 16;
    /** What any pickle may build regardless of its length. */
    static final long BASE_ALLOWANCE = 1 << 20;
    /** Approximate Java sizes charged: a reference, a small object, a map entry. */
    private static final long REFERENCE = 8;
    private static final long OBJECT = 32;
    private static final long ENTRY = 48;

    private final ByteInput input;
    private final PickleRules rules;
    private final List<Object> stack = new ArrayList<>();
    private final Deque<Integer> marks = new ArrayDeque<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private final long allowance;
    private long charged;
    private long opcodePosition;

    RestrictedUnpickler(ByteInput input, PickleRules rules) {
        this.input = input;
        this.rules = rules;
        this.allowance = BASE_ALLOWANCE + OBJECT_BYTES_PER_BYTE * input.remaining();
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
            case '(' -> mark();                                                            // MARK
            case '0' -> popOrDropMark();                                                  // POP
            case '1' -> popMark();                                                        // POP_MARK
            case '2' -> push(peek());                                                     // DUP
            case 'N' -> push(null);                                                       // NONE
            case 0x88 -> push(Boolean.TRUE);                                              // NEWTRUE
            case 0x89 -> push(Boolean.FALSE);                                             // NEWFALSE
            case 'J' -> push((long) input.readIntLittleEndian());                        // BININT
            case 'K' -> push((long) input.readUnsignedByte());                            // BININT1
            case 'M' -> push((long) input.readUnsignedShortLittleEndian());               // BININT2
            case 0x8a -> push(littleEndianInteger(bytes(input.readUnsignedByte())));         // LONG1
            case 0x8b -> push(littleEndianInteger(bytes(nonNegative(input.readIntLittleEndian())))); // LONG4
            case 'G' -> push(input.readDoubleBigEndian());                               // BINFLOAT
            case 'X' -> push(text(unsigned(input.readIntLittleEndian())));                  // BINUNICODE
            case 0x8c -> push(text(input.readUnsignedByte()));                              // SHORT_BINUNICODE
            case 0x8d -> push(text(input.readLong(ByteOrder.LITTLE_ENDIAN)));               // BINUNICODE8
            // Python 2 byte strings; torch.load decodes them as UTF-8 too.
            case 'T' -> push(text(nonNegative(input.readIntLittleEndian())));               // BINSTRING
            case 'U' -> push(text(input.readUnsignedByte()));                               // SHORT_BINSTRING
            case 'B' -> push(bytes(unsigned(input.readIntLittleEndian())));                 // BINBYTES
            case 'C' -> push(bytes(input.readUnsignedByte()));                              // SHORT_BINBYTES
            case 0x8e, 0x96 -> push(bytes(input.readLong(ByteOrder.LITTLE_ENDIAN)));        // BINBYTES8, BYTEARRAY8
            case '}' -> push(emptyContainer(new LinkedHashMap<>()));                       // EMPTY_DICT
            case ']' -> push(emptyContainer(new ArrayList<>()));                           // EMPTY_LIST
            case ')' -> push(emptyContainer(new PickleTuple(List.of())));                  // EMPTY_TUPLE
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
            case 'Q' -> persistentLoad();                                               // BINPERSID
            default -> throw unsupported(opcode);
        }
    }

    private void checkProtocol(int protocol) {
        if (protocol > HIGHEST_PROTOCOL) {
            throw new BadInputException(input.file(), input.part() + " uses pickle protocol " + protocol
                    + ", newer than the highest this reader knows (" + HIGHEST_PROTOCOL + ")");
        }
    }

    private void mark() {
        charge(OBJECT);
        marks.push(stack.size());
    }

    /** {@code count} bytes of the input as a byte array, charged before they are read. */
    private byte[] bytes(long count) {
        charge(OBJECT + Math.max(0, count));
        return input.readBytes(count);
    }

    /** {@code count} bytes of UTF-8, charged for the bytes and the string made of them. */
    private String text(long count) {
        charge(OBJECT + 2 * Math.max(0, count));
        return utf8(bytes(count));
    }

    /**
     * Counts {@code bytes} of objects against the allowance.
     *
     * @throws BadInputException once the pickle has built more than its length justifies
     */
    private void charge(long bytes) {
        charged += bytes;
        if (charged > allowance) {
            throw new BadInputException(input.file(), input.part() + " would build more than " + allowance
                    + " bytes of objects from " + (allowance - BASE_ALLOWANCE) / OBJECT_BYTES_PER_BYTE
                    + " bytes of file, far more than any state_dict needs; refusing it");
        }
    }

    /** What a call's arguments hold, one level deep: a tensor's size and stride tuples are built into arrays. */
    private void chargeArguments(Object arguments) {
        long cost = OBJECT;
        if (arguments instanceof PickleTuple tuple) {
            for (Object item : tuple.items()) {
                cost += REFERENCE + REFERENCE * sizeOf(item);
            }
        }
        charge(cost);
    }

    private static long sizeOf(Object value) {
        if (value instanceof PickleTuple tuple) {
            return tuple.size();
        }
        if (value instanceof List<?> list) {
            return list.size();
        }
        if (value instanceof Map<?, ?> map) {
            return map.size();
        }
        return 0;
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
        chargeArguments(arguments);
        push(rules.call(callable, asTuple(arguments, "REDUCE")));
    }

    private void newObject() {
        Object arguments = pop();
        Object type = pop();
        chargeArguments(arguments);
        push(rules.newObject(type, asTuple(arguments, "NEWOBJ")));
    }

    private void build() {
        Object state = pop();
        charge(OBJECT);
        rules.build(peek(), state);
    }

    private void persistentLoad() {
        Object id = pop();
        chargeArguments(id);
        push(rules.persistentLoad(id));
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
        charge(REFERENCE * items.size());
        list.addAll(items);
    }

    private void setItems(List<Object> keysAndValues) {
        if (!(peek() instanceof Map<?, ?>)) {
            throw corrupt("SETITEM on something that is not a dict");
        }
        @SuppressWarnings("unchecked")
        Map<Object, Object> dictionary = (Map<Object, Object>) peek();
        charge(ENTRY * (keysAndValues.size() / 2));
        putAll(dictionary, keysAndValues);
    }

    private Map<Object, Object> dictionary(List<Object> keysAndValues) {
        charge(OBJECT + ENTRY * (keysAndValues.size() / 2));
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

    private Object emptyContainer(Object container) {
        charge(OBJECT);
        return container;
    }

    private void memoize(long index) {
        charge(ENTRY);
        memo.put(index, peek());
    }

    private Object recall(long index) {
        if (!memo.containsKey(index)) {
            throw corrupt("memo entry " + index + " is missing");
        }
        return memo.get(index);
    }

    private void push(Object value) {
        charge(REFERENCE);
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
        // The items are copied here, and usually once more into the list, tuple or dict they become.
        charge(OBJECT + 2 * REFERENCE * top.size());
        List<Object> items = new ArrayList<>(top);
        top.clear();
        return items;
    }

    private PickleTuple popTuple(int size) {
        charge(OBJECT + 2 * REFERENCE * size);
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
