package dev.atelier.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.atelier.BadInputException;
import dev.atelier.InvalidOptionException;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.RgbImage;
import dev.atelier.testing.SharedFiles;
import dev.atelier.testing.TestFiles;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Magenta method as users reach it: a stylize request, a batch, its report, and its refusals. */
class MagentaThroughTheEntryPointTest {
    @TempDir
    Path folder;
    private Atelier atelier;
    private Map<String, String> networks;

    @BeforeEach
    void entryPoint() {
        atelier = TestAtelier.in(folder.resolve("home"));
        networks = Map.of("predictor", SharedFiles.model(SharedFiles.MAGENTA, SharedFiles.MAGENTA_PREDICTOR)
                .toString(), "transformer", SharedFiles.model(SharedFiles.MAGENTA, SharedFiles.MAGENTA_TRANSFORMER_F16)
                .toString());
    }

    @Test
    void aPhotoIsRepaintedAtItsOwnSizeWithAReportNamingBothNetworks() {
        Path photo = TestFiles.photo(folder, "photo.png", 53, 37, 1);
        Path output = folder.resolve("out.png");

        atelier.stylize(StylizeRequest.builder().optMethod("magenta").optContent(photo)
                .optStyle(SharedFiles.style("starry_night.jpg")).optOptions(networks).optOption("alpha", 0.7)
                .optOutput(output).optSideBySide(folder.resolve("trio.png")).build());

        RgbImage result = new ImageLoader().read(output);
        assertThat(result.width()).isEqualTo(53);
        assertThat(result.height()).isEqualTo(37);
        JsonObject report = TestFiles.report(folder.resolve("out.json"));
        assertThat(report.get("method").getAsString()).isEqualTo("magenta");
        assertThat(report.getAsJsonObject("settings").get("alpha").getAsDouble()).isEqualTo(0.7);
        JsonArray models = report.getAsJsonArray("models");
        assertThat(models).hasSize(2);
        assertThat(models.get(0).getAsJsonObject().get("role").getAsString()).isEqualTo("predictor");
        assertThat(models.get(0).getAsJsonObject().get("sha256").getAsString())
                .isEqualTo("203dbd6a09da1091ab7e48e8b101aef8c2d81438ad047a5cb150747a977134c1");
        assertThat(folder.resolve("trio.png")).isRegularFile();
    }

    @Test
    void wrongNetworksAndTooSmallPhotosAreRefusedInOneLine() {
        Path photo = TestFiles.photo(folder, "photo.png", 40, 12, 1);
        Map<String, String> swapped = Map.of("predictor", networks.get("transformer"), "transformer",
                networks.get("predictor"));
        Path painting = SharedFiles.style("starry_night.jpg");

        assertThatThrownBy(() -> atelier.stylize(StylizeRequest.builder().optMethod("magenta").optContent(photo)
                .optStyle(painting).optOptions(networks).optOutput(folder.resolve("a.png")).build()))
                .isInstanceOf(BadInputException.class)
                .hasMessage(photo + ": 40x12: the Magenta method needs at least 16 pixels on each side");
        Path wide = TestFiles.photo(folder, "wide.png", 48, 32, 2);
        assertThatThrownBy(() -> atelier.stylize(StylizeRequest.builder().optMethod("magenta").optContent(wide)
                .optStyle(painting).optOptions(swapped).optOutput(folder.resolve("b.png")).build()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("style_transfer_f16_384.tflite");
        assertThatThrownBy(() -> atelier.stylize(StylizeRequest.builder().optMethod("magenta").optContent(wide)
                .optStyle(painting).optOptions(networks).optOption("style-weights", "1,2")
                .optOutput(folder.resolve("c.png")).build()))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessage("style-weights: 2 weights for 1 paintings; give one weight per painting");
        assertThat(folder.resolve("b.png")).doesNotExist();
    }
}
