package dev.atelier.options;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.method.adain.AdainTrainingOptions;
import dev.atelier.method.feedforward.FeedForwardTrainingOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a schema tells front ends about its options' defaults is what a run with no value uses. */
class OptionSchemaTest {

    /** A schema whose builder starts from its own values (the shared schema's are placeholders). */
    record Inner(int steps, String layer) {}

    static final class InnerBuilder {
        int steps;
        String layer;

        InnerBuilder(int steps, String layer) {
            this.steps = steps;
            this.layer = layer;
        }
    }

    record Outer(int size, Inner inner) {}

    static final class OuterBuilder {
        int size = 7;
        final InnerBuilder inner = new InnerBuilder(40_000, "conv4_2");
    }

    private static final OptionSchema<InnerBuilder, Inner> INNER = OptionSchema.of(
                    () -> new InnerBuilder(1, null), (InnerBuilder builder) -> new Inner(builder.steps, builder.layer))
            .add("steps", "N", "Steps.", ValueTypes.integer(), (builder, value) -> builder.steps = value, Inner::steps)
            .add("layer", "LAYER", "Layer.", ValueTypes.text(), (builder, value) -> builder.layer = value, Inner::layer)
            .defaultText("the backbone's own")
            .done();

    private static final OptionSchema<OuterBuilder, Outer> OUTER = OptionSchema.of(OuterBuilder::new,
                    (OuterBuilder builder) -> new Outer(builder.size, new Inner(builder.inner.steps, builder.inner.layer)))
            .add("size", "N", "Size.", ValueTypes.integer(), (builder, value) -> builder.size = value, Outer::size)
            .addAll(INNER, builder -> builder.inner, Outer::inner)
            .done();

    @Test
    void anIncludedOptionShowsTheIncludingSchemasDefaultNotItsPlaceholder() {
        assertThat(INNER.info("steps").orElseThrow().defaultText()).isEqualTo("1");

        assertThat(OUTER.info("steps").orElseThrow().defaultText()).isEqualTo("40000");
        assertThat(OUTER.parse(Map.of()).inner().steps()).isEqualTo(40_000);
    }

    @Test
    void aDefaultDescribedInWordsIsCarriedOver() {
        assertThat(OUTER.info("layer").orElseThrow().defaultText()).isEqualTo("the backbone's own");
    }

    @Test
    void trainingHelpShowsTheStepsBatchAndSizesARunUses() {
        for (OptionSchema<?, ?> schema : new OptionSchema<?, ?>[] {FeedForwardTrainingOptions.SCHEMA,
            AdainTrainingOptions.SCHEMA}) {
            for (OptionInfo info : schema.describe()) {
                assertThat(info.defaultText()).as(info.key()).isEqualTo(defaultOf(schema, info.key()));
            }
        }
        assertThat(FeedForwardTrainingOptions.SCHEMA.info("steps").orElseThrow().defaultText()).isEqualTo("40000");
        assertThat(FeedForwardTrainingOptions.SCHEMA.info("batch-size").orElseThrow().defaultText()).isEqualTo("4");
        assertThat(FeedForwardTrainingOptions.SCHEMA.info("image-size").orElseThrow().defaultText()).isEqualTo("256");
        assertThat(FeedForwardTrainingOptions.SCHEMA.info("patience").orElseThrow().defaultText()).isEqualTo("5");
    }

    private static <O> String defaultOf(OptionSchema<?, O> schema, String key) {
        return schema.text(schema.defaults(), key);
    }

    /** A range given or open above is what front ends are told; an included option keeps its range. */
    @Test
    void rangesReachTheDescriptionsIncludedOptionsToo() {
        OptionSchema<InnerBuilder, Inner> ranged = OptionSchema.of(() -> new InnerBuilder(1, null),
                        (InnerBuilder builder) -> new Inner(builder.steps, builder.layer))
                .add("steps", "N", "Steps.", ValueTypes.integer(), (builder, value) -> builder.steps = value,
                        Inner::steps).atLeast(0)
                .add("layer", "LAYER", "Layer.", ValueTypes.text(), (builder, value) -> builder.layer = value,
                        Inner::layer)
                .done();
        OptionInfo steps = ranged.info("steps").orElseThrow();
        assertThat(steps.minimum()).isEqualTo(0.0);
        assertThat(steps.maximum()).isNull();
        assertThat(ranged.info("layer").orElseThrow().minimum()).isNull();

        OptionSchema<OuterBuilder, Outer> including = OptionSchema.of(OuterBuilder::new,
                        (OuterBuilder builder) -> new Outer(builder.size, new Inner(builder.inner.steps,
                                builder.inner.layer)))
                .add("size", "N", "Size.", ValueTypes.integer(), (builder, value) -> builder.size = value,
                        Outer::size).range(16, 16_384)
                .addAll(ranged, builder -> builder.inner, Outer::inner)
                .done();
        assertThat(including.info("size").orElseThrow().maximum()).isEqualTo(16_384.0);
        assertThat(including.info("steps").orElseThrow().minimum()).isEqualTo(0.0);
    }
}
