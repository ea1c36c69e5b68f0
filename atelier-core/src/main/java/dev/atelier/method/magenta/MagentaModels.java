package dev.atelier.method.magenta;

import ai.djl.ndarray.NDManager;
import dev.atelier.BadInputException;
import dev.atelier.weights.tflite.TfliteModel;
import dev.atelier.weights.tflite.TfliteTensor;
import java.nio.file.Path;
import java.util.List;

/**
 * Loading Google's distilled Magenta networks from their TensorFlow Lite files, and telling them
 * apart: a predictor given where the transformer belongs (or the reverse) is named as such, and
 * any other .tflite file is refused before a weight is read.
 */
public final class MagentaModels {
    static final String PREDICTOR_DESCRIPTION = "the Magenta style predictor";
    static final String TRANSFORMER_DESCRIPTION = "the Magenta style transformer";

    /** A weight only the predictor has, and one only the transformer has. */
    private static final String PREDICTOR_MARK = "MobilenetV2/Conv/weights";
    private static final String TRANSFORMER_MARK = "transformer/contract/conv1/weights";

    private MagentaModels() {}

    /** Reads {@code style_predict_quantized_256.tflite} (or a file with the same graph). */
    public static StylePredictionNetwork loadPredictor(Path file, NDManager manager) {
        TfliteModel model = TfliteModel.read(file);
        if (model.tensor(TRANSFORMER_MARK).isPresent()) {
            throw new BadInputException(file, "is " + TRANSFORMER_DESCRIPTION + ", not the style predictor (give it "
                    + "as the transformer)");
        }
        requireMark(model, PREDICTOR_MARK, PREDICTOR_DESCRIPTION);
        requireEmbeddingTensor(model, model.outputs(), "output", PREDICTOR_DESCRIPTION);
        return StylePredictionNetwork.fromModel(model, manager);
    }

    /**
     * Reads {@code style_transfer_f16_384.tflite} or {@code style_transfer_quantized_384.tflite} (or
     * a file with the same graph).
     */
    public static StyleTransferNetwork loadTransformer(Path file, NDManager manager) {
        TfliteModel model = TfliteModel.read(file);
        if (model.tensor(PREDICTOR_MARK).isPresent()) {
            throw new BadInputException(file, "is " + PREDICTOR_DESCRIPTION + ", not the style transformer (give it "
                    + "as the predictor)");
        }
        requireMark(model, TRANSFORMER_MARK, TRANSFORMER_DESCRIPTION);
        requireEmbeddingTensor(model, model.inputs(), "input", TRANSFORMER_DESCRIPTION);
        return StyleTransferNetwork.fromModel(model, manager);
    }

    private static void requireMark(TfliteModel model, String mark, String description) {
        if (model.tensor(mark).isEmpty()) {
            throw new BadInputException(model.file(), "not " + description + " (a TensorFlow Lite model without its "
                    + "tensor '" + mark + "')");
        }
    }

    /** The predictor's output and the transformer's second input are both the 100-d embedding. */
    private static void requireEmbeddingTensor(TfliteModel model, List<TfliteTensor> tensors, String role,
            String description) {
        boolean found = tensors.stream().anyMatch(tensor -> tensor.shape().length == 4
                && tensor.elementCount() == StylePredictionNetwork.EMBEDDING_SIZE
                && tensor.shape()[3] == StylePredictionNetwork.EMBEDDING_SIZE);
        if (!found) {
            throw new BadInputException(model.file(), "not " + description + ": no graph " + role + " is a "
                    + StylePredictionNetwork.EMBEDDING_SIZE + "-value style embedding [1, 1, 1, "
                    + StylePredictionNetwork.EMBEDDING_SIZE + "]");
        }
    }
}
