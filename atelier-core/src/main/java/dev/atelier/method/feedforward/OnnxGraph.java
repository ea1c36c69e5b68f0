package dev.atelier.method.feedforward;

import dev.atelier.BadInputException;
import dev.atelier.Cancellation;
import dev.atelier.Failures;
import dev.atelier.io.RegularFiles;
import dev.atelier.weights.HostTensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of an ONNX model ({@code onnx.proto}'s ModelProto) that describe a feed-forward
 * network: its nodes in order, its float tensors (initializers and constants) and its declared
 * inputs and outputs. Read with a small wire-format reader, so no protobuf library is needed.
 */
final class OnnxGraph {
    private static final int FLOAT = 1;
    /**
     * The largest file read: TransformerNet is 6.7 MB, and the whole file is held in memory. Weights
     * kept in external files are refused anyway, so a larger file is not this network.
     */
    static final long MAXIMUM_FILE_BYTES = 256L << 20;
    /** More dimensions than any tensor of a convolutional network has. */
    static final int MAXIMUM_RANK = 8;

    /** One operator: its type, the names of its inputs and outputs, and its attributes. */
    record Node(String opType, List<String> inputs, List<String> outputs, Map<String, Attribute> attributes) {}

    /** An attribute value: a float, an integer, integers or a tensor (whichever it holds). */
    record Attribute(Float floatValue, Long integer, List<Long> integers, HostTensor tensor) {}

    /** A declared graph input or output; unknown (symbolic) dimensions are -1. */
    record Value(String name, long[] dimensions) {}

    private final List<Node> nodes;
    private final Map<String, HostTensor> tensors;
    private final List<Value> inputs;
    private final List<Value> outputs;

    private OnnxGraph(List<Node> nodes, Map<String, HostTensor> tensors, List<Value> inputs, List<Value> outputs) {
        this.nodes = nodes;
        this.tensors = tensors;
        this.inputs = inputs;
        this.outputs = outputs;
    }

    static OnnxGraph read(Path file) {
        RegularFiles.require(file, "model file");
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAXIMUM_FILE_BYTES) {
                throw new BadInputException(file, "is " + size + " bytes; an ONNX TransformerNet is under "
                        + MAXIMUM_FILE_BYTES / (1 << 20) + " MB");
            }
            bytes = readChecked(file, (int) size);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read (" + Failures.summary(e) + ")");
        }
        try {
            ProtobufReader model = new ProtobufReader(bytes);
            while (model.next()) {
                if (model.field() == 7 && model.wireType() == ProtobufReader.LENGTH_DELIMITED) {
                    return graph(file, model.message());
                }
                model.skip();
            }
        } catch (IllegalStateException | IndexOutOfBoundsException e) {
            throw new BadInputException(file, "not a readable ONNX model (" + Failures.summary(e) + ")");
        }
        throw new BadInputException(file, "not an ONNX model (no graph)");
    }

    /** The file's bytes, read in chunks between which the thread's cancellation is checked. */
    private static byte[] readChecked(Path file, int size) throws IOException {
        Cancellation cancellation = Cancellation.current();
        byte[] bytes = new byte[size];
        try (InputStream stream = Files.newInputStream(file)) {
            int filled = 0;
            while (filled < size) {
                cancellation.throwIfRequested("reading " + file);
                int read = stream.read(bytes, filled, Math.min(size - filled, 1 << 20));
                if (read < 0) {
                    throw new BadInputException(file, "the file shrank while it was read");
                }
                filled += read;
            }
        }
        return bytes;
    }

    List<Node> nodes() {
        return nodes;
    }

    /** Float tensors by name: initializers and the outputs of Constant nodes. */
    Map<String, HostTensor> tensors() {
        return tensors;
    }

    /** Declared inputs that are not initializers: what a caller feeds. */
    List<Value> inputs() {
        return inputs;
    }

    List<Value> outputs() {
        return outputs;
    }

    private static OnnxGraph graph(Path file, ProtobufReader graph) {
        List<Node> nodes = new ArrayList<>();
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        List<Value> declaredInputs = new ArrayList<>();
        List<Value> outputs = new ArrayList<>();
        while (graph.next()) {
            switch (graph.field()) {
                case 1 -> nodes.add(node(file, graph.message()));
                case 5 -> {
                    NamedTensor initializer = tensor(file, graph.message());
                    if (initializer.tensor() != null) {
                        tensors.put(initializer.name(), initializer.tensor());
                    }
                }
                case 11 -> declaredInputs.add(value(graph.message()));
                case 12 -> outputs.add(value(graph.message()));
                default -> graph.skip();
            }
        }
        for (Node node : nodes) {
            Attribute value = node.attributes().get("value");
            if (node.opType().equals("Constant") && value != null && value.tensor() != null) {
                tensors.put(node.outputs().get(0), value.tensor());
            }
        }
        // Older exporters also list every initializer as a graph input.
        List<Value> inputs = declaredInputs.stream().filter(input -> !tensors.containsKey(input.name())).toList();
        return new OnnxGraph(nodes, tensors, inputs, outputs);
    }

    private static Node node(Path file, ProtobufReader node) {
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        String opType = "";
        Map<String, Attribute> attributes = new LinkedHashMap<>();
        while (node.next()) {
            switch (node.field()) {
                case 1 -> inputs.add(node.string());
                case 2 -> outputs.add(node.string());
                case 4 -> opType = node.string();
                case 5 -> {
                    ProtobufReader attribute = node.message();
                    String name = "";
                    Float floatValue = null;
                    Long integer = null;
                    List<Long> integers = new ArrayList<>();
                    HostTensor tensor = null;
                    while (attribute.next()) {
                        switch (attribute.field()) {
                            case 1 -> name = attribute.string();
                            case 2 -> floatValue = attribute.fixed32Float();
                            case 3 -> integer = attribute.varint();
                            case 5 -> tensor = tensor(file, attribute.message()).tensor();
                            case 8 -> integers.addAll(varints(attribute));
                            default -> attribute.skip();
                        }
                    }
                    attributes.put(name, new Attribute(floatValue, integer, integers, tensor));
                }
                default -> node.skip();
            }
        }
        return new Node(opType, inputs, outputs, attributes);
    }

    private record NamedTensor(String name, HostTensor tensor) {}

    /** A TensorProto; the tensor is {@code null} when it does not hold floats. */
    private static NamedTensor tensor(Path file, ProtobufReader tensor) {
        List<Long> dimensions = new ArrayList<>();
        int dataType = 0;
        String name = "";
        byte[] raw = null;
        List<Float> floats = new ArrayList<>();
        while (tensor.next()) {
            switch (tensor.field()) {
                case 1 -> dimensions.addAll(varints(tensor));
                case 2 -> dataType = (int) tensor.varint();
                case 4 -> {
                    if (tensor.wireType() == ProtobufReader.LENGTH_DELIMITED) {
                        ProtobufReader packed = tensor.message();
                        while (packed.hasRemaining()) {
                            floats.add(packed.fixed32Float());
                        }
                    } else {
                        floats.add(tensor.fixed32Float());
                    }
                }
                case 8 -> name = tensor.string();
                case 9 -> raw = tensor.bytes();
                case 14 -> {
                    if (tensor.varint() != 0) {
                        throw new BadInputException(file, "keeps its weights in external data files, which "
                                + "Atelier does not read");
                    }
                }
                default -> tensor.skip();
            }
        }
        if (dataType != FLOAT) {
            return new NamedTensor(name, null);
        }
        long[] shape = dimensions.stream().mapToLong(Long::longValue).toArray();
        long count = elementCount(file, name, shape);
        // The values must be in the file before an array is made for them.
        long held = raw != null ? raw.length / Float.BYTES : floats.size();
        if (raw != null ? raw.length != count * Float.BYTES : floats.size() != count) {
            throw new BadInputException(file, "tensor " + printable(name) + " holds " + held + " floats, its shape "
                    + Arrays.toString(shape) + " needs " + count);
        }
        float[] values = new float[(int) count];
        if (raw != null) {
            ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        } else {
            for (int i = 0; i < values.length; i++) {
                values[i] = floats.get(i);
            }
        }
        return new NamedTensor(name, new HostTensor(shape, values));
    }

    /** The element count of a declared shape, which must be a plausible one. */
    private static long elementCount(Path file, String name, long[] shape) {
        if (shape.length > MAXIMUM_RANK) {
            throw new BadInputException(file, "tensor " + printable(name) + " has " + shape.length
                    + " dimensions; at most " + MAXIMUM_RANK + " are read");
        }
        try {
            return HostTensor.elementCount(shape);
        } catch (ArithmeticException | IllegalArgumentException e) {
            throw new BadInputException(file, "tensor " + printable(name) + " has the impossible shape "
                    + Arrays.toString(shape));
        }
    }

    /** A name from the file, quoted, shortened and with control characters escaped, for one-line messages. */
    static String printable(String name) {
        StringBuilder text = new StringBuilder("'");
        for (int i = 0; i < name.length() && i < 200; i++) {
            char c = name.charAt(i);
            text.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return text.append(name.length() > 200 ? "...'" : "'").toString();
    }

    /** A repeated int64 field, packed or not. */
    private static List<Long> varints(ProtobufReader reader) {
        List<Long> values = new ArrayList<>();
        if (reader.wireType() == ProtobufReader.LENGTH_DELIMITED) {
            ProtobufReader packed = reader.message();
            while (packed.hasRemaining()) {
                values.add(packed.varint());
            }
        } else {
            values.add(reader.varint());
        }
        return values;
    }

    /** A ValueInfoProto: its name and, when declared, its tensor shape. */
    private static Value value(ProtobufReader value) {
        String name = "";
        List<Long> dimensions = new ArrayList<>();
        while (value.next()) {
            if (value.field() == 1) {
                name = value.string();
            } else if (value.field() == 2) {
                shape(value.message(), dimensions);
            } else {
                value.skip();
            }
        }
        return new Value(name, dimensions.stream().mapToLong(Long::longValue).toArray());
    }

    /** TypeProto → tensor_type (1) → shape (2) → dim (1) → dim_value (1) or dim_param (2). */
    private static void shape(ProtobufReader type, List<Long> dimensions) {
        while (type.next()) {
            if (type.field() != 1) {
                type.skip();
                continue;
            }
            ProtobufReader tensorType = type.message();
            while (tensorType.next()) {
                if (tensorType.field() != 2) {
                    tensorType.skip();
                    continue;
                }
                ProtobufReader shape = tensorType.message();
                while (shape.next()) {
                    if (shape.field() != 1) {
                        shape.skip();
                        continue;
                    }
                    ProtobufReader dimension = shape.message();
                    long size = -1;
                    while (dimension.next()) {
                        if (dimension.field() == 1) {
                            size = dimension.varint();
                        } else {
                            dimension.skip();
                        }
                    }
                    dimensions.add(size);
                }
            }
        }
    }
}
