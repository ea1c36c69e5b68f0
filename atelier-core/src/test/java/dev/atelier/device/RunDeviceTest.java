package dev.atelier.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import dev.atelier.InvalidOptionException;
import org.junit.jupiter.api.Test;

/**
 * The device option on this machine, which has PyTorch's CPU build from Maven Central and no GPU:
 * parsing, what {@code cpu} and {@code auto} resolve to and how reports say it, the one-line refusal
 * of {@code gpu}, and the thread binding the methods make their tensors through.
 */
class RunDeviceTest {

    @Test
    void theChoiceParsesInAnyCaseAndRefusesAnythingElseNamingTheOption() {
        assertThat(DeviceChoice.parse("device", "cpu")).isEqualTo(DeviceChoice.CPU);
        assertThat(DeviceChoice.parse("device", " GPU ")).isEqualTo(DeviceChoice.GPU);
        assertThat(DeviceChoice.parse("device", "Auto")).isEqualTo(DeviceChoice.AUTO);
        assertThat(DeviceChoice.DEFAULT).isEqualTo(DeviceChoice.AUTO);
        assertThat(DeviceChoice.GPU.text()).isEqualTo("gpu");
        assertThatThrownBy(() -> DeviceChoice.parse("device", "cuda"))
                .isInstanceOfSatisfying(InvalidOptionException.class, failure -> {
                    assertThat(failure.option()).isEqualTo("device");
                    assertThat(failure.render(key -> "--" + key)).isEqualTo("--device: must be cpu, gpu or auto, not 'cuda'");
                });
    }

    @Test
    void cpuAndAutoRunOnTheProcessorWithTheCpuBuildAndSaySo() {
        for (DeviceChoice choice : new DeviceChoice[] {DeviceChoice.CPU, DeviceChoice.AUTO}) {
            RunDevice device = RunDevice.resolve(choice);
            assertThat(device.device()).isEqualTo(Device.cpu());
            assertThat(device.onGpu()).isFalse();
            assertThat(device.cudaBuild()).isFalse();
            JsonObject json = device.toJson();
            assertThat(json.get("asked").getAsString()).isEqualTo(choice.text());
            assertThat(json.get("used").getAsString()).isEqualTo("cpu");
            assertThat(json.has("gpu_index")).isFalse();
            assertThat(json.get("engine").getAsString()).isEqualTo("PyTorch");
            assertThat(json.get("engine_version").getAsString()).isEqualTo(Engine.getInstance().getVersion());
            assertThat(json.get("engine_build").getAsString()).isEqualTo("cpu");
            // DJL's cache folder for the build it extracted from pytorch-native-cpu: <version>-<flavor>-<classifier>.
            assertThat(json.get("native_library").getAsString()).contains("-cpu");
            assertThat(device.describe()).startsWith("cpu (PyTorch ").endsWith(", cpu build)");
        }
    }

    @Test
    void gpuOnTheCpuBuildIsRefusedInOneLineThatSaysWhy() {
        assertThatThrownBy(() -> RunDevice.resolve(DeviceChoice.GPU))
                .isInstanceOfSatisfying(DeviceUnavailableException.class, failure -> {
                    assertThat(failure.reason()).isEqualTo(DeviceUnavailableException.Reason.CPU_BUILD);
                    // Library messages name options as {key}; each front end spells them its own way.
                    assertThat(failure.render(key -> "<" + key + ">")).startsWith("<device> gpu: no GPU works here: "
                            + "the engine is PyTorch's CPU build (").endsWith("-cpu-linux-x86_64), which has no GPU "
                            + "support").doesNotContain("\n");
                });
    }

    /** The probe a CUDA build gets: on this build, PyTorch refuses the GPU, and the probe says so without dying. */
    @Test
    void theProbeReportsAGpuPyTorchCannotUseAsAProblemNotACrash() {
        String problem = RunDevice.gpuProblem(Engine.getInstance(), Device.gpu(0));
        assertThat(problem).startsWith("PyTorch could not use gpu(0) (").doesNotContain("\n");
        assertThat(RunDevice.gpuProblem(Engine.getInstance(), Device.cpu())).isNull();
    }

    @Test
    void managersAreMadeOnTheDeviceBoundToTheThreadAndTheBindingRestoresTheEarlierOne() throws Exception {
        assertThat(RunDevice.current()).isEqualTo(Device.cpu());
        RunDevice gpu = new RunDevice(DeviceChoice.GPU, Device.gpu(0), "PyTorch", "2.7.1", true, "");
        RunDevice cpu = RunDevice.resolve(DeviceChoice.CPU);
        try (RunDevice.Binding outer = gpu.bindToThread()) {
            assertThat(RunDevice.current()).isEqualTo(Device.gpu(0));
            try (RunDevice.Binding inner = cpu.bindToThread()) {
                assertThat(RunDevice.current()).isEqualTo(Device.cpu());
                try (NDManager manager = RunDevice.newManager()) {
                    assertThat(manager.getDevice()).isEqualTo(Device.cpu());
                }
            }
            assertThat(RunDevice.current()).isEqualTo(Device.gpu(0));
            // Another thread has its own binding: none.
            Device[] elsewhere = new Device[1];
            Thread other = new Thread(() -> elsewhere[0] = RunDevice.current());
            other.start();
            other.join();
            assertThat(elsewhere[0]).isEqualTo(Device.cpu());
        }
        assertThat(RunDevice.current()).isEqualTo(Device.cpu());
    }

    @Test
    void aGpuReportNamesItsIndexAndTheCudaBuild() {
        JsonObject json = new RunDevice(DeviceChoice.AUTO, Device.gpu(0), "PyTorch", "2.7.1", true,
                "2.7.1-cu128-linux-x86_64").toJson();
        assertThat(json.toString()).isEqualTo("{\"asked\":\"auto\",\"used\":\"gpu\",\"gpu_index\":0,"
                + "\"engine\":\"PyTorch\",\"engine_version\":\"2.7.1\",\"engine_build\":\"cuda\","
                + "\"native_library\":\"2.7.1-cu128-linux-x86_64\"}");
    }
}
