package dev.atelier.method.feedforward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.BadInputException;
import dev.atelier.weights.HostTensor;
import dev.atelier.weights.StateDict;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Importing ONNX fast-neural-style files, on TransformerNet graphs written here the way the model
 * zoo's are, and run for real by DJL's ONNX Runtime engine during the import.
 */
class OnnxModelsTest {
    @TempDir
    Path folder;

    /** TransformerNet weights whose instance norms are not the identity, so every parameter matters. */
    private static StateDict weights(long seed) {
        StateDict initial = TransformerNetwork.initialStateDict(TransformerLayout.PYTORCH_EXAMPLES, seed);
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        initial.asMap().forEach((name, tensor) -> {
            float[] values = tensor.values().clone();
            if (name.startsWith("in") || name.contains(".in")) {
                for (int i = 0; i < values.length; i++) {
                    values[i] += (float) random.nextDouble(-0.5, 0.5);
                }
            }
            tensors.put(name, new HostTensor(tensor.shape(), values));
        });
        return new StateDict(Path.of("onnx-test-weights"), tensors);
    }

    @Test
    void aTransformerNetGraphImportsWithItsWeightsAndRunsTheSameInOnnxRuntime() {
        StateDict weights = weights(1);
        Path onnx = folder.resolve("mosaic-9.onnx");
        OnnxTransformerNet.write(onnx, weights, null, OnnxTransformerNet.Variation.FAITHFUL);
        Path output = folder.resolve("mosaic.safetensors");
        ModelFile.Model model = ModelImport.convert(onnx, output, null);
        assertThat(model.layout()).isEqualTo(TransformerLayout.PYTORCH_EXAMPLES);
        assertThat(model.style()).isEqualTo("mosaic-9");
        for (String name : weights.names()) {
            assertThat(model.weights().require(name).values()).as(name).isEqualTo(weights.require(name).values());
        }
        double difference = model.provenance().get("onnx_runtime_max_difference").getAsDouble();
        assertThat(difference).isLessThan(OnnxModels.RELATIVE_TOLERANCE);
        assertThat(FeedForwardModels.read(output).layout()).isEqualTo(TransformerLayout.PYTORCH_EXAMPLES);
    }

    @Test
    void aFixedInputSizeIsProbedAtThatSize() {
        // The zoo's files declare 1x3x224x224, and ONNX Runtime refuses any other size.
        Path onnx = folder.resolve("candy.onnx");
        OnnxTransformerNet.write(onnx, weights(2), new int[] {36, 44}, OnnxTransformerNet.Variation.FAITHFUL);
        assertThat(FeedForwardModels.read(onnx).weights().names()).hasSize(
                TransformerNetwork.parameterShapes(TransformerLayout.PYTORCH_EXAMPLES).size());
    }

    @Test
    void graphsThatComputeSomethingElseAreRefusedThoughTheirWeightsFit() {
        for (OnnxTransformerNet.Variation variation : new OnnxTransformerNet.Variation[] {
            OnnxTransformerNet.Variation.MISSING_RELU, OnnxTransformerNet.Variation.EDGE_PADDING}) {
            Path onnx = folder.resolve(variation + ".onnx");
            OnnxTransformerNet.write(onnx, weights(3), null, variation);
            assertThatThrownBy(() -> FeedForwardModels.read(onnx)).as(variation.toString())
                    .isInstanceOf(BadInputException.class).hasMessageContaining(onnx.toString())
                    .hasMessageContaining("does not compute pytorch/examples' TransformerNet");
        }
    }

    @Test
    void otherNetworksAndDamagedFilesAreRefused() throws IOException {
        Map<String, HostTensor> tensors = new LinkedHashMap<>(weights(4).asMap());
        Path truncated = folder.resolve("truncated.onnx");
        OnnxTransformerNet.write(truncated, new StateDict(truncated, tensors), null,
                OnnxTransformerNet.Variation.FAITHFUL);
        byte[] bytes = Files.readAllBytes(truncated);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> FeedForwardModels.read(truncated)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("not a readable ONNX model");

        Path empty = folder.resolve("empty.onnx");
        Files.write(empty, new ProtobufWriter().varint(1, 4).toByteArray());
        assertThatThrownBy(() -> FeedForwardModels.read(empty)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("no graph");

        Path wrongShape = folder.resolve("wide.onnx");
        tensors.put("conv1.conv2d.weight", new HostTensor(new long[] {32, 3, 7, 7}, new float[32 * 3 * 49]));
        OnnxTransformerNet.write(wrongShape, new StateDict(wrongShape, tensors), null,
                OnnxTransformerNet.Variation.FAITHFUL);
        assertThatThrownBy(() -> FeedForwardModels.read(wrongShape)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("conv1.conv2d.weight").hasMessageContaining("[32, 3, 9, 9]");
    }

    /**
     * A safetensors file begins with its header's length: when that length's low byte is 0x08 (one
     * length in 256), the file began like an ONNX ModelProto and an Atelier model file was refused
     * as "not a readable ONNX model".
     */
    @Test
    void aModelFileWhoseHeaderLengthBeginsLikeOnnxIsReadAsAModelFile() throws IOException {
        StateDict weights = weights(6);
        Path file = folder.resolve("eight.safetensors");
        StringBuilder name = new StringBuilder("painting");
        for (int attempt = 0; attempt < 3 && firstByte(file) != 0x08; attempt++) {
            ModelFile.write(file, new ModelFile.Model(TransformerLayout.PYTORCH_EXAMPLES, weights, name.toString(),
                    null, null));
            long headerLength = ByteBuffer.wrap(Files.readAllBytes(file), 0, 8).order(ByteOrder.LITTLE_ENDIAN)
                    .getLong();
            // Each ASCII letter of the name lengthens the header by one byte (before any padding).
            name.append("x".repeat((int) Math.floorMod(0x08 - headerLength, 256L)));
        }
        assertThat(firstByte(file)).isEqualTo(0x08);

        assertThat(OnnxModels.isOnnx(file)).isFalse();
        ModelFile.Model model = FeedForwardModels.read(file);
        assertThat(model.style()).startsWith("painting");
        assertThat(model.weights().require("conv1.conv2d.weight").values())
                .isEqualTo(weights.require("conv1.conv2d.weight").values());

        // An ONNX file is still known by its content under another name.
        Path renamed = folder.resolve("zoo.model");
        OnnxTransformerNet.write(renamed, weights, null, OnnxTransformerNet.Variation.FAITHFUL);
        assertThat(OnnxModels.isOnnx(renamed)).isTrue();
    }

    private static int firstByte(Path file) throws IOException {
        if (!Files.exists(file)) {
            return -1;
        }
        try (java.io.InputStream stream = Files.newInputStream(file)) {
            return stream.read();
        }
    }
}
