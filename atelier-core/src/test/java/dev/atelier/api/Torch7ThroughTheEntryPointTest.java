package dev.atelier.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.RgbImage;
import dev.atelier.method.adain.AdainDecoder;
import dev.atelier.method.adain.NormalisedVggEncoder;
import dev.atelier.progress.RunListener;
import dev.atelier.testing.LocalWeightsServer;
import dev.atelier.testing.TestFiles;
import dev.atelier.testing.Torch7Files;
import dev.atelier.weights.SafetensorsWriter;
import dev.atelier.weights.StateDict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Torch7 networks as users reach them: {@code --model} with a {@code .t7} file or one of Johnson's
 * ten networks by name (served here by a mirror on 127.0.0.1), {@code import}, and AdaIN's
 * {@code --encoder}/{@code --decoder} with the release's {@code .t7} files.
 */
class Torch7ThroughTheEntryPointTest {
    @TempDir
    Path folder;

    @Test
    void aT7FileRepaintsAndImportsToTheSamePicture() {
        Atelier atelier = TestAtelier.in(folder.resolve("home"));
        Path photo = TestFiles.photo(folder, "photo.png", 50, 38, 2);
        Path t7 = Torch7Files.fastNeuralStyle(folder.resolve("candy.t7"), 4, true, 3);

        atelier.stylize(StylizeRequest.builder().optContent(photo).optModel(t7.toString())
                .optOutput(folder.resolve("direct.png")).build());
        ImportOutcome imported = atelier.importModel(t7.toString(), folder.resolve("candy.safetensors"), null,
                RunListener.silent());
        atelier.stylize(StylizeRequest.builder().optContent(photo).optModel(imported.output().toString())
                .optOutput(folder.resolve("imported.png")).build());

        assertThat(imported.layout()).isEqualTo("torch7");
        RgbImage direct = new ImageLoader().read(folder.resolve("direct.png"));
        assertThat(direct.width()).isEqualTo(50);
        assertThat(direct.height()).isEqualTo(38);
        assertThat(new ImageLoader().read(folder.resolve("imported.png")).planes()).isEqualTo(direct.planes());
        JsonObject report = TestFiles.report(folder.resolve("direct.json"));
        assertThat(report.get("method").getAsString()).isEqualTo("feedforward");
        assertThat(report.toString()).contains("\"layout\":\"torch7\"");
        assertThat(report.getAsJsonArray("models").get(0).getAsJsonObject().get("name").getAsString())
                .isEqualTo("candy");
    }

    @Test
    void johnsonsNetworksAreFetchedByName() throws IOException {
        Path t7 = Torch7Files.fastNeuralStyle(folder.resolve("served.t7"), 2, false, 4);
        try (LocalWeightsServer server = new LocalWeightsServer()) {
            server.serve("/mirror/fast-neural-style-eccv16-starry_night.t7", Files.readAllBytes(t7));
            Atelier atelier = new Atelier(TestAtelier.store(folder.resolve("home"), server.url("/mirror")));
            Path photo = TestFiles.photo(folder, "photo.png", 32, 32, 2);

            atelier.stylize(StylizeRequest.builder().optContent(photo).optModel("johnson-eccv16-starry-night")
                    .optOutput(folder.resolve("night.png")).build());
            atelier.stylize(StylizeRequest.builder().optContent(photo).optModel("johnson-eccv16-starry-night")
                    .optOutput(folder.resolve("again.png")).build());

            assertThat(server.requestsFor("/mirror/fast-neural-style-eccv16-starry_night.t7")).as("cached after one")
                    .hasSize(1);
            assertThat(new ImageLoader().read(folder.resolve("again.png")).planes())
                    .isEqualTo(new ImageLoader().read(folder.resolve("night.png")).planes());
            JsonObject model = TestFiles.report(folder.resolve("night.json")).getAsJsonArray("models").get(0)
                    .getAsJsonObject();
            assertThat(model.get("sha256").getAsString()).hasSize(64);
        }
    }

    @Test
    void adainTakesTheReleasesT7EncoderAndDecoder() {
        Atelier atelier = TestAtelier.in(folder.resolve("home"));
        StateDict encoder = NormalisedVggEncoder.randomStateDict(5);
        StateDict decoder = AdainDecoder.initialStateDict(6);
        Path encoderT7 = Torch7Files.sequential(folder.resolve("vgg_normalised.t7"), encoder, 53);
        Path decoderT7 = Torch7Files.sequential(folder.resolve("decoder.t7"), decoder, 29);
        Path encoderFile = folder.resolve("vgg_normalised.safetensors");
        Path decoderFile = folder.resolve("decoder.safetensors");
        SafetensorsWriter.write(encoderFile, encoder);
        SafetensorsWriter.write(decoderFile, decoder);
        Path photo = TestFiles.photo(folder, "photo.png", 40, 32, 1);
        Path painting = TestFiles.painting(folder, "painting.png", 36, 36, 2);

        for (Map.Entry<String, Path[]> pair : Map.of("t7.png", new Path[] {encoderT7, decoderT7},
                "safetensors.png", new Path[] {encoderFile, decoderFile}).entrySet()) {
            atelier.stylize(StylizeRequest.builder().optMethod("adain").optContent(photo).optStyle(painting)
                    .optOptions(Map.of("encoder", pair.getValue()[0].toString(), "decoder",
                            pair.getValue()[1].toString()))
                    .optOutput(folder.resolve(pair.getKey())).build());
        }

        assertThat(new ImageLoader().read(folder.resolve("t7.png")).planes())
                .isEqualTo(new ImageLoader().read(folder.resolve("safetensors.png")).planes());
    }
}
