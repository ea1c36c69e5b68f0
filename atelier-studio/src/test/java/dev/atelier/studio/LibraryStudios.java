package dev.atelier.studio;

import dev.atelier.api.Atelier;
import dev.atelier.io.ReadOptions;
import dev.atelier.method.feedforward.TransformerLayout;
import dev.atelier.method.feedforward.TransformerNetwork;
import dev.atelier.models.ModelStore;
import dev.atelier.testing.LocalWeightsServer;
import dev.atelier.testing.TorchSaveFiles;
import dev.atelier.video.ffmpeg.FfmpegTools;
import dev.atelier.weights.download.DownloadSettings;
import dev.atelier.weights.download.WeightsCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The library's own executor for the studio's tests, offline: the known model {@code candy} (a
 * feed-forward network of random weights, fast at any size) from a mirror on 127.0.0.1, and FFmpeg as
 * the machine has it, or missing.
 */
final class LibraryStudios {
    private LibraryStudios() {}

    /** An entry point whose model cache lives in {@code folder}, fetching {@code candy} from {@code mirror}. */
    static Atelier withCandy(Path folder, LocalWeightsServer mirror) {
        try {
            Path candy = folder.resolve("candy.pth");
            TorchSaveFiles.writeLegacy(candy, TransformerNetwork.initialStateDict(TransformerLayout.PYTORCH_EXAMPLES, 4)
                    .asMap());
            mirror.serve("/models/pytorch-examples-candy.pth", Files.readAllBytes(candy));
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
        ModelStore models = new ModelStore(new WeightsCache(folder.resolve("home")), new DownloadSettings(
                Duration.ofSeconds(2), Duration.ofSeconds(5), 1, Duration.ofMillis(10), Duration.ofSeconds(5)),
                mirror.url("/models"), false);
        return new Atelier(models);
    }

    /** The studio's executor on {@code atelier}, with the system's FFmpeg. */
    static JobExecutor executor(Atelier atelier) {
        return JobExecutors.fromLibrary(atelier, ReadOptions.defaults());
    }

    /** The studio's executor on {@code atelier}, on a server without FFmpeg. */
    static JobExecutor withoutFfmpeg(Atelier atelier) {
        return new LibraryJobExecutor(atelier, ReadOptions.defaults(), null,
                () -> FfmpegTools.locate(Map.of("PATH", "/nonexistent")));
    }
}
