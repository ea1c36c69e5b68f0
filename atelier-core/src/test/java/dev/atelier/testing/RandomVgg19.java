package dev.atelier.testing;

import ai.djl.ndarray.NDManager;
import dev.atelier.nn.Backbone;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A seeded random VGG-19 (to conv5_1, seed 0) built once for a test class and closed after it:
 * {@code @RegisterExtension static final RandomVgg19 VGG = new RandomVgg19();}, then {@code VGG.backbone()}.
 */
public final class RandomVgg19 implements BeforeAllCallback, AfterAllCallback {
    private NDManager manager;
    private Backbone backbone;

    @Override
    public void beforeAll(ExtensionContext context) {
        manager = NDManager.newBaseManager();
        backbone = TestBackbones.randomVgg19("conv5_1", 0, manager);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        backbone.close();
        manager.close();
    }

    public Backbone backbone() {
        return backbone;
    }
}
