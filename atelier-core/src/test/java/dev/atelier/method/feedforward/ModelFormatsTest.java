package dev.atelier.method.feedforward;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import java.time.Duration;
import dev.atelier.testing.SpecialFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.atelier.testing.TorchSaveFiles;
import dev.atelier.testing.SharedFiles;
import dev.atelier.BadInputException;
import dev.atelier.weights.HostTensor;
import dev.atelier.weights.SafetensorsWriter;
import dev.atelier.weights.StateDict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading networks in every format Atelier knows, and refusing broken ones with a clear line. */
class ModelFormatsTest {
    @TempDir
    Path folder;

    private static final TransformerLayout PYTORCH = TransformerLayout.PYTORCH_EXAMPLES;

    @Test
    void atelierModelFileRoundTripsWeightsAndMetadata() {
        StateDict weights = TransformerNetwork.initialStateDict(PYTORCH, 7);
        JsonObject provenance = new JsonObject();
        provenance.addProperty("trained_by", "a test");
        JsonObject training = new JsonObject();
        training.addProperty("style_weight", 1e10);
        Path file = folder.resolve("candy.safetensors");
        ModelFile.write(file, new ModelFile.Model(PYTORCH, weights, "candy.jpg", provenance, training));

        ModelFile.Model read = FeedForwardModels.read(file);
        assertThat(read.layout()).isEqualTo(PYTORCH);
        assertThat(read.style()).isEqualTo("candy.jpg");
        assertThat(read.provenance()).isEqualTo(provenance);
        assertThat(read.training()).isEqualTo(training);
        assertThat(read.weights().names()).containsExactlyElementsOf(weights.names());
        for (String name : weights.names()) {
            assertThat(read.weights().require(name).values()).as(name).isEqualTo(weights.require(name).values());
            assertThat(read.weights().require(name).shape()).as(name).containsExactly(weights.require(name).shape());
        }
    }

    @Test
    void pytorchExamplesStateDictsImportFromZipAndLegacyFilesWithoutRunningStatistics() {
        // Files saved by old PyTorch keep InstanceNorm2d's running_mean/running_var buffers, which the
        // network never reads: they must be dropped, not refused.
        StateDict weights = TransformerNetwork.initialStateDict(PYTORCH, 3);
        Map<String, HostTensor> withBuffers = new LinkedHashMap<>(weights.asMap());
        for (String norm : new String[] {"in1", "in2", "res3.in1", "in5"}) {
            long channels = weights.require(norm + ".weight").shape()[0];
            withBuffers.put(norm + ".running_mean", new HostTensor(new long[] {channels}, new float[(int) channels]));
            withBuffers.put(norm + ".running_var", new HostTensor(new long[] {channels}, ones((int) channels)));
        }
        Path zip = folder.resolve("candy.pth");
        Path legacy = folder.resolve("mosaic.model");
        TorchSaveFiles.writeZip(zip, withBuffers);
        TorchSaveFiles.writeLegacy(legacy, withBuffers);
        for (Path file : new Path[] {zip, legacy}) {
            ModelFile.Model model = FeedForwardModels.read(file);
            assertThat(model.layout()).isEqualTo(PYTORCH);
            assertThat(model.weights().names()).as(file.toString()).containsExactlyElementsOf(weights.names());
            for (String name : weights.names()) {
                assertThat(model.weights().require(name).values()).as(name).isEqualTo(weights.require(name).values());
            }
            assertThat(model.provenance().get("source_sha256").getAsString()).hasSize(64);
        }
        assertThat(FeedForwardModels.read(zip).style()).isEqualTo("candy");
        assertThat(FeedForwardModels.read(legacy).style()).isEqualTo("mosaic");
    }

    private static float[] ones(int count) {
        float[] values = new float[count];
        java.util.Arrays.fill(values, 1);
        return values;
    }

    @Test
    void tensorflowFolderReadsAsTheTensorflowLayout() {
        ModelFile.Model model = FeedForwardModels.read(SharedFiles.network("wave"));
        assertThat(model.layout()).isEqualTo(TransformerLayout.TENSORFLOW);
        assertThat(model.style()).isEqualTo("wave");
        // Variable (HWIO 9x9x3x32) becomes conv1.weight (32, 3, 9, 9): element [o][i][h][w] = file[h][w][i][o].
        float[] raw = readFloats(SharedFiles.network("wave").resolve("Variable"));
        float[] converted = model.weights().require("conv1.weight", 32, 3, 9, 9).values();
        assertThat(converted[((5 * 3 + 2) * 9 + 7) * 9 + 1]).isEqualTo(raw[((7 * 9 + 1) * 3 + 2) * 32 + 5]);
        // Variable_1 is in1's shift, Variable_2 its scale; in6 ends the list (Variable_46, Variable_47).
        assertThat(model.weights().require("in1.bias").values())
                .containsExactly(readFloats(SharedFiles.network("wave").resolve("Variable_1")));
        assertThat(model.weights().require("in6.weight").values())
                .containsExactly(readFloats(SharedFiles.network("wave").resolve("Variable_47")));
    }

    private static float[] readFloats(Path file) {
        try {
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(Files.readAllBytes(file))
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[bytes.remaining() / 4];
            bytes.asFloatBuffer().get(values);
            return values;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void folderWithoutManifestIsRefused() throws IOException {
        Path copy = copyOfWave();
        Files.delete(copy.resolve("manifest.json"));
        assertRefused(copy).hasMessageContaining(copy.toString()).hasMessageContaining("without manifest.json");
    }

    @Test
    void manifestWithAWrongShapeIsRefused() throws IOException {
        Path copy = copyOfWave();
        JsonObject manifest = manifest(copy);
        manifest.getAsJsonObject("Variable_3").getAsJsonArray("shape").set(3, new com.google.gson.JsonPrimitive(65));
        writeManifest(copy, manifest);
        assertRefused(copy).hasMessageContaining("manifest.json").hasMessageContaining("Variable_3 has shape [3, 3, 32, 65]")
                .hasMessageContaining("expected [3, 3, 32, 64]");
    }

    @Test
    void truncatedVariableFileIsRefused() throws IOException {
        Path copy = copyOfWave();
        Path variable = copy.resolve("Variable_9");
        byte[] bytes = Files.readAllBytes(variable);
        Files.write(variable, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        assertRefused(copy).hasMessageContaining(variable.toString()).hasMessageContaining("holds 589724 bytes")
                .hasMessageContaining("needs 589824");
    }

    @Test
    void manifestWithAMissingVariableIsRefused() throws IOException {
        Path copy = copyOfWave();
        JsonObject manifest = manifest(copy);
        manifest.remove("Variable_47");
        writeManifest(copy, manifest);
        assertRefused(copy).hasMessageContaining("lists 47 variables").hasMessageContaining("has 48");
    }

    @Test
    void manifestThatIsNotJsonIsRefused() throws IOException {
        Path copy = copyOfWave();
        Files.writeString(copy.resolve("manifest.json"), "{\"Variable\": {\"filename\": ");
        assertRefused(copy).hasMessageContaining("manifest.json").hasMessageContaining("unreadable manifest");
    }

    @Test
    void safetensorsFileThatIsNotAModelIsRefused() {
        Path file = folder.resolve("vgg.safetensors");
        SafetensorsWriter.write(file, Map.of("features.0.weight", new HostTensor(new long[] {2}, new float[] {1, 2})),
                Map.of());
        assertRefused(file).hasMessageContaining("not an Atelier feed-forward model");
    }

    @Test
    void modelFileMissingATensorIsRefused() {
        Map<String, HostTensor> tensors = new LinkedHashMap<>(TransformerNetwork.initialStateDict(PYTORCH, 1).asMap());
        tensors.remove("res2.conv1.conv2d.weight");
        Path file = folder.resolve("incomplete.safetensors");
        ModelFile.write(file, new ModelFile.Model(PYTORCH, new StateDict(file, tensors), null, null, null));
        assertRefused(file).hasMessageContaining("missing tensor 'res2.conv1.conv2d.weight'");
    }

    @Test
    void modelFileWhoseTensorsBelongToTheOtherLayoutIsRefused() {
        Path file = folder.resolve("mislabelled.safetensors");
        ModelFile.write(file, new ModelFile.Model(PYTORCH, TransformerNetwork.initialStateDict(
                TransformerLayout.TENSORFLOW, 1), null, null, null));
        assertRefused(file).hasMessageContaining(file.toString()).hasMessageContaining("missing tensor");
    }

    @Test
    void pthWithUnexpectedKeysIsRefused() {
        Map<String, HostTensor> tensors = new LinkedHashMap<>(TransformerNetwork.initialStateDict(PYTORCH, 1).asMap());
        tensors.put("fc.weight", new HostTensor(new long[] {2, 2}, new float[4]));
        Path file = folder.resolve("classifier.pth");
        TorchSaveFiles.writeZip(file, tensors);
        assertRefused(file).hasMessageContaining(file.toString()).hasMessageContaining("unexpected tensor 'fc.weight'");
    }

    @Test
    void fileOfAnotherKindIsRefused() throws IOException {
        Path file = folder.resolve("notes.pth");
        Files.writeString(file, "just some text");
        assertRefused(file).hasMessageContaining("unsupported weights format");
        assertRefused(folder.resolve("absent.safetensors")).hasMessageContaining("no such model file");
        assertRefused(folder).hasMessageContaining("without manifest.json");
    }

    /** A pipe given as the model used to block the read at opening; /dev/zero was read until memory ran out. */
    @Test
    void pipesAndDevicesAreRefusedBeforeOpening() {
        Path pipe = SpecialFiles.fifo(folder.resolve("candy.pth"));
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            assertRefused(pipe).hasMessage(pipe + ": is a named pipe (FIFO), not a model file or folder (only "
                    + "regular files are read)");
            assertRefused(SpecialFiles.ZERO).hasMessageStartingWith(SpecialFiles.ZERO + ": is a character device");
            assertThatThrownBy(() -> ModelImport.convert(SpecialFiles.RANDOM, folder.resolve("out.model"), null))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith(SpecialFiles.RANDOM + ": is a character device");
        });
        assertThat(folder.resolve("out.model")).doesNotExist();
    }

    @Test
    void importedNetworksComputeTheSameImageAsTheirSource() {
        Path model = folder.resolve("wave.safetensors");
        ModelImport.convert(SharedFiles.network("wave"), model, null);
        try (NDManager manager = NDManager.newBaseManager();
                TransformerNetwork original = FeedForwardModels.loadNetwork(SharedFiles.network("wave"), manager);
                TransformerNetwork imported = FeedForwardModels.loadNetwork(model, manager)) {
            NDArray image = manager.randomUniform(0, 255, new Shape(1, 3, 20, 24));
            assertThat(imported.forward(image).toFloatArray()).isEqualTo(original.forward(image).toFloatArray());
        }
        ModelFile.Model read = ModelFile.read(model);
        assertThat(read.style()).isEqualTo("wave");
        assertThat(read.provenance().get("imported_from").getAsString()).contains("fast-style-transfer");
        assertThat(read.provenance().get("imported_by").getAsString()).isEqualTo("atelier import");
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(Path path) {
        return assertThatThrownBy(() -> FeedForwardModels.read(path)).isInstanceOf(BadInputException.class)
                .satisfies(failure -> assertThat(failure.getMessage()).doesNotContain("\n"));
    }

    private Path copyOfWave() throws IOException {
        Path copy = Files.createDirectory(folder.resolve("wave"));
        try (Stream<Path> files = Files.list(SharedFiles.network("wave"))) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName().toString()));
            }
        }
        return copy;
    }

    private static JsonObject manifest(Path copy) throws IOException {
        return JsonParser.parseString(Files.readString(copy.resolve("manifest.json"))).getAsJsonObject();
    }

    private static void writeManifest(Path copy, JsonObject manifest) throws IOException {
        Files.writeString(copy.resolve("manifest.json"), manifest.toString(), StandardCharsets.UTF_8);
    }
}
