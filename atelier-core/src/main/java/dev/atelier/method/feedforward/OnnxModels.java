package dev.atelier.method.feedforward;

import dev.atelier.device.RunDevice;
import ai.djl.MalformedModelException;
import ai.djl.engine.EngineException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import com.google.gson.JsonObject;
import dev.atelier.io.ImageFiles;
import dev.atelier.BadInputException;
import dev.atelier.weights.HostTensor;
import dev.atelier.weights.StateDict;
import dev.atelier.weights.WeightsFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The ONNX model zoo's fast-neural-style networks (pytorch/examples' TransformerNet exported to
 * ONNX: input {@code input1}, output {@code output1}, RGB in 0–255). Their weights are taken from
 * the graph by structure, the n-th Conv and InstanceNormalization node giving the n-th layer's, so
 * names do not matter. Because weights alone cannot prove the graph computes TransformerNet, the
 * file is then run through DJL's ONNX Runtime engine on a probe image and compared with Atelier's
 * network built from those weights: a graph that differs anywhere else is refused.
 */
public final class OnnxModels {
    /**
     * Largest difference between ONNX Runtime's output and Atelier's, relative to the output's
     * largest magnitude (at least 1): float rounding stays orders of magnitude below it.
     */
    static final double RELATIVE_TOLERANCE = 1e-3;
    private static final int PROBE_SIDE = 64;
    /** The largest input side a file may fix for the probe (the zoo's files fix 224). */
    static final int MAXIMUM_PROBE_SIDE = 2048;

    private OnnxModels() {}

    /**
     * Whether {@code file} looks like an ONNX model: its name, or ModelProto's leading ir_version
     * field (tag byte 0x08) in a file that is not safetensors. A safetensors file starts with its
     * header's length, whose low byte is 0x08 for one header length in 256: such an Atelier model
     * file was taken for ONNX and could not be loaded.
     */
    public static boolean isOnnx(Path file) {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx")) {
            return true;
        }
        if (!Files.isRegularFile(file)) {
            // Opening a named pipe to look would wait for a writer; the readers refuse it in words.
            return false;
        }
        boolean leadingIrVersion;
        try (InputStream stream = Files.newInputStream(file)) {
            leadingIrVersion = stream.read() == 0x08;
        } catch (IOException e) {
            return false;
        }
        return leadingIrVersion && !WeightsFiles.isSafetensors(file);
    }

    /** Reads the weights and checks the graph against Atelier's network with ONNX Runtime. */
    public static ModelFile.Model read(Path file) {
        OnnxGraph graph = OnnxGraph.read(file);
        StateDict weights = weights(file, graph);
        FeedForwardModels.requireComplete(file, TransformerLayout.PYTORCH_EXAMPLES, weights);
        double difference = verify(file, graph, weights);
        String stem = ImageFiles.stem(file);
        JsonObject provenance = new JsonObject();
        provenance.addProperty("imported_from", "ONNX fast-neural-style model (pytorch/examples TransformerNet)");
        provenance.addProperty("source", file.toString());
        provenance.addProperty("source_sha256", WeightsFiles.sha256(file));
        provenance.addProperty("onnx_runtime_max_difference", difference);
        return new ModelFile.Model(TransformerLayout.PYTORCH_EXAMPLES, weights, stem, provenance, null);
    }

    private static StateDict weights(Path file, OnnxGraph graph) {
        List<OnnxGraph.Node> convolutions = graph.nodes().stream().filter(node -> node.opType().equals("Conv"))
                .toList();
        List<OnnxGraph.Node> norms = graph.nodes().stream()
                .filter(node -> node.opType().equals("InstanceNormalization")).toList();
        List<TransformerNetwork.ConvolutionSpec> specs = TransformerNetwork.convolutions(
                TransformerLayout.PYTORCH_EXAMPLES);
        if (convolutions.size() != specs.size() || norms.size() != specs.size() - 1) {
            throw new BadInputException(file, "has " + convolutions.size() + " Conv and " + norms.size()
                    + " InstanceNormalization nodes; a fast-neural-style TransformerNet has " + specs.size() + " and "
                    + (specs.size() - 1));
        }
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        for (int i = 0; i < specs.size(); i++) {
            TransformerNetwork.ConvolutionSpec spec = specs.get(i);
            OnnxGraph.Node convolution = convolutions.get(i);
            tensors.put(spec.name() + ".conv2d.weight", input(file, graph, convolution, 1));
            tensors.put(spec.name() + ".conv2d.bias", input(file, graph, convolution, 2));
            if (spec.norm() != null) {
                OnnxGraph.Node norm = norms.get(i);
                OnnxGraph.Attribute epsilon = norm.attributes().get("epsilon");
                if (epsilon != null && epsilon.floatValue() != null
                        && Math.abs(epsilon.floatValue() - TransformerLayout.PYTORCH_EXAMPLES.instanceNormEpsilon())
                        > 1e-7) {
                    throw new BadInputException(file, "instance norm " + (i + 1) + " uses epsilon "
                            + epsilon.floatValue() + "; TransformerNet uses 1e-5");
                }
                tensors.put(spec.norm() + ".weight", input(file, graph, norm, 1));
                tensors.put(spec.norm() + ".bias", input(file, graph, norm, 2));
            }
        }
        return new StateDict(file, tensors);
    }

    private static HostTensor input(Path file, OnnxGraph graph, OnnxGraph.Node node, int index) {
        if (node.inputs().size() <= index) {
            throw new BadInputException(file, node.opType() + " node with outputs " + node.outputs() + " lacks input "
                    + index + " (TransformerNet's layers all have weights and biases)");
        }
        HostTensor tensor = graph.tensors().get(node.inputs().get(index));
        if (tensor == null) {
            throw new BadInputException(file, "input '" + node.inputs().get(index) + "' of a " + node.opType()
                    + " node is not a float constant");
        }
        return tensor;
    }

    /** Runs both on one probe image and returns the largest difference, refusing the file beyond tolerance. */
    private static double verify(Path file, OnnxGraph graph, StateDict weights) {
        if (graph.inputs().size() != 1 || graph.outputs().isEmpty()) {
            throw new BadInputException(file, "has " + graph.inputs().size() + " inputs; a fast-neural-style "
                    + "network takes one image");
        }
        long[] declared = graph.inputs().get(0).dimensions();
        long height = declared.length == 4 && declared[2] > 0 ? declared[2] : PROBE_SIDE;
        long width = declared.length == 4 && declared[3] > 0 ? declared[3] : PROBE_SIDE;
        if (height > MAXIMUM_PROBE_SIDE || width > MAXIMUM_PROBE_SIDE) {
            throw new BadInputException(file, "fixes its input at " + height + "x" + width + " pixels; Atelier checks "
                    + "imported networks on inputs of at most " + MAXIMUM_PROBE_SIDE + " pixels a side");
        }
        float[] probe = new float[(int) (3 * height * width)];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < probe.length; i++) {
            probe[i] = (float) random.nextDouble(0, 255);
        }
        Shape shape = new Shape(1, 3, height, width);
        float[] expected = runOnnxRuntime(file, graph.inputs().get(0).name(), probe, shape);
        float[] actual;
        try (NDManager manager = RunDevice.newManager();
                TransformerNetwork network = TransformerNetwork.fromStateDict(TransformerLayout.PYTORCH_EXAMPLES,
                        weights, manager)) {
            actual = network.forward(manager.create(probe, shape)).toFloatArray();
        }
        if (expected.length != actual.length) {
            throw new BadInputException(file, "gives " + expected.length + " output values for a " + height + "x"
                    + width + " image, TransformerNet " + actual.length);
        }
        double difference = 0;
        double magnitude = 1;
        for (int i = 0; i < expected.length; i++) {
            difference = Math.max(difference, Math.abs(expected[i] - actual[i]));
            magnitude = Math.max(magnitude, Math.abs(expected[i]));
        }
        if (!(difference <= RELATIVE_TOLERANCE * magnitude)) {
            throw new BadInputException(file, String.format(Locale.ROOT, "its graph does not compute "
                    + "pytorch/examples' TransformerNet from its weights (ONNX Runtime's output differs by up to "
                    + "%.3g where at most %.3g is rounding)", difference, RELATIVE_TOLERANCE * magnitude));
        }
        return difference;
    }

    private static float[] runOnnxRuntime(Path file, String inputName, float[] probe, Shape shape) {
        Criteria<NDList, NDList> criteria = Criteria.builder().setTypes(NDList.class, NDList.class).optModelPath(file)
                .optEngine("OnnxRuntime").optTranslator(new NoopTranslator()).build();
        try (ZooModel<NDList, NDList> model = criteria.loadModel();
                Predictor<NDList, NDList> predictor = model.newPredictor();
                NDManager manager = model.getNDManager().newSubManager()) {
            NDArray input = manager.create(probe, shape);
            input.setName(inputName);
            return predictor.predict(new NDList(input)).get(0).toFloatArray();
        } catch (ModelNotFoundException | MalformedModelException | IOException | TranslateException e) {
            throw new BadInputException(file, "ONNX Runtime cannot run it (" + oneLine(e) + ")");
        } catch (EngineException e) {
            throw new BadInputException(file, "ONNX Runtime engine unavailable (" + oneLine(e) + ")");
        }
    }

    private static String oneLine(Exception e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
