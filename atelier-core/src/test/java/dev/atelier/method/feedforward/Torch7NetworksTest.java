package dev.atelier.method.feedforward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.BadInputException;
import dev.atelier.method.feedforward.Torch7Modules.Border;
import dev.atelier.method.feedforward.Torch7Modules.Built;
import dev.atelier.weights.torch7.Torch7Checkpoint;
import dev.atelier.weights.torch7.Torch7Reader;
import dev.atelier.weights.torch7.Torch7Writer;
import dev.atelier.weights.torch7.Torch7Writer.Table;
import dev.atelier.weights.torch7.Torch7Writer.TorchObject;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every module fast-neural-style's (and the AdaIN release's) networks use, written to a {@code .t7}
 * by the test, mapped onto Atelier's layers and run: the result equals what the module computes,
 * written out as loops ({@link Torch7Modules}). Whole networks shaped like fast-neural-style's
 * {@code models.lua} builds them, with batch and with instance normalisation, run through their
 * checkpoint's preprocessing.
 */
class Torch7NetworksTest {
    private static final Path NAME = Path.of("net.t7");
    private static final double TOLERANCE = 2e-4;

    @TempDir
    Path folder;

    private final Torch7Modules modules = new Torch7Modules(21);

    /** Maps a module (no probe run) and applies its steps to {@code image}, with no preprocessing. */
    private static float[] mapped(Built built, double[][][] image) {
        Object root = Torch7Reader.read(NAME, ByteBuffer.wrap(Torch7Writer.bytes(built.module())));
        Torch7Networks.Mapped mapped = Torch7Networks.map(NAME, Torch7Checkpoint.of(NAME, root));
        try (NDManager manager = NDManager.newBaseManager();
                ModuleNetwork network = ModuleNetwork.build(mapped.modules(), mapped.weights(), manager)) {
            NDArray input = manager.create(Torch7Modules.flat(image), new Shape(1, image.length, image[0].length,
                    image[0][0].length));
            NDArray output = network.runSteps(input);
            double[][][] expected = built.reference().apply(image);
            assertThat(output.getShape()).isEqualTo(new Shape(1, expected.length, expected[0].length,
                    expected[0][0].length));
            return output.toFloatArray();
        }
    }

    private static void assertComputes(Built built, double[][][] image) {
        float[] actual = mapped(built, image);
        float[] expected = Torch7Modules.flat(built.reference().apply(image));
        assertClose(actual, expected, TOLERANCE);
    }

    private static void assertClose(float[] actual, float[] expected, double tolerance) {
        assertThat(actual).hasSameSizeAs(expected);
        double largest = 1;
        for (float value : expected) {
            largest = Math.max(largest, Math.abs(value));
        }
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) Math.abs(actual[i] - expected[i])).as("element %d of %d", i, expected.length)
                    .isLessThanOrEqualTo(tolerance * largest);
        }
    }

    @Test
    void convolutionsWithAnyKernelStrideAndPadding() {
        assertComputes(modules.convolution(3, 5, 3, 3, 1, 1, 1, 1), modules.image(3, 9, 11, 1));
        assertComputes(modules.convolution(2, 4, 3, 5, 2, 1, 2, 1), modules.image(2, 12, 9, 1));
        assertComputes(modules.convolution(4, 3, 9, 1, 4), modules.image(4, 16, 12, 1));
        assertComputes(modules.convolution(3, 8, 3, 2, 1), modules.image(3, 13, 10, 1));
    }

    @Test
    void convolutionMmWithItsTwoDimensionalWeight() {
        float[] weight = modules.values(2 * 3 * 3 * 3, 0.3);
        float[] bias = modules.values(2, 0.1);
        TorchObject mm = new TorchObject("nn.SpatialConvolutionMM", Torch7Modules.fields("nInputPlane", 3,
                "nOutputPlane", 2, "kW", 3, "kH", 3, "dW", 1, "dH", 1, "padding", 1, "weight",
                Torch7Writer.floats(weight, 2, 27), "bias", Torch7Writer.floats(bias, 2)));
        assertComputes(new Built(mm, image -> Torch7Modules.convolve(image, weight, bias, 2, 3, 3, 1, 1, 1, 1)),
                modules.image(3, 7, 8, 1));
    }

    @Test
    void fullConvolutionsDoubleTheSizeAsFastNeuralStylesLearnedUpsampling() {
        // fast-neural-style's 'u' layers: SpatialFullConvolution(3, 3, 2, 2, 1, 1, 1, 1).
        assertComputes(modules.fullConvolution(4, 3, 3, 2, 1, 1), modules.image(4, 6, 5, 1));
        assertComputes(modules.fullConvolution(2, 3, 4, 2, 1, 0), modules.image(2, 5, 7, 1));
        assertComputes(modules.fullConvolution(3, 2, 3, 1, 0, 0), modules.image(3, 4, 4, 1));
        assertComputes(modules.fullConvolution(2, 2, 3, 3, 2, 2), modules.image(2, 4, 5, 1));
    }

    @Test
    void batchNormalisationUsesItsRunningStatisticsOfEitherVersion() {
        assertComputes(modules.batchNorm(4, false), modules.image(4, 5, 6, 3));
        assertComputes(modules.batchNorm(3, true), modules.image(3, 5, 6, 3));
    }

    @Test
    void instanceNormalisationUsesEachImagesOwnStatistics() {
        assertComputes(modules.instanceNorm(3, 1e-5), modules.image(3, 7, 6, 5));
        assertComputes(modules.instanceNorm(2, 1e-3), modules.image(2, 4, 9, 0.01));
    }

    @Test
    void paddingsOfEveryBorderAndSide() {
        for (Border border : Border.values()) {
            assertComputes(modules.pad(border, 1, 2, 3, 0), modules.image(2, 5, 6, 1));
        }
        assertComputes(modules.reflect(4), modules.image(3, 9, 7, 1));
    }

    @Test
    void pointwiseLayersAndShapes() {
        double[][][] image = modules.image(3, 8, 10, 4);
        for (int i = 0; i < image[0].length; i++) {
            image[1][i][0] -= 2;
        }
        assertComputes(modules.relu(), image);
        assertComputes(modules.tanh(), image);
        assertComputes(modules.mulConstant(150), image);
        assertComputes(modules.shave(2), image);
        assertComputes(modules.upsample(2), image);
        assertComputes(modules.upsample(3), image);
        assertComputes(modules.maxPoolCeil(), modules.image(2, 7, 9, 1));
        assertComputes(modules.sequential(modules.identity(), modules.totalVariation(), modules.relu()), image);
    }

    @Test
    void residualBlocksOfBothPaddingStyles() {
        // fast-neural-style's blocks: padded convolutions beside nn.Identity ('reflect'), or valid
        // convolutions beside nn.ShaveImage(2) ('reflect-start', the released networks).
        Built padded = modules.sum(modules.sequential(modules.reflect(1), modules.convolution(4, 4, 3, 1, 0),
                modules.instanceNorm(4, 1e-5), modules.relu(), modules.reflect(1), modules.convolution(4, 4, 3, 1, 0),
                modules.instanceNorm(4, 1e-5)), modules.identity());
        assertComputes(padded, modules.image(4, 8, 9, 1));
        Built valid = modules.sum(modules.sequential(modules.convolution(4, 4, 3, 1, 0), modules.batchNorm(4, false),
                modules.relu(), modules.convolution(4, 4, 3, 1, 0), modules.batchNorm(4, false)), modules.shave(2));
        assertComputes(valid, modules.image(4, 10, 9, 1));
    }

    /**
     * A network built as fast-neural-style's {@code models.lua} builds one with {@code padding_type
     * reflect-start} and {@code arch c9s1-W,d2W,d4W,R4W,u2W,uW,c9s1-3} (one residual block, so the
     * reflection padding train.lua inserts is 8, not 40), then Tanh, MulConstant(150) and
     * TotalVariation.
     */
    private Built fastNeuralStyle(int width, boolean instanceNorm) {
        Function<Integer, Built> norm = channels -> instanceNorm ? modules.instanceNorm(channels, 1e-5)
                : modules.batchNorm(channels, false);
        Built block = modules.sum(modules.sequential(modules.convolution(4 * width, 4 * width, 3, 1, 0),
                norm.apply(4 * width), modules.relu(), modules.convolution(4 * width, 4 * width, 3, 1, 0),
                norm.apply(4 * width)), modules.shave(2));
        return modules.sequential(modules.reflect(8),
                modules.convolution(3, width, 9, 1, 4), norm.apply(width), modules.relu(),
                modules.convolution(width, 2 * width, 3, 2, 1), norm.apply(2 * width), modules.relu(),
                modules.convolution(2 * width, 4 * width, 3, 2, 1), norm.apply(4 * width), modules.relu(),
                block,
                modules.fullConvolution(4 * width, 2 * width, 3, 2, 1, 1), norm.apply(2 * width), modules.relu(),
                modules.fullConvolution(2 * width, width, 3, 2, 1, 1), norm.apply(width), modules.relu(),
                modules.convolution(width, 3, 9, 1, 4),
                modules.tanh(), modules.mulConstant(150), modules.totalVariation());
    }

    private Path checkpoint(Built model, String preprocessing) {
        Table options = Table.of("arch", "c9s1-4,d8,d16,R16,u8,u4,c9s1-3", "padding_type", "reflect-start",
                "style_image", "images/styles/candy.jpg", "tanh_constant", 150, "use_instance_norm", 1);
        if (preprocessing != null) {
            options.with("preprocessing", preprocessing);
        }
        return Torch7Writer.write(folder.resolve("candy.t7"), Table.of("opt", options, "model", model.module(),
                "train_loss_history", Table.list(1.5, 1.25), "val_loss_history", Table.list()));
    }

    /** RGB in 0–255 to VGG's BGR minus mean, through the naive network, and back. */
    private static double[][][] vggReference(Built model, double[][][] rgb) {
        double[] mean = {103.939, 116.779, 123.68};
        double[][][] bgr = new double[3][][];
        for (int c = 0; c < 3; c++) {
            int channel = c;
            bgr[c] = Torch7Modules.map(rgb[2 - c], v -> v - mean[channel]);
        }
        double[][][] output = model.reference().apply(bgr);
        double[][][] restored = new double[3][][];
        for (int c = 0; c < 3; c++) {
            int channel = 2 - c;
            restored[c] = Torch7Modules.map(output[2 - c], v -> v + mean[channel]);
        }
        return restored;
    }

    @Test
    void wholeNetworksOfBothReleasesRepaintAsTheirModulesCompute() {
        for (boolean instanceNorm : new boolean[] {true, false}) {
            Built model = fastNeuralStyle(4, instanceNorm);
            Path file = checkpoint(model, null);
            ModelFile.Model read = FeedForwardModels.read(file);

            assertThat(read.layout()).isEqualTo(TransformerLayout.TORCH7);
            assertThat(read.style()).isEqualTo("candy");
            assertThat(read.modules().preprocessing()).isEqualTo(Preprocessing.VGG);
            assertThat(read.provenance().get("checkpoint_style_image").getAsString())
                    .isEqualTo("images/styles/candy.jpg");
            double[][][] photo = modules.image(3, 28, 20, 255);
            try (NDManager manager = NDManager.newBaseManager();
                    StyleNetwork network = FeedForwardModels.build(read, manager)) {
                float[] actual = network.forward(manager.create(Torch7Modules.flat(photo), new Shape(1, 3, 28, 20)))
                        .toFloatArray();
                assertClose(actual, Torch7Modules.flat(vggReference(model, photo)), TOLERANCE);
            }
        }
    }

    @Test
    void resnetPreprocessingIsTakenFromTheCheckpoint() {
        Built model = fastNeuralStyle(2, true);
        ModelFile.Model read = FeedForwardModels.read(checkpoint(model, "resnet"));
        double[] mean = {0.485, 0.456, 0.406};
        double[] deviation = {0.229, 0.224, 0.225};
        double[][][] photo = modules.image(3, 24, 24, 255);
        double[][][] prepared = new double[3][][];
        for (int c = 0; c < 3; c++) {
            int channel = c;
            prepared[c] = Torch7Modules.map(photo[c], v -> (v / 255 - mean[channel]) / deviation[channel]);
        }
        double[][][] output = model.reference().apply(prepared);
        double[][][] expected = new double[3][][];
        for (int c = 0; c < 3; c++) {
            int channel = c;
            expected[c] = Torch7Modules.map(output[c], v -> (v * deviation[channel] + mean[channel]) * 255);
        }
        try (NDManager manager = NDManager.newBaseManager();
                StyleNetwork network = FeedForwardModels.build(read, manager)) {
            assertThat(read.modules().preprocessing()).isEqualTo(Preprocessing.RESNET);
            float[] actual = network.forward(manager.create(Torch7Modules.flat(photo), new Shape(1, 3, 24, 24)))
                    .toFloatArray();
            assertClose(actual, Torch7Modules.flat(expected), TOLERANCE);
        }
    }

    @Test
    void imagesSmallerThanTheReflectionPaddingAreExtendedFirst() {
        // Padding 8 needs 9 pixels; the stylizer accepts 16, and the 40 of the released networks
        // needs the extension.
        Built model = fastNeuralStyle(2, true);
        ModelFile.Model read = FeedForwardModels.read(checkpoint(model, null));
        try (NDManager manager = NDManager.newBaseManager();
                StyleNetwork network = FeedForwardModels.build(read, manager)) {
            NDArray small = manager.randomUniform(0, 255, new Shape(1, 3, 4, 8));
            NDArray output = network.forward(small);
            assertThat(output.getShape()).isEqualTo(new Shape(1, 3, 4, 8));
            for (float value : output.toFloatArray()) {
                assertThat(value).isFinite();
            }
        }
    }

    @Test
    void importWritesAModelFileThatRepaintsExactlyAsTheT7() {
        Path source = checkpoint(fastNeuralStyle(4, false), null);
        Path imported = folder.resolve("candy.safetensors");
        ModelFile.Model converted = ModelImport.convert(source, imported, null);
        ModelFile.Model reread = FeedForwardModels.read(imported);

        assertThat(converted.layout()).isEqualTo(TransformerLayout.TORCH7);
        assertThat(reread.modules()).isEqualTo(converted.modules());
        assertThat(reread.modules().parameterShapes().keySet()).isEqualTo(reread.weights().names());
        try (NDManager manager = NDManager.newBaseManager();
                StyleNetwork original = FeedForwardModels.load(source, manager);
                StyleNetwork copy = FeedForwardModels.load(imported, manager)) {
            NDArray photo = manager.randomUniform(0, 255, new Shape(1, 3, 32, 36));
            assertThat(copy.forward(photo).toFloatArray()).isEqualTo(original.forward(photo).toFloatArray());
        }
    }

    // Networks Atelier refuses, each in one line.

    private void assertRefused(Object model, String problem) {
        Path file = Torch7Writer.write(folder.resolve("bad.t7"), model);
        assertThatThrownBy(() -> FeedForwardModels.read(file)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(file + ": ").hasMessageContaining(problem)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void refusesNetworksItCannotRun() {
        Built concatAlone = modules.sequential(modules.relu());
        TorchObject concat = new TorchObject("nn.ConcatTable", Torch7Modules.fields("modules", Table.list(
                modules.identity().module())));
        assertRefused(new TorchObject("nn.Sequential", Torch7Modules.fields("modules", Table.list(concat,
                concatAlone.module()))), "not followed by an nn.CAddTable");
        assertRefused(new TorchObject("nn.CAddTable", Torch7Modules.fields()), "stands outside");
        // A valid convolution shrinks the image: Atelier's stylizer needs the size kept.
        assertRefused(modules.sequential(modules.convolution(3, 3, 3, 1, 0)).module(), "keep the image's size");
        // Two channels in, but images have three.
        assertRefused(modules.sequential(modules.convolution(2, 3, 3, 1, 1)).module(), "of 2 channels meets 3");
        assertRefused(new TorchObject("nn.ReLU", Torch7Modules.fields("threshold", 0.5, "val", 0)),
                "threshold other than ReLU's");
        TorchObject wrongShape = new TorchObject("nn.SpatialConvolution", Torch7Modules.fields("nInputPlane", 3,
                "nOutputPlane", 3, "kW", 3, "kH", 3, "padW", 1, "padH", 1, "weight", Torch7Writer.floats(
                        new float[27], 3, 3, 3)));
        assertRefused(wrongShape, "expected [3, 3, 3, 3]");
        TorchObject missing = new TorchObject("nn.SpatialConvolution", Torch7Modules.fields("nInputPlane", 3,
                "nOutputPlane", 3, "kW", 3, "kH", 3));
        assertRefused(missing, "lacks its parameter 'weight'");
        assertRefused(new TorchObject("nn.SpatialConvolution", Torch7Modules.fields("nInputPlane", 3.5)),
                "whole number");
        assertRefused(Table.of("model", modules.relu().module(), "opt", Table.of("preprocessing", "caffe")),
                "preprocessing 'caffe'");
        assertRefused(new TorchObject("nn.Sequential", Torch7Modules.fields("modules", Table.list())), "no layers");
        TorchObject relu = modules.relu().module();
        assertRefused(new TorchObject("nn.Sequential", Torch7Modules.fields("modules", Table.list(relu, relu))),
                "appears twice");
        assertRefused(Table.of("model", "a string"), "is not an nn module");
    }

    @Test
    void networksThatWouldExplodeOnTheProbeAreRefusedBeforeRunning() {
        // Parameterless modules cost nothing in the file but could ask for any amount of memory.
        TorchObject[] upsampling = new TorchObject[6];
        for (int i = 0; i < upsampling.length; i++) {
            upsampling[i] = new TorchObject("nn.SpatialUpSamplingNearest", Torch7Modules.fields("scale_factor", 64));
        }
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () -> {
            assertRefused(new TorchObject("nn.Sequential", Torch7Modules.fields("modules", Table.list(
                    (Object[]) upsampling))), "far beyond");
            assertRefused(modules.pad(Border.REFLECT, 60000, 60000, 60000, 60000).module(), "far beyond");
            assertRefused(modules.sequential(modules.upsample(2), modules.shave(40), modules.shave(40)).module(),
                    "to nothing");
        });
        assertRefused(modules.sequential(modules.convolution(3, 4, 3, 1, 1), modules.instanceNorm(5, 1e-5)).module(),
                "of 5 channels meets 4");
        assertRefused(modules.sum(modules.identity(), modules.shave(1)).module(), "the branches of a sum give");
    }

    @Test
    void aModelFileWhoseModulesDoNotRunIsRefusedWhenRead() {
        Path source = checkpoint(fastNeuralStyle(2, true), null);
        ModelFile.Model model = FeedForwardModels.read(source);
        // The same weights under a module list whose first convolution takes 2 channels.
        java.util.List<ModuleStep> steps = new java.util.ArrayList<>(model.modules().steps());
        ModuleStep.Convolution first = (ModuleStep.Convolution) steps.get(1);
        steps.set(1, new ModuleStep.Convolution(first.key(), first.inputs(), first.outputs(), first.kernelHeight(),
                first.kernelWidth(), first.strideHeight(), first.strideWidth(), 0, 0, first.bias()));
        Path damaged = folder.resolve("damaged.safetensors");
        ModelFile.write(damaged, new ModelFile.Model(TransformerLayout.TORCH7, model.weights(), "x", null, null,
                java.util.List.of(), new ModuleList(steps, Preprocessing.VGG)));

        assertThatThrownBy(() -> FeedForwardModels.read(damaged)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("keep the image's size");
    }
}
