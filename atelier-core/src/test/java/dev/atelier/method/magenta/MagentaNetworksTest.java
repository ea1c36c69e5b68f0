package dev.atelier.method.magenta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.atelier.io.RgbImage;
import dev.atelier.nn.ImageTensors;
import dev.atelier.testing.SharedFiles;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The networks built from Google's files against a reference: a from-scratch NumPy interpreter of
 * the files' own operator lists (every CONV_2D, DEPTHWISE_CONV_2D, MIRROR_PAD, MEAN,
 * SQUARED_DIFFERENCE, RSQRT, RESIZE_NEAREST_NEIGHBOR, … with its options as stored, in float32
 * with the de-quantised weights), run once on the synthetic pictures below. Agreement to 1e-4
 * means the layers, paddings and layouts are the graph's.
 */
class MagentaNetworksTest {
    private static final Path PREDICTOR = SharedFiles.model(SharedFiles.MAGENTA, SharedFiles.MAGENTA_PREDICTOR);
    private static final Path F16 = SharedFiles.model(SharedFiles.MAGENTA, SharedFiles.MAGENTA_TRANSFORMER_F16);
    private static final Path INT8 = SharedFiles.model(SharedFiles.MAGENTA, SharedFiles.MAGENTA_TRANSFORMER_INT8);

    private static NDManager manager;
    private static StylePredictionNetwork predictor;
    private static StyleTransferNetwork f16;
    private static StyleTransferNetwork int8;

    @BeforeAll
    static void load() {
        manager = NDManager.newBaseManager();
        predictor = MagentaModels.loadPredictor(PREDICTOR, manager);
        f16 = MagentaModels.loadTransformer(F16, manager);
        int8 = MagentaModels.loadTransformer(INT8, manager);
    }

    @AfterAll
    static void close() {
        int8.close();
        f16.close();
        predictor.close();
        manager.close();
    }

    /**
     * The reference's test picture: red {@code 0.5 + 0.5 sin(0.05 x + seed)}, green
     * {@code 0.5 + 0.5 cos(0.07 y + 2 seed)}, blue {@code ((x + y) mod 37) / 37}.
     */
    static RgbImage waves(int width, int height, int seed) {
        float[] planes = new float[3 * width * height];
        int area = width * height;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                planes[y * width + x] = (float) (0.5 + 0.5 * Math.sin(x * 0.05f + seed));
                planes[area + y * width + x] = (float) (0.5 + 0.5 * Math.cos(y * 0.07f + 2 * seed));
                planes[2 * area + y * width + x] = ((x + y) % 37) / 37f;
            }
        }
        return RgbImage.wrap(width, height, planes);
    }

    private static float[] referenceEmbedding() {
        try (NDManager scope = manager.newSubManager()) {
            return predictor.predict(ImageTensors.toTensor(scope, waves(256, 256, 1))).toFloatArray();
        }
    }

    @Test
    void thePredictorGivesTheReferenceEmbedding() {
        float[] embedding = referenceEmbedding();

        assertThat(embedding).hasSize(100);
        float[] expected = {-0.023572f, -0.150864f, 2.252801f, 1.855442f};
        for (int i = 0; i < expected.length; i++) {
            assertThat(embedding[i]).as("value " + i).isCloseTo(expected[i], within(1e-4f));
        }
        assertThat(embedding[50]).isCloseTo(2.211893f, within(1e-4f));
        assertThat(embedding[99]).isCloseTo(-0.703979f, within(1e-4f));
        double sum = 0;
        double squares = 0;
        for (float value : embedding) {
            sum += value;
            squares += value * value;
        }
        assertThat(sum).isCloseTo(21.773155, within(1e-3));
        assertThat(Math.sqrt(squares)).isCloseTo(13.484238, within(1e-3));
    }

    @Test
    void bothTransformersGiveTheReferencePictures() {
        float[] embedding = referenceEmbedding();
        RgbImage photo = waves(64, 48, 2);
        // (y, x, channel) and the reference's value there, for the f16 and the int8 file.
        int[][] pixels = {{0, 0, 0}, {10, 20, 1}, {47, 63, 2}, {23, 40, 0}};
        float[] fromF16 = {0.664484f, 0.833679f, 0.268817f, 0.920808f};
        float[] fromInt8 = {0.691483f, 0.842125f, 0.315710f, 0.916495f};
        for (StyleTransferNetwork network : new StyleTransferNetwork[] {f16, int8}) {
            float[] expected = network == f16 ? fromF16 : fromInt8;
            RgbImage result;
            try (NDManager scope = manager.newSubManager()) {
                NDArray output = network.forward(ImageTensors.toTensor(scope, photo),
                        scope.create(embedding).reshape(1, 100));
                result = ImageTensors.toImage(output);
            }
            for (int i = 0; i < pixels.length; i++) {
                assertThat(result.sample(pixels[i][2], pixels[i][1], pixels[i][0]))
                        .as((network == f16 ? "f16" : "int8") + " pixel " + i).isCloseTo(expected[i], within(1e-4f));
            }
            double mean = 0;
            for (float value : result.sharedPlanes()) {
                mean += value;
            }
            mean /= result.sharedPlanes().length;
            assertThat(mean).isCloseTo(network == f16 ? 0.55167395 : 0.5526585, within(1e-5));
        }
    }
}
