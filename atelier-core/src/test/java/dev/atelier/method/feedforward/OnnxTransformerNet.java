package dev.atelier.method.feedforward;

import dev.atelier.method.feedforward.TransformerNetwork.ConvolutionSpec;
import dev.atelier.weights.HostTensor;
import dev.atelier.weights.StateDict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes pytorch/examples' TransformerNet as an ONNX file (opset 9, as the model zoo's
 * fast-neural-style files are): Pad(reflect) → Conv → InstanceNormalization → Relu, residual Adds,
 * Upsample(nearest) before the two upsampling convolutions, input {@code input1}, output
 * {@code output1}. Variations alter the graph but not the weights, to show they are caught.
 */
final class OnnxTransformerNet {
    /** How the written graph departs from TransformerNet. */
    enum Variation {
        FAITHFUL,
        /** No ReLU after the first instance norm. */
        MISSING_RELU,
        /** Edge replication instead of reflection padding. */
        EDGE_PADDING
    }

    private final List<ProtobufWriter> nodes = new ArrayList<>();
    private final List<ProtobufWriter> initializers = new ArrayList<>();
    private int counter;

    private OnnxTransformerNet() {}

    /**
     * @param size declared input height and width, or {@code null} for symbolic dimensions
     */
    static void write(Path file, StateDict weights, int[] size, Variation variation) {
        OnnxTransformerNet net = new OnnxTransformerNet();
        weights.asMap().forEach(net::initializer);
        net.initializer("upsample_scales", new HostTensor(new long[] {4}, new float[] {1, 1, 2, 2}));
        List<ConvolutionSpec> specs = TransformerNetwork.convolutions(TransformerLayout.PYTORCH_EXAMPLES);
        String x = "input1";
        String residual = null;
        for (int i = 0; i < specs.size(); i++) {
            ConvolutionSpec spec = specs.get(i);
            boolean blockStart = i >= 3 && i < 13 && (i - 3) % 2 == 0;
            boolean blockEnd = i >= 3 && i < 13 && (i - 3) % 2 == 1;
            if (blockStart) {
                residual = x;
            }
            if (spec.upsampling()) {
                x = net.node("Upsample", List.of(x, "upsample_scales"), null, new ProtobufWriter[] {
                    attribute("mode").bytes(4, "nearest".getBytes()).varint(20, 3)});
            }
            int padding = spec.kernel() / 2;
            String mode = variation == Variation.EDGE_PADDING ? "edge" : "reflect";
            x = net.node("Pad", List.of(x), null, new ProtobufWriter[] {
                attribute("mode").bytes(4, mode.getBytes()).varint(20, 3),
                attribute("pads").packedVarints(8, 0, 0, padding, padding, 0, 0, padding, padding).varint(20, 7)});
            boolean last = i == specs.size() - 1;
            x = net.node("Conv", List.of(x, spec.name() + ".conv2d.weight", spec.name() + ".conv2d.bias"),
                    last ? "output1" : null, new ProtobufWriter[] {
                        attribute("kernel_shape").packedVarints(8, spec.kernel(), spec.kernel()).varint(20, 7),
                        attribute("strides").packedVarints(8, spec.stride(), spec.stride()).varint(20, 7)});
            if (last) {
                break;
            }
            x = net.node("InstanceNormalization", List.of(x, spec.norm() + ".weight", spec.norm() + ".bias"), null,
                    new ProtobufWriter[] {attribute("epsilon").fixed32(2, 1e-5f).varint(20, 1)});
            if (blockEnd) {
                x = net.node("Add", List.of(x, residual), null, new ProtobufWriter[0]);
            } else if (!(i == 0 && variation == Variation.MISSING_RELU)) {
                x = net.node("Relu", List.of(x), null, new ProtobufWriter[0]);
            }
        }
        ProtobufWriter graph = new ProtobufWriter();
        net.nodes.forEach(node -> graph.message(1, node));
        graph.string(2, "TransformerNet");
        net.initializers.forEach(tensor -> graph.message(5, tensor));
        graph.message(11, value("input1", size));
        graph.message(12, value("output1", size));
        ProtobufWriter model = new ProtobufWriter().varint(1, 4).string(2, "atelier-test")
                .message(7, graph).message(8, new ProtobufWriter().string(1, "").varint(2, 9));
        try {
            Files.write(file, model.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String node(String opType, List<String> inputs, String output, ProtobufWriter[] attributes) {
        String name = output != null ? output : "t" + counter++;
        ProtobufWriter node = new ProtobufWriter();
        inputs.forEach(input -> node.string(1, input));
        node.string(2, name).string(3, opType + "_" + counter).string(4, opType);
        for (ProtobufWriter attribute : attributes) {
            node.message(5, attribute);
        }
        nodes.add(node);
        return name;
    }

    private static ProtobufWriter attribute(String name) {
        return new ProtobufWriter().string(1, name);
    }

    private void initializer(String name, HostTensor tensor) {
        ProtobufWriter proto = new ProtobufWriter().packedVarints(1, tensor.shape()).varint(2, 1).string(8, name);
        ByteBuffer raw = ByteBuffer.allocate(tensor.values().length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(tensor.values());
        initializers.add(proto.bytes(9, raw.array()));
    }

    /** ValueInfoProto of a float (1, 3, H, W) tensor, H and W symbolic when {@code size} is null. */
    private static ProtobufWriter value(String name, int[] size) {
        ProtobufWriter shape = new ProtobufWriter()
                .message(1, new ProtobufWriter().varint(1, 1))
                .message(1, new ProtobufWriter().varint(1, 3));
        if (size == null) {
            shape.message(1, new ProtobufWriter().string(2, "height")).message(1, new ProtobufWriter().string(2, "width"));
        } else {
            shape.message(1, new ProtobufWriter().varint(1, size[0])).message(1, new ProtobufWriter().varint(1, size[1]));
        }
        ProtobufWriter tensorType = new ProtobufWriter().varint(1, 1).message(2, shape);
        return new ProtobufWriter().string(1, name).message(2, new ProtobufWriter().message(1, tensorType));
    }
}
