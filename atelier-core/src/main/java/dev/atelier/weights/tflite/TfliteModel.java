package dev.atelier.weights.tflite;

import dev.atelier.BadInputException;
import dev.atelier.Cancellation;
import dev.atelier.io.RegularFiles;
import dev.atelier.weights.Float16;
import dev.atelier.weights.HostTensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A TensorFlow Lite model file (FlatBuffers schema v3), read without the TensorFlow Lite runtime:
 * its operators, its tensors' names, shapes and quantisation, and its constant tensors de-quantised
 * to float32 {@link HostTensor}s, so that Atelier can rebuild the network on its own engine.
 *
 * <p>De-quantisation follows TensorFlow Lite's rule {@code real = scale * (q - zero_point)}, with
 * one scale per tensor or one per index of {@code quantized_dimension} (per output channel for
 * convolution filters, per channel along the last axis for depthwise filters). INT32 biases carry
 * their own scales in the file (TensorFlow Lite writes {@code input_scale * weight_scale[c]}), so
 * they are read the same way. FLOAT16 constants become float32 exactly.
 *
 * <p>Only the first subgraph is read (models with control flow have more), and only buffers held
 * inside the flatbuffer (files of 2 GB and more keep them after it; Atelier refuses those). A file
 * that is not a TensorFlow Lite model, is cut short or altered, or uses a form of quantisation
 * Atelier does not read fails with a one-line {@link BadInputException} naming the file.
 */
public final class TfliteModel {
    /** The FlatBuffers file identifier of TensorFlow Lite models, at bytes 4 to 7. */
    static final String IDENTIFIER = "TFL3";
    /** The only schema version this reader knows. */
    static final int SCHEMA_VERSION = 3;
    /** Bytes read between two checks of the cancellation. */
    private static final int READ_CHUNK = 1 << 20;

    private final Path file;
    private final FlatBuffer buffer;
    private final String description;
    private final List<String> operators;
    private final List<TfliteTensor> tensors;
    private final Map<String, TfliteTensor> byName;
    private final List<TfliteTensor> inputs;
    private final List<TfliteTensor> outputs;
    private final long[] dataStarts;

    private TfliteModel(Path file, FlatBuffer buffer, String description, List<String> operators,
            List<TfliteTensor> tensors, List<TfliteTensor> inputs, List<TfliteTensor> outputs, long[] dataStarts) {
        this.file = file;
        this.buffer = buffer;
        this.description = description;
        this.operators = List.copyOf(operators);
        this.tensors = List.copyOf(tensors);
        Map<String, TfliteTensor> names = new LinkedHashMap<>();
        for (TfliteTensor tensor : tensors) {
            names.putIfAbsent(tensor.name(), tensor);
        }
        this.byName = Collections.unmodifiableMap(names);
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.dataStarts = dataStarts;
    }

    /**
     * Reads and checks the structure of {@code file}: identifier, schema version, operator codes,
     * tensors, quantisation parameters, and that every buffer lies inside the file. Tensor data is
     * converted only when asked for.
     */
    public static TfliteModel read(Path file) {
        RegularFiles.require(file, "TensorFlow Lite file");
        Cancellation cancellation = Cancellation.current();
        byte[] data;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE - 8) {
                throw new BadInputException(file, "is " + size + " bytes; Atelier reads TensorFlow Lite files "
                        + "under 2 GB");
            }
            data = new byte[(int) size];
            ByteBuffer target = ByteBuffer.wrap(data);
            while (target.hasRemaining()) {
                cancellation.throwIfRequested("reading " + file);
                target.limit(Math.min(data.length, target.position() + READ_CHUNK));
                if (channel.read(target) < 0) {
                    throw new BadInputException(file, "the file shrank while it was read");
                }
                target.limit(data.length);
            }
        } catch (NoSuchFileException e) {
            throw new BadInputException(file, "no such file");
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + oneLine(e.getMessage())) + ")", e);
        }
        return parse(file, data);
    }

    /** Parses a model held in memory; {@code file} names it in messages. */
    public static TfliteModel parse(Path file, byte[] data) {
        if (data.length < 8) {
            throw new BadInputException(file, "not a TensorFlow Lite file (" + data.length + " bytes, too short for "
                    + "its header)");
        }
        String identifier = new String(data, 4, 4, StandardCharsets.ISO_8859_1);
        if (!IDENTIFIER.equals(identifier)) {
            throw new BadInputException(file, "not a TensorFlow Lite file (no '" + IDENTIFIER
                    + "' identifier at byte 4)");
        }
        FlatBuffer buffer = new FlatBuffer(file, data);
        try {
            return parse(file, buffer);
        } catch (BadInputException e) {
            throw e;
        } catch (RuntimeException e) {
            // Every read is bounds-checked above; this is the last guard for combinations of altered
            // values the checks did not foresee, so that the user still gets one line naming the file.
            throw buffer.damaged(e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + oneLine(e.getMessage())));
        }
    }

    private static TfliteModel parse(Path file, FlatBuffer buffer) {
        FlatBuffer.Table model = buffer.root("the model table");
        long version = model.uint32(0, 0);
        if (version != SCHEMA_VERSION) {
            throw new BadInputException(file, "TensorFlow Lite schema version " + version + "; Atelier reads version "
                    + SCHEMA_VERSION);
        }
        String description = model.string(3, "the model description");
        List<String> codes = new ArrayList<>();
        for (FlatBuffer.Table code : model.tables(1, "operator code")) {
            // Schema 3a moved codes above 127 to an int32 field; older files hold only the int8 one.
            int builtin = Math.max(code.int8(0, 0), code.int32(3, 0));
            String custom = code.string(1, "custom operator name");
            codes.add(builtin == BuiltinOperators.CUSTOM && custom != null ? "CUSTOM:" + printable(custom)
                    : BuiltinOperators.name(builtin));
        }
        List<FlatBuffer.Table> subgraphs = model.tables(2, "subgraph");
        if (subgraphs.isEmpty()) {
            throw buffer.damaged("the model has no subgraph");
        }
        FlatBuffer.Table graph = subgraphs.get(0);

        List<FlatBuffer.Table> buffers = model.tables(4, "buffer");
        long[] dataStarts = new long[buffers.size()];
        int[] dataLengths = new int[buffers.size()];
        for (int i = 0; i < buffers.size(); i++) {
            FlatBuffer.Table entry = buffers.get(i);
            // Files of 2 GB and more keep their data after the flatbuffer, at offset (field 1) > 1.
            if (entry.int64(1, 0) > 1) {
                throw new BadInputException(file, "buffer " + i + " is stored outside the flatbuffer (a model of "
                        + "2 GB or more); Atelier does not read those");
            }
            FlatBuffer.Vector data = entry.vector(0, 1, "the data of buffer " + i);
            dataStarts[i] = data == null ? 0 : data.start();
            dataLengths[i] = data == null ? 0 : data.count();
        }

        List<TfliteTensor> tensors = new ArrayList<>();
        List<FlatBuffer.Table> tensorTables = graph.tables(0, "tensor");
        for (int i = 0; i < tensorTables.size(); i++) {
            tensors.add(tensor(buffer, tensorTables.get(i), i, dataLengths, dataStarts));
        }
        List<String> operators = new ArrayList<>();
        List<FlatBuffer.Table> operatorTables = graph.tables(3, "operator");
        for (int i = 0; i < operatorTables.size(); i++) {
            long index = operatorTables.get(i).uint32(0, 0);
            if (index >= codes.size()) {
                throw buffer.damaged("operator " + i + " has code index " + index + " but the file lists "
                        + codes.size() + " operator codes");
            }
            operators.add(codes.get((int) index));
        }
        return new TfliteModel(file, buffer, description, operators, tensors,
                graphTensors(buffer, graph.int32s(1, "the graph inputs"), tensors, "input"),
                graphTensors(buffer, graph.int32s(2, "the graph outputs"), tensors, "output"), dataStarts);
    }

    /** One tensor's description; {@code dataStarts[i]} is replaced by its data's start. */
    private static TfliteTensor tensor(FlatBuffer buffer, FlatBuffer.Table table, int index, int[] dataLengths,
            long[] dataStarts) {
        String name = table.string(3, "the name of tensor " + index);
        name = name == null ? "#" + index : printable(name);
        int[] shape = table.int32s(0, "the shape of tensor " + index);
        shape = shape == null ? new int[0] : shape;
        for (int dimension : shape) {
            if (dimension < 0) {
                throw buffer.damaged("tensor '" + name + "' has shape " + Arrays.toString(shape));
            }
        }
        int typeCode = table.int8(1, 0);
        TensorType type = TensorType.forCode(typeCode);
        if (type == null) {
            throw new BadInputException(buffer.file(), "tensor '" + name + "' has element type " + typeCode
                    + ", which Atelier does not know");
        }
        long bufferIndex = table.uint32(2, 0);
        if (bufferIndex >= dataLengths.length) {
            throw buffer.damaged("tensor '" + name + "' refers to buffer " + bufferIndex + " of " + dataLengths.length);
        }
        boolean sparse = table.has(6);
        Quantization quantization = quantization(table.table(4, "the quantisation of tensor '" + name + "'"), sparse,
                name);
        return new TfliteTensor(index, name, shape, type, quantization, dataLengths[(int) bufferIndex],
                bufferIndex);
    }

    private static Quantization quantization(FlatBuffer.Table table, boolean sparse, String name) {
        if (table == null) {
            return sparse ? new Quantization(new float[0], new long[0], 0, true) : Quantization.NONE;
        }
        float[] scales = table.float32s(2, "the scales of tensor '" + name + "'");
        long[] zeroPoints = table.int64s(3, "the zero points of tensor '" + name + "'");
        int dimension = table.int32(6, 0);
        // A custom description (details) or a sparse layout is something only its own kernels know.
        boolean custom = sparse || table.uint8(4, 0) != 0;
        return new Quantization(scales == null ? new float[0] : scales, zeroPoints == null ? new long[0] : zeroPoints,
                dimension, custom);
    }

    private static List<TfliteTensor> graphTensors(FlatBuffer buffer, int[] indices, List<TfliteTensor> tensors,
            String role) {
        List<TfliteTensor> selected = new ArrayList<>();
        for (int index : indices == null ? new int[0] : indices) {
            if (index < 0 || index >= tensors.size()) {
                throw buffer.damaged("graph " + role + " " + index + " is not one of its " + tensors.size()
                        + " tensors");
            }
            selected.add(tensors.get(index));
        }
        return selected;
    }

    public Path file() {
        return file;
    }

    /** The converter's note, e.g. {@code TOCO Converted.}; empty when absent. */
    public String description() {
        return description == null ? "" : printable(description);
    }

    /** The operators in execution order, by name ({@code CONV_2D}, {@code CUSTOM:<name>}, …). */
    public List<String> operators() {
        return operators;
    }

    /** How many operators of each kind the graph runs, by name, sorted by name. */
    public Map<String, Integer> operatorCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        for (String operator : operators) {
            counts.merge(operator, 1, Integer::sum);
        }
        return counts;
    }

    /** Every tensor of the graph, in the file's order. */
    public List<TfliteTensor> tensors() {
        return tensors;
    }

    /** The graph's inputs, in order. */
    public List<TfliteTensor> inputs() {
        return inputs;
    }

    /** The graph's outputs, in order. */
    public List<TfliteTensor> outputs() {
        return outputs;
    }

    /** The tensor called {@code name} (the first, should a converter have repeated a name). */
    public Optional<TfliteTensor> tensor(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * Refuses a graph whose operators are not the expected ones: each operator of {@code exactly}
     * must occur that many times, and apart from them only operators of {@code alsoAllowed} (in any
     * number, e.g. the QUANTIZE and DEQUANTIZE a converter adds).
     *
     * @param model what the file should hold, for messages (e.g. "the Magenta style predictor")
     */
    public void requireOperators(String model, Map<String, Integer> exactly, Set<String> alsoAllowed) {
        Map<String, Integer> counts = operatorCounts();
        for (Map.Entry<String, Integer> expected : exactly.entrySet()) {
            int found = counts.getOrDefault(expected.getKey(), 0);
            if (found != expected.getValue()) {
                throw new BadInputException(file, "not " + model + ": it runs " + found + " " + expected.getKey()
                        + " operators, " + model + " runs " + expected.getValue());
            }
        }
        for (String operator : counts.keySet()) {
            if (!exactly.containsKey(operator) && !alsoAllowed.contains(operator)) {
                throw new BadInputException(file, "not " + model + ": it runs " + operator + ", which " + model
                        + " does not");
            }
        }
    }

    /**
     * The constant tensor {@code name} de-quantised to float32, which must have exactly
     * {@code shape} (as stored: TensorFlow Lite's filters are OHWI, depthwise filters 1HWC).
     */
    public HostTensor require(String name, long... shape) {
        TfliteTensor tensor = requireTensor(name);
        if (!Arrays.equals(tensor.longShape(), shape)) {
            throw new BadInputException(file, "tensor '" + name + "' has shape " + tensor.shapeText() + ", expected "
                    + Arrays.toString(shape) + " (is this the right model file?)");
        }
        return new HostTensor(tensor.longShape(), values(tensor));
    }

    /** The tensor called {@code name}, which must exist. */
    public TfliteTensor requireTensor(String name) {
        TfliteTensor tensor = byName.get(name);
        if (tensor == null) {
            throw new BadInputException(file, "missing tensor '" + name + "' (is this the right model file?)");
        }
        return tensor;
    }

    /**
     * A constant tensor's values as float32, row-major in its stored shape: FLOAT32 as stored,
     * FLOAT16 widened exactly, INT8 and INT32 de-quantised with their scales and zero points.
     */
    public float[] values(TfliteTensor tensor) {
        TensorType type = tensor.type();
        long count = tensor.elementCount();
        if (tensor.dataLength() == 0) {
            throw new BadInputException(file, "tensor '" + tensor.name() + "' has no constant data (an activation, "
                    + "not a weight)");
        }
        if (type.byteSize() == 0 || count * type.byteSize() != tensor.dataLength()) {
            throw buffer.damaged("tensor '" + tensor.name() + "' of shape " + tensor.shapeText() + " and type " + type
                    + " holds " + tensor.dataLength() + " bytes of data");
        }
        ByteBuffer data = buffer.slice(dataStarts[(int) tensor.bufferIndex()], tensor.dataLength(),
                "the data of tensor '" + tensor.name() + "'");
        buffer.charge((long) Float.BYTES * count);
        float[] values = new float[(int) count];
        switch (type) {
            case FLOAT32 -> {
                requireNotQuantized(tensor);
                data.asFloatBuffer().get(values);
            }
            case FLOAT16 -> {
                requireNotQuantized(tensor);
                for (int i = 0; i < values.length; i++) {
                    values[i] = Float16.toFloat(data.getShort(2 * i));
                }
            }
            case INT8 -> dequantize(tensor, values, i -> data.get(i));
            case INT32 -> dequantize(tensor, values, i -> data.getInt(4 * i));
            default -> throw new BadInputException(file, "tensor '" + tensor.name() + "' holds " + type
                    + " values; Atelier reads FLOAT32, FLOAT16, INT8 and INT32 weights");
        }
        return values;
    }

    /** The stored integer at {@code index} of an INT8 or INT32 tensor. */
    private interface StoredInteger {
        long at(int index);
    }

    private void dequantize(TfliteTensor tensor, float[] values, StoredInteger stored) {
        Quantization quantization = tensor.quantization();
        float[] scales = quantization.scales();
        long[] zeroPoints = quantization.zeroPoints();
        if (quantization.custom()) {
            throw unsupported(tensor, "a custom or sparse quantisation");
        }
        if (scales.length == 0) {
            throw unsupported(tensor, "no scale (plain " + tensor.type() + " integers, not weights)");
        }
        if (zeroPoints.length != 0 && zeroPoints.length != scales.length) {
            throw unsupported(tensor, scales.length + " scales but " + zeroPoints.length + " zero points");
        }
        for (float scale : scales) {
            if (!(scale > 0) || !Float.isFinite(scale)) {
                throw unsupported(tensor, "a scale of " + scale);
            }
        }
        int[] shape = tensor.shape();
        int dimension = quantization.dimension();
        long stride = 1;
        if (scales.length > 1) {
            if (dimension < 0 || dimension >= shape.length || shape[dimension] != scales.length) {
                throw unsupported(tensor, scales.length + " scales along dimension " + dimension + " of shape "
                        + tensor.shapeText());
            }
            for (int d = dimension + 1; d < shape.length; d++) {
                stride *= shape[d];
            }
        }
        for (int i = 0; i < values.length; i++) {
            int channel = scales.length == 1 ? 0 : (int) ((i / stride) % scales.length);
            long zeroPoint = zeroPoints.length == 0 ? 0 : zeroPoints[channel];
            // In double, so large INT32 bias values keep every digit float32 can show.
            values[i] = (float) ((double) scales[channel] * (stored.at(i) - zeroPoint));
        }
    }

    private void requireNotQuantized(TfliteTensor tensor) {
        if (tensor.quantization().isPresent()) {
            throw unsupported(tensor, "a quantisation on " + tensor.type() + " values");
        }
    }

    private BadInputException unsupported(TfliteTensor tensor, String what) {
        return new BadInputException(file, "unsupported quantisation: tensor '" + tensor.name() + "' (" + tensor.type()
                + ") has " + what);
    }

    /** Text from the file with control characters escaped, so messages stay on one line. */
    static String printable(String text) {
        StringBuilder escaped = new StringBuilder();
        for (int i = 0; i < text.length() && i < 300; i++) {
            char c = text.charAt(i);
            escaped.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return text.length() > 300 ? escaped + "..." : escaped.toString();
    }

    private static String oneLine(String message) {
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}
