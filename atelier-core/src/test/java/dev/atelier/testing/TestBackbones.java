package dev.atelier.testing;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.atelier.nn.Backbone;
import dev.atelier.nn.Pooling;
import dev.atelier.nn.Vgg;
import dev.atelier.nn.VggArchitecture;
import dev.atelier.weights.StateDict;

/** Seeded random VGGs, so tests need no download. */
public final class TestBackbones {
    private TestBackbones() {}

    public static Backbone randomVgg19(String deepestLayer, long seed, NDManager manager) {
        StateDict weights = Vgg.randomStateDict(VggArchitecture.VGG19, seed, deepestLayer);
        return new Backbone(Vgg.fromStateDict(VggArchitecture.VGG19, weights, deepestLayer, Pooling.MAX, manager,
                DataType.FLOAT32), "random-vgg19", "generated, seed " + seed, Vgg.contentHash(weights));
    }
}
