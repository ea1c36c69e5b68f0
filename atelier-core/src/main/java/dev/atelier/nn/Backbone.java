package dev.atelier.nn;

/**
 * A loaded VGG and where its weights came from, for reports: which backbone really ran matters
 * when {@code auto} fell back to random weights.
 *
 * @param network the feature extractor (owned: closing the backbone closes it)
 * @param name what ran: {@code vgg19}, {@code random-vgg19}, …
 * @param weightsSource file the weights came from, or a description for generated ones
 * @param weightsSha256 SHA-256 of the weights file, or of the generated tensors' bytes
 */
public record Backbone(Vgg network, String name, String weightsSource, String weightsSha256)
        implements AutoCloseable {

    @Override
    public void close() {
        network.close();
    }
}
