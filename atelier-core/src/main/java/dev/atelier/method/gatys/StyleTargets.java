package dev.atelier.method.gatys;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.atelier.io.RgbImage;
import dev.atelier.loss.GramMatrix;
import dev.atelier.nn.ImageNetNormalization;
import dev.atelier.nn.ImageTensors;
import dev.atelier.nn.Vgg;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A painting's normalised Gram matrices ({@link GramMatrix#normalized}) at the style layers, computed
 * whole when the painting fits in a tile, else accumulated over tiles so native memory stays bounded
 * by the tile, not the print.
 *
 * <p>A Gram matrix is a sum over positions, {@code Σₚ fₚ fₚᵀ}, so it can be summed tile by tile: the
 * painting is cut into core regions whose corners are multiples of the deepest layer's stride (so
 * every layer's feature cells fall wholly in one core), each core is run through the network with
 * {@link #CONTEXT} pixels of the painting around it, and only the core's feature cells are summed.
 * Cells within a layer's receptive field of a context edge see zero padding instead of the painting
 * there, so the sum is exact for shallow layers and close for deep ones (measured in the tests).
 */
final class StyleTargets {
    /** Painting pixels around each core that the network sees but the sum skips; a multiple of 16. */
    static final int CONTEXT = 96;

    private StyleTargets() {}

    /**
     * Normalised Gram matrices of {@code painting} at {@code layers} (canonical names), attached to
     * {@code target}.
     *
     * @param tileSize the largest square the network may see at once
     */
    static Map<String, NDArray> of(Vgg network, RgbImage painting, Collection<String> layers, int tileSize,
            NDManager target) {
        Map<String, NDArray> grams = new LinkedHashMap<>();
        if (painting.width() <= tileSize && painting.height() <= tileSize) {
            try (NDManager scope = target.newSubManager()) {
                NDArray image = ImageNetNormalization.normalize(ImageTensors.toTensor(scope, painting));
                network.features(image, layers).forEach((layer, features) -> {
                    NDArray gram = GramMatrix.normalized(features);
                    gram.attach(target);
                    grams.put(layer, gram);
                });
            }
            return grams;
        }
        return accumulated(network, painting, layers, tileSize, target);
    }

    private static Map<String, NDArray> accumulated(Vgg network, RgbImage painting, Collection<String> layers,
            int tileSize, NDManager target) {
        Map<String, Integer> strides = new LinkedHashMap<>();
        int alignment = 1;
        for (String layer : layers) {
            int stride = 1 << network.architecture().poolingsBefore(layer);
            strides.put(network.architecture().canonicalName(layer), stride);
            alignment = Math.max(alignment, stride);
        }
        // Small tiles get less context, so the context never outweighs the core.
        int context = Math.max(alignment, Math.min(CONTEXT, tileSize / 4) / alignment * alignment);
        int core = Math.max(alignment, (tileSize - 2 * context) / alignment * alignment);
        int width = painting.width();
        int height = painting.height();
        Map<String, NDArray> sums = new LinkedHashMap<>();
        for (int coreY = 0; coreY < height; coreY += core) {
            for (int coreX = 0; coreX < width; coreX += core) {
                int coreEndX = Math.min(width, coreX + core);
                int coreEndY = Math.min(height, coreY + core);
                int x0 = Math.max(0, coreX - context);
                int y0 = Math.max(0, coreY - context);
                int x1 = Math.min(width, coreEndX + context);
                int y1 = Math.min(height, coreEndY + context);
                try (NDManager scope = target.newSubManager()) {
                    NDArray image = ImageNetNormalization.normalize(ImageTensors.toTensor(scope,
                            painting.crop(x0, y0, x1 - x0, y1 - y0)));
                    Map<String, NDArray> features = network.features(image, layers);
                    for (Map.Entry<String, NDArray> entry : features.entrySet()) {
                        int stride = strides.get(entry.getKey());
                        long columns = entry.getValue().getShape().get(3);
                        long rows = entry.getValue().getShape().get(2);
                        long fromX = (coreX - x0) / stride;
                        long toX = Math.min(columns, coreEndX / stride - x0 / stride);
                        long fromY = (coreY - y0) / stride;
                        long toY = Math.min(rows, coreEndY / stride - y0 / stride);
                        if (toX <= fromX || toY <= fromY) {
                            continue;
                        }
                        NDArray cells = entry.getValue().get(":, :, " + fromY + ":" + toY + ", " + fromX + ":" + toX);
                        NDArray gram = GramMatrix.of(cells);
                        NDArray sum = sums.get(entry.getKey());
                        NDArray updated = sum == null ? gram : sum.add(gram);
                        updated.attach(target);
                        if (sum != null) {
                            sum.close();
                        }
                        sums.put(entry.getKey(), updated);
                    }
                }
            }
        }
        Map<String, NDArray> grams = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> entry : sums.entrySet()) {
            int stride = strides.get(entry.getKey());
            long channels = entry.getValue().getShape().get(1);
            double positions = (double) (width / stride) * (height / stride);
            NDArray gram = entry.getValue().div(target.create((float) (channels * positions)));
            gram.attach(target);
            entry.getValue().close();
            grams.put(entry.getKey(), gram);
        }
        return grams;
    }

    /** The blended target of several paintings' Gram matrices, layer by layer. */
    static Map<String, NDArray> blend(List<Map<String, NDArray>> paintings, double[] weights) {
        Map<String, NDArray> blended = new LinkedHashMap<>();
        for (String layer : paintings.get(0).keySet()) {
            blended.put(layer, GramMatrix.blend(paintings.stream().map(grams -> grams.get(layer)).toList(), weights));
        }
        return blended;
    }
}
