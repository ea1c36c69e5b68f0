package dev.atelier.testing;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import dev.atelier.io.ImageSaver;
import dev.atelier.method.adain.AdainDecoder;
import dev.atelier.method.adain.AdainModels;
import dev.atelier.method.adain.TorchvisionVggEncoder;
import dev.atelier.method.feedforward.ModelFile;
import dev.atelier.method.feedforward.TransformerLayout;
import dev.atelier.method.feedforward.TransformerNetwork;
import dev.atelier.report.StrictJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small files the tests need on disk: pictures, networks with seeded weights, and reports read strictly. */
public final class TestFiles {
    private TestFiles() {}

    public static Path photo(Path folder, String name, int width, int height, long seed) {
        Path file = folder.resolve(name);
        new ImageSaver().write(TestPictures.photo(width, height, seed), file);
        return file;
    }

    public static Path painting(Path folder, String name, int width, int height, long seed) {
        Path file = folder.resolve(name);
        new ImageSaver().write(TestPictures.painting(width, height, seed), file);
        return file;
    }

    /** An Atelier feed-forward model file with seeded initial weights. */
    public static Path feedForwardModel(Path folder, String name, long seed) {
        Path file = folder.resolve(name);
        ModelFile.write(file, new ModelFile.Model(TransformerLayout.PYTORCH_EXAMPLES,
                TransformerNetwork.initialStateDict(TransformerLayout.PYTORCH_EXAMPLES, seed), name, new JsonObject(),
                null));
        return file;
    }

    /**
     * A feed-forward model file of several paintings (conditional instance normalisation, random
     * weights), listing {@code paintings} as its paintings' names.
     */
    public static Path multiStyleModel(Path folder, String name, java.util.List<String> paintings, long seed) {
        Path file = folder.resolve(name);
        ModelFile.write(file, new ModelFile.Model(TransformerLayout.PYTORCH_EXAMPLES,
                TransformerNetwork.initialStateDict(TransformerLayout.PYTORCH_EXAMPLES, paintings.size(), seed), null,
                new JsonObject(), null, paintings, null));
        return file;
    }

    /** An AdaIN decoder as Atelier trains one on a seeded random VGG-19, whose seed the file records. */
    public static Path adainDecoder(Path folder, String name, long encoderSeed) {
        Path file = folder.resolve(name);
        try (NDManager manager = NDManager.newBaseManager();
                TorchvisionVggEncoder encoder = TorchvisionVggEncoder.random(encoderSeed, manager)) {
            AdainModels.writeDecoder(file, AdainDecoder.initialStateDict(4), encoder, null);
        }
        return file;
    }

    /** A report, read as any strict JSON parser would (NaN or Infinity would fail here). */
    public static JsonObject report(Path file) {
        try {
            return StrictJson.parseObject(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A folder no output can be written into, even by root: a read-only folder, or where the process
     * may write anyway (root ignores permissions), {@code /proc/self}, which takes no new files.
     */
    public static Path unwritableFolder(Path parent) {
        try {
            Path folder = Files.createDirectories(parent.resolve("read-only"));
            folder.toFile().setWritable(false, false);
            Path probe = folder.resolve("probe");
            try {
                Files.createFile(probe);
                Files.delete(probe);
                return Path.of("/proc/self");
            } catch (IOException refused) {
                return folder;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
