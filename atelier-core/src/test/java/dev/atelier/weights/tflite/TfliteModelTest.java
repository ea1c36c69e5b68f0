package dev.atelier.weights.tflite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.atelier.BadInputException;
import dev.atelier.Cancellation;
import dev.atelier.CancelledException;
import dev.atelier.testing.SpecialFiles;
import dev.atelier.testing.SharedFiles;
import dev.atelier.weights.HostTensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader on Google's three Magenta files, checked against the tables of the shared folder's
 * PROVENANCE.md (every constant tensor with its index, shape, type and quantisation), against a
 * second independent walk through the bytes ({@link RawTflite}), and against values worked out by
 * hand; and on broken copies, which must fail with one line naming the file.
 */
class TfliteModelTest {
    private static final Path PREDICTOR = SharedFiles.model(SharedFiles.MAGENTA, SharedFiles.MAGENTA_PREDICTOR);
    private static final Path F16 = SharedFiles.model(SharedFiles.MAGENTA, SharedFiles.MAGENTA_TRANSFORMER_F16);
    private static final Path INT8 = SharedFiles.model(SharedFiles.MAGENTA, SharedFiles.MAGENTA_TRANSFORMER_INT8);

    @TempDir
    Path temporary;

    /** A row of PROVENANCE.md's constant-tensor tables. */
    private record Row(int index, String name, int[] shape, String type, String quantization) {}

    private static final Pattern ROW = Pattern.compile(
            "^\\| (\\d+) \\| `([^`]+)` \\| \\[([0-9, ]*)] \\| (\\w+) \\| (.*) \\|$", Pattern.MULTILINE);
    private static final Pattern PER_AXIS = Pattern.compile("per-axis dim (\\d+), (\\d+) scales in .*, zp=0");

    /** The rows of the table for {@code file} in PROVENANCE.md, the specification of these files. */
    private static List<Row> provenanceRows(String file) throws IOException {
        String document = Files.readString(SharedFiles.model(SharedFiles.MAGENTA, "PROVENANCE.md"));
        String section = document.split("#### " + Pattern.quote(file), 2)[1].split("\n#### |\n## ", 2)[0];
        List<Row> rows = new ArrayList<>();
        Matcher matcher = ROW.matcher(section);
        while (matcher.find()) {
            String shapeText = matcher.group(3).strip();
            int[] shape = shapeText.isEmpty() ? new int[0]
                    : Arrays.stream(shapeText.split(", ")).mapToInt(Integer::parseInt).toArray();
            rows.add(new Row(Integer.parseInt(matcher.group(1)), matcher.group(2), shape, matcher.group(4),
                    matcher.group(5)));
        }
        return rows;
    }

    @Test
    void everyConstantTensorOfTheSpecificationIsFoundWithItsShapeTypeAndQuantisation() throws IOException {
        for (Path file : List.of(PREDICTOR, F16)) {
            TfliteModel model = TfliteModel.read(file);
            List<Row> rows = provenanceRows(file.getFileName().toString());
            assertThat(rows).as("rows of the table for " + file.getFileName()).hasSizeGreaterThan(100);
            for (Row row : rows) {
                TfliteTensor tensor = model.tensor(row.name()).orElseThrow();
                assertThat(tensor.index()).as(row.name()).isEqualTo(row.index());
                assertThat(tensor.shape()).as(row.name()).containsExactly(row.shape());
                assertThat(tensor.type().name()).as(row.name()).isEqualTo(row.type());
                assertThat(tensor.isConstant()).as(row.name()).isTrue();
                Matcher perAxis = PER_AXIS.matcher(row.quantization());
                if (perAxis.matches()) {
                    Quantization quantization = tensor.quantization();
                    assertThat(quantization.dimension()).as(row.name()).isEqualTo(Integer.parseInt(perAxis.group(1)));
                    assertThat(quantization.scales()).as(row.name()).hasSize(Integer.parseInt(perAxis.group(2)));
                    assertThat(quantization.zeroPoints()).as(row.name()).containsOnly(0L);
                } else {
                    assertThat(row.quantization()).isEqualTo("-");
                    assertThat(tensor.quantization().isPresent()).as(row.name()).isFalse();
                }
                if (row.type().equals("INT32") && row.quantization().equals("-")) {
                    // Paddings and axes: plain integers, which are not weights.
                    assertThatThrownBy(() -> model.values(tensor)).isInstanceOf(BadInputException.class)
                            .hasMessageContaining("no scale (plain INT32 integers, not weights)");
                } else {
                    assertThat(model.require(row.name(), tensor.longShape()).values())
                            .hasSize((int) tensor.elementCount());
                }
            }
            long constants = model.tensors().stream().filter(TfliteTensor::isConstant).count();
            assertThat(constants).as("the table lists every constant of " + file.getFileName()).isEqualTo(rows.size());
        }
    }

    @Test
    void theInt8TransformerHoldsTheSameWeightsQuantisedPerOutputChannel() throws IOException {
        TfliteModel f16 = TfliteModel.read(F16);
        TfliteModel int8 = TfliteModel.read(INT8);
        int compared = 0;
        for (Row row : provenanceRows(F16.getFileName().toString())) {
            if (!row.type().equals("FLOAT16") || row.name().endsWith("batchnorm/add/y")
                    || row.name().equals("transformer/residual/residual5/conv2/Conv2D_bias")) {
                continue;
            }
            TfliteTensor tensor = int8.tensor(row.name()).orElseThrow();
            assertThat(tensor.shape()).as(row.name()).containsExactly(row.shape());
            assertThat(tensor.type()).as(row.name()).isEqualTo(row.name().endsWith("_bias") ? TensorType.INT32
                    : TensorType.INT8);
            assertThat(tensor.quantization().dimension()).isZero();
            assertThat(tensor.quantization().scales()).hasSize(row.shape()[0]);
            // The same float weights, up to rounding to int8 steps (PROVENANCE: half a step at most).
            float[] expected = f16.require(row.name(), tensor.longShape()).values();
            float[] actual = int8.require(row.name(), tensor.longShape()).values();
            float largest = 0;
            for (float value : expected) {
                largest = Math.max(largest, Math.abs(value));
            }
            for (int i = 0; i < expected.length; i++) {
                assertThat(actual[i]).as(row.name() + "[" + i + "]").isCloseTo(expected[i],
                        within(0.006f * largest + 1e-6f));
            }
            compared++;
        }
        // 88 halves less 13 epsilons and the shared residual bias: PROVENANCE's 75 weights less that bias.
        assertThat(compared).isEqualTo(74);
        // The all-zero bias the residual blocks share has another name in each export.
        assertThat(int8.tensor("transformer/residual/residual5/conv1/Conv2D_bias")).isPresent();
    }

    @Test
    void dequantisedValuesAreTheStoredIntegersTimesTheirChannelsScale() throws IOException {
        Map<Path, List<String>> checked = new LinkedHashMap<>();
        checked.put(PREDICTOR, List.of("MobilenetV2/Conv/weights", "MobilenetV2/Conv/Conv2D_bias",
                "MobilenetV2/expanded_conv/depthwise/depthwise_weights",
                "MobilenetV2/expanded_conv_16/depthwise/depthwise_bias", "MobilenetV2/Conv_1/Conv2D_bias",
                "mobilenet_conv/Conv/weights"));
        checked.put(INT8, List.of("transformer/contract/conv1/weights", "transformer/contract/conv1/Conv2D_bias",
                "style_params/transformer/expand/conv3/conv/StyleNorm/Conv_1/weights",
                "transformer/expand/conv1/conv/StyleNorm/batchnorm/add/y"));
        for (Map.Entry<Path, List<String>> entry : checked.entrySet()) {
            TfliteModel model = TfliteModel.read(entry.getKey());
            RawTflite raw = new RawTflite(entry.getKey());
            for (String name : entry.getValue()) {
                RawTflite.Stored stored = raw.tensor(name);
                float[] values = model.values(model.requireTensor(name));
                int channels = stored.scales().length;
                int stride = 1;
                for (int d = stored.dimension() + 1; d < stored.shape().length; d++) {
                    stride *= stored.shape()[d];
                }
                for (int i = 0; i < values.length; i++) {
                    int channel = channels == 1 ? 0 : (i / stride) % channels;
                    long integer = stored.type() == 9 ? stored.int8(i) : stored.int32(i);
                    float expected = (float) ((double) stored.scales()[channel] * integer);
                    assertThat(values[i]).as(name + "[" + i + "]").isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void valuesWorkedOutByHand() {
        TfliteModel predictor = TfliteModel.read(PREDICTOR);
        // Stored -8 in output channel 5, whose scale is 0.0049124984: -8 x 0.0049124984 = -0.0392999872.
        assertThat(value(predictor, "MobilenetV2/Conv/weights", 5, 1, 2, 0)).isCloseTo(-0.0392999872f, within(1e-9f));
        // Depthwise filters are scaled along their last axis: channel 5 stores 6 at (1, 1), scale 0.01706467.
        assertThat(value(predictor, "MobilenetV2/expanded_conv/depthwise/depthwise_weights", 0, 1, 1, 5))
                .isCloseTo(0.10238802f, within(1e-8f));
        // An INT32 bias: -1923 x 0.0025409646 = -4.886275.
        assertThat(value(predictor, "MobilenetV2/Conv_1/Conv2D_bias", 3)).isCloseTo(-4.886275f, within(1e-6f));
        // PROVENANCE: the norm's epsilon is INT8 with scale 7.874e-8, i.e. 127 x 7.874e-8 = 1e-5.
        TfliteModel int8 = TfliteModel.read(INT8);
        assertThat(value(int8, "transformer/residual/residual3/conv2/StyleNorm/batchnorm/add/y"))
                .isCloseTo(1e-5f, within(1e-10f));
        // In the f16 file 1e-5 is a subnormal half: round(1e-5 x 2^24) = 168, 168 x 2^-24.
        TfliteModel f16 = TfliteModel.read(F16);
        assertThat(value(f16, "transformer/residual/residual3/conv2/StyleNorm/batchnorm/add/y"))
                .isEqualTo(168 * 0x1p-24f).isEqualTo(1.0013580322265625E-5f);
        // A normal half: 1.1396484375 = 1 + 143/1024.
        assertThat(value(f16, "transformer/contract/conv1/Conv2D_bias", 0)).isEqualTo(1.1396484375f);
    }

    @Test
    void biasScalesAreInputScaleTimesWeightScale() {
        TfliteModel predictor = TfliteModel.read(PREDICTOR);
        // PROVENANCE: the input is quantised with scale 1/255, every ReLU6 output with 6/255.
        assertBiasScales(predictor, "MobilenetV2/Conv/weights", "MobilenetV2/Conv/Conv2D_bias", 1.0 / 255);
        assertBiasScales(predictor, "MobilenetV2/expanded_conv/depthwise/depthwise_weights",
                "MobilenetV2/expanded_conv/depthwise/depthwise_bias", 6.0 / 255);
        assertBiasScales(predictor, "MobilenetV2/expanded_conv_5/project/weights",
                "MobilenetV2/expanded_conv_5/project/Conv2D_bias", 6.0 / 255);
    }

    private static void assertBiasScales(TfliteModel model, String weights, String bias, double inputScale) {
        float[] weightScales = model.requireTensor(weights).quantization().scales();
        float[] biasScales = model.requireTensor(bias).quantization().scales();
        assertThat(biasScales).hasSameSizeAs(weightScales);
        for (int c = 0; c < weightScales.length; c++) {
            assertThat((double) biasScales[c]).as(bias + " channel " + c)
                    .isCloseTo(inputScale * weightScales[c], within(1e-5 * inputScale * weightScales[c]));
        }
    }

    @Test
    void deadChannelsKeepTheirTinyWeightsInFloat32() {
        // PROVENANCE: seven stem channels have scales down to 4.6e-23; their weights must not vanish
        // or overflow, only be tiny.
        TfliteModel predictor = TfliteModel.read(PREDICTOR);
        float[] scales = predictor.requireTensor("MobilenetV2/Conv/weights").quantization().scales();
        assertThat(Arrays.stream(toDoubles(scales)).filter(scale -> scale < 1e-11).count()).isEqualTo(7);
        float[] weights = predictor.require("MobilenetV2/Conv/weights", 32, 3, 3, 3).values();
        for (int channel = 0; channel < 32; channel++) {
            for (int i = 0; i < 27; i++) {
                float value = weights[27 * channel + i];
                assertThat(Float.isFinite(value)).isTrue();
                if (scales[channel] < 1e-11) {
                    assertThat(Math.abs(value)).isLessThan(1.1e-9f);
                }
            }
        }
    }

    @Test
    void operatorsGraphInputsAndOutputsAreThoseOfThePublishedGraphs() {
        TfliteModel predictor = TfliteModel.read(PREDICTOR);
        assertThat(predictor.operators()).hasSize(66);
        assertThat(predictor.operatorCounts()).containsExactlyInAnyOrderEntriesOf(Map.of("QUANTIZE", 1, "CONV_2D", 36,
                "DEPTHWISE_CONV_2D", 17, "ADD", 10, "MEAN", 1, "DEQUANTIZE", 1));
        assertThat(predictor.operators().get(0)).isEqualTo("QUANTIZE");
        assertThat(predictor.tensors()).hasSize(174);
        assertThat(predictor.description()).isEqualTo("TOCO Converted.");
        assertThat(predictor.inputs()).singleElement().satisfies(input -> {
            assertThat(input.name()).isEqualTo("style_image");
            assertThat(input.shape()).containsExactly(1, 256, 256, 3);
            assertThat(input.type()).isEqualTo(TensorType.FLOAT32);
        });
        assertThat(predictor.outputs()).singleElement().satisfies(output -> {
            assertThat(output.name()).isEqualTo("mobilenet_conv/Conv/BiasAdd");
            assertThat(output.shape()).containsExactly(1, 1, 1, 100);
        });

        TfliteModel f16 = TfliteModel.read(F16);
        assertThat(f16.operators()).hasSize(285);
        assertThat(f16.operatorCounts()).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(Map.entry("MIRROR_PAD", 16),
                Map.entry("DEQUANTIZE", 88), Map.entry("CONV_2D", 42), Map.entry("MEAN", 26),
                Map.entry("SQUARED_DIFFERENCE", 13), Map.entry("ADD", 31), Map.entry("RSQRT", 13), Map.entry("MUL", 39),
                Map.entry("SUB", 13), Map.entry("RESIZE_NEAREST_NEIGHBOR", 3), Map.entry("LOGISTIC", 1)));
        assertThat(f16.tensors()).hasSize(420);
        assertThat(f16.inputs()).extracting(TfliteTensor::name)
                .containsExactly("content_image", "mobilenet_conv/Conv/BiasAdd");
        assertThat(f16.outputs()).extracting(TfliteTensor::name)
                .containsExactly("transformer/expand/conv3/conv/Sigmoid");

        TfliteModel int8 = TfliteModel.read(INT8);
        assertThat(int8.operatorCounts()).containsEntry("CONV_2D", 42).containsEntry("QUANTIZE", 43)
                .containsEntry("DEQUANTIZE", 55).containsEntry("MIRROR_PAD", 16);
        assertThat(int8.inputs().get(1).shape()).containsExactly(1, 1, 1, 100);
    }

    @Test
    void operatorExpectationsRefuseOtherGraphs() {
        TfliteModel f16 = TfliteModel.read(F16);
        assertThatThrownBy(() -> f16.requireOperators("the predictor", Map.of("CONV_2D", 36), Set.of()))
                .isInstanceOf(BadInputException.class)
                .hasMessage(F16 + ": not the predictor: it runs 42 CONV_2D operators, the predictor runs 36");
        assertThatThrownBy(() -> f16.requireOperators("the transformer", Map.of("CONV_2D", 42), Set.of("ADD")))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(F16 + ": not the transformer: it runs ")
                .hasMessageEndingWith(", which the transformer does not");
    }

    @Test
    void missingTensorsAndWrongShapesAreNamed() {
        TfliteModel f16 = TfliteModel.read(F16);
        assertThatThrownBy(() -> f16.require("MobilenetV2/Conv/weights", 32, 3, 3, 3))
                .isInstanceOf(BadInputException.class)
                .hasMessage(F16 + ": missing tensor 'MobilenetV2/Conv/weights' (is this the right model file?)");
        assertThatThrownBy(() -> f16.require("transformer/contract/conv1/weights", 8, 3, 9, 9))
                .isInstanceOf(BadInputException.class)
                .hasMessage(F16 + ": tensor 'transformer/contract/conv1/weights' has shape [8, 9, 9, 3], expected "
                        + "[8, 3, 9, 9] (is this the right model file?)");
        assertThatThrownBy(() -> f16.values(f16.requireTensor("content_image")))
                .isInstanceOf(BadInputException.class)
                .hasMessage(F16 + ": tensor 'content_image' has no constant data (an activation, not a weight)");
    }

    @Test
    void truncatedCopiesAreRefusedInOneLine() throws IOException {
        byte[] original = Files.readAllBytes(F16);
        for (int length : new int[] {original.length / 2, original.length - 1, 4096, 12, 7, 0}) {
            Path copy = temporary.resolve("cut-" + length + ".tflite");
            Files.write(copy, Arrays.copyOf(original, length));
            assertThatThrownBy(() -> TfliteModel.read(copy)).as("cut at " + length)
                    .isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith(copy + ": ")
                    .satisfies(error -> assertThat(error.getMessage()).doesNotContain("\n"))
                    .hasMessageContaining(length < 8 ? "not a TensorFlow Lite file" : "truncated");
        }
    }

    @Test
    void aFlippedHeaderByteIsRefusedInOneLine() throws IOException {
        byte[] original = Files.readAllBytes(PREDICTOR);
        byte[] identifier = original.clone();
        identifier[5] ^= 0x20;
        Path renamed = temporary.resolve("identifier.tflite");
        Files.write(renamed, identifier);
        assertThatThrownBy(() -> TfliteModel.read(renamed)).isInstanceOf(BadInputException.class)
                .hasMessage(renamed + ": not a TensorFlow Lite file (no 'TFL3' identifier at byte 4)");

        byte[] root = original.clone();
        root[2] ^= 0x40;
        Path moved = temporary.resolve("root.tflite");
        Files.write(moved, root);
        assertThatThrownBy(() -> TfliteModel.read(moved)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(moved + ": truncated or damaged TensorFlow Lite file: the model table");
    }

    @Test
    void filesThatAreNotTfliteAreRefused() throws IOException {
        Path picture = SharedFiles.content("tubingen.jpg");
        assertThatThrownBy(() -> TfliteModel.read(picture)).isInstanceOf(BadInputException.class)
                .hasMessage(picture + ": not a TensorFlow Lite file (no 'TFL3' identifier at byte 4)");
        Path missing = temporary.resolve("absent.tflite");
        assertThatThrownBy(() -> TfliteModel.read(missing)).isInstanceOf(BadInputException.class)
                .hasMessage(missing + ": no such file");
        Path folder = Files.createDirectory(temporary.resolve("folder.tflite"));
        assertThatThrownBy(() -> TfliteModel.read(folder)).isInstanceOf(BadInputException.class)
                .hasMessage(folder + ": is a folder, not a TensorFlow Lite file");
    }

    /**
     * Before they were refused, /dev/zero and /dev/urandom were read until the heap ran out (an
     * out-of-memory error, a 30-line trace) and a named pipe blocked the read for ever.
     */
    @Test
    void pipesAndDevicesAreRefusedBeforeOpening() {
        Path pipe = SpecialFiles.fifo(temporary.resolve("predictor.tflite"));
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (Path file : new Path[] {pipe, SpecialFiles.ZERO, SpecialFiles.RANDOM}) {
                assertThatThrownBy(() -> TfliteModel.read(file)).isInstanceOf(BadInputException.class)
                        .hasMessageStartingWith(file + ": is a ")
                        .hasMessageEndingWith(", not a TensorFlow Lite file (only regular files are read)");
            }
        });
    }

    /** Reading a model stops between chunks once the run bound to the thread is cancelled. */
    @Test
    void readingHonoursTheThreadsCancellation() {
        Cancellation cancellation = new Cancellation();
        cancellation.request();
        try (Cancellation.Binding bound = cancellation.bindToThread()) {
            assertThatThrownBy(() -> TfliteModel.read(PREDICTOR)).isInstanceOf(CancelledException.class)
                    .hasMessage("stopped reading " + PREDICTOR);
        }
    }

    /**
     * Single altered bytes anywhere among the file's tables and near its end: the reader either
     * reads the file (a changed weight is undetectable) or refuses it in one line naming it; it
     * never fails with anything else.
     */
    @Test
    void alteredBytesNeverEscapeAsAnythingButOneLine() throws IOException {
        byte[] original = Files.readAllBytes(F16);
        Path name = temporary.resolve("altered.tflite");
        SplittableRandom random = new SplittableRandom(7);
        int refused = 0;
        for (int trial = 0; trial < 400; trial++) {
            byte[] altered = original.clone();
            int position = trial % 2 == 0 ? random.nextInt(20_000) : original.length - 1 - random.nextInt(60_000);
            altered[position] ^= (byte) (1 << random.nextInt(8));
            try {
                TfliteModel model = TfliteModel.parse(name, altered);
                for (TfliteTensor tensor : model.tensors()) {
                    // Paddings and axes are plain integers, which are not weights.
                    if (tensor.isConstant() && !(tensor.type() == TensorType.INT32
                            && !tensor.quantization().isPresent())) {
                        model.values(tensor);
                    }
                }
            } catch (BadInputException e) {
                refused++;
                assertThat(e.getMessage()).as("byte " + position).startsWith(name + ": ").doesNotContain("\n");
            }
        }
        assertThat(refused).as("some alterations must be noticed").isGreaterThan(20);
    }

    private static float value(TfliteModel model, String name, int... index) {
        TfliteTensor tensor = model.requireTensor(name);
        HostTensor values = model.require(name, tensor.longShape());
        int flat = 0;
        for (int d = 0; d < index.length; d++) {
            flat = flat * tensor.shape()[d] + index[d];
        }
        return values.values()[flat];
    }

    private static double[] toDoubles(float[] values) {
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i];
        }
        return result;
    }
}
