package dev.atelier.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import dev.atelier.Cancellation;
import dev.atelier.device.DeviceChoice;
import dev.atelier.device.DeviceUnavailableException;
import dev.atelier.testing.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device setting through the entry point on this CPU-only machine: reports say where a run ran,
 * and {@code gpu} is refused before any network loads or any file is written.
 */
class DeviceThroughTheEntryPointTest {
    @TempDir
    Path folder;

    private StylizeRequest request(Path output) {
        Path photo = TestFiles.photo(folder, "photo.png", 40, 30, 1);
        Path painting = TestFiles.painting(folder, "painting.png", 32, 32, 2);
        return StylizeRequest.builder().optContent(photo).optStyle(painting).optOutput(output)
                .optOptions(Map.of("size", "32", "iterations", "1", "backbone", "random-vgg19")).build();
    }

    @Test
    void theDefaultIsAutoAndTheReportSaysItRanOnTheCpuBuildsProcessor() {
        Atelier atelier = TestAtelier.in(folder.resolve("home"));
        assertThat(atelier.device()).isEqualTo(DeviceChoice.AUTO);
        Path output = folder.resolve("auto.png");

        atelier.stylize(request(output));

        JsonObject device = TestFiles.report(folder.resolve("auto.json")).getAsJsonObject("device");
        assertThat(device.get("asked").getAsString()).isEqualTo("auto");
        assertThat(device.get("used").getAsString()).isEqualTo("cpu");
        assertThat(device.get("engine").getAsString()).isEqualTo("PyTorch");
        assertThat(device.get("engine_build").getAsString()).isEqualTo("cpu");
    }

    @Test
    void aStylistAskedForTheCpuRunsThereAndSaysSo() {
        Atelier atelier = TestAtelier.in(folder.resolve("home")).withDevice(DeviceChoice.CPU);
        try (Stylist stylist = atelier.open(StylistRequest.builder().optMethod("gatys")
                .optOptions(Map.of("size", "32", "iterations", "1", "backbone", "random-vgg19")).build())) {
            assertThat(stylist.device().asked()).isEqualTo(DeviceChoice.CPU);
            assertThat(stylist.device().onGpu()).isFalse();
        }
    }

    @Test
    void gpuIsRefusedBeforeAnyNetworkLoadsOrAnyFileIsWritten() throws Exception {
        Atelier atelier = TestAtelier.in(folder.resolve("home")).withDevice(DeviceChoice.GPU);
        Path output = folder.resolve("gpu.png");
        StylizeRequest request = request(output);
        List<Object> events = new ArrayList<>();

        assertThatThrownBy(() -> atelier.stylize(request, events::add, Cancellation.never()))
                .isInstanceOf(DeviceUnavailableException.class)
                .hasMessageContaining("no GPU works here");
        assertThat(events).isEmpty();
        assertThat(output).doesNotExist();
        assertThat(folder.resolve("gpu.json")).doesNotExist();
        assertThat(folder.resolve("home")).satisfiesAnyOf(home -> assertThat(home).doesNotExist(),
                home -> assertThat(Files.list(home)).isEmpty());

        Path photos = Files.createDirectories(folder.resolve("photos"));
        TestFiles.photo(photos, "a.png", 40, 40, 1);
        Path painting = TestFiles.painting(folder, "style.png", 40, 40, 2);
        Path network = folder.resolve("trained.safetensors");
        assertThatThrownBy(() -> atelier.train(TrainRequest.builder("feedforward").optInput("style", painting)
                .optInput("data", photos).optOutput(network).optOption("backbone", "random-vgg16").build(),
                events::add, Cancellation.never()))
                .isInstanceOf(DeviceUnavailableException.class);
        assertThat(events).isEmpty();
        assertThat(network).doesNotExist();
        assertThat(folder.resolve("trained.json")).doesNotExist();
    }

    @Test
    void withDeviceKeepsTheModelsAndChangesOnlyTheDevice() {
        Atelier atelier = TestAtelier.in(folder.resolve("home"));
        assertThat(atelier.withDevice(DeviceChoice.AUTO)).isSameAs(atelier);
        Atelier cpu = atelier.withDevice(DeviceChoice.CPU);
        assertThat(cpu.models()).isSameAs(atelier.models());
        assertThat(cpu.device()).isEqualTo(DeviceChoice.CPU);
    }
}
