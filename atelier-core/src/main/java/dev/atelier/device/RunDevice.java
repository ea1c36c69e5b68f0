package dev.atelier.device;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import dev.atelier.Failures;
import dev.atelier.ThreadBinding;
import dev.atelier.UnavailableException;
import java.nio.file.Path;

/**
 * The device a run's tensors live on, as resolved on this machine's engine, with what reports say
 * about it. An entry point resolves the caller's {@link DeviceChoice} once ({@link #resolve}) and
 * {@linkplain #bindToThread() binds} it to the thread of each call that makes tensors; the methods
 * make every tensor manager through {@link #newManager()}, so that all of a run's tensors are on one
 * device without every signature in between carrying it (as {@link dev.atelier.Cancellation} does).
 *
 * <p>Which PyTorch build runs is settled before the engine starts, by the class path (DJL 0.35's
 * {@code ai.djl.pytorch.jni.LibUtils#findNativeLibrary} uses a native jar found on the class path and
 * only fetches a build, honouring {@code PYTORCH_FLAVOR}, when there is none): this class only reads
 * what loaded.
 *
 * @param asked what the caller asked for
 * @param device where the tensors go
 * @param engine the engine's name ({@code PyTorch})
 * @param engineVersion its version ({@code 2.7.1})
 * @param cudaBuild whether the engine is a CUDA build (it has the {@code CUDA} capability)
 * @param nativeLibrary the folder the engine's native library was loaded from, by name (DJL names it
 *     {@code <version>-<flavor>-<os>-<arch>}, e.g. {@code 2.7.1-cpu-linux-x86_64}); empty when unknown
 */
public record RunDevice(DeviceChoice asked, Device device, String engine, String engineVersion, boolean cudaBuild,
        String nativeLibrary) {

    private static final ThreadLocal<Device> CURRENT = new ThreadLocal<>();

    /**
     * Resolves a choice on the engine (starting it if needed): {@code cpu} is the processor;
     * {@code gpu} is GPU 0 when the engine is a CUDA build and a tiny tensor can be made and read
     * back there; {@code auto} is the same GPU when that works, else the processor.
     *
     * @throws DeviceUnavailableException for {@code gpu} when no GPU works, saying why
     * @throws UnavailableException when the engine itself cannot start
     */
    public static RunDevice resolve(DeviceChoice choice) {
        Engine engine;
        try {
            engine = Engine.getInstance();
        } catch (RuntimeException | LinkageError failure) {
            String message = "the PyTorch engine could not start (" + firstLine(failure) + ")";
            if (choice == DeviceChoice.GPU) {
                throw new DeviceUnavailableException("{device} gpu: " + message,
                        DeviceUnavailableException.Reason.ENGINE_FAILED, failure);
            }
            throw new UnavailableException(message, failure);
        }
        boolean cuda = engine.hasCapability(StandardCapabilities.CUDA);
        String library = libtorchFolder();
        Device device = Device.cpu();
        if (choice != DeviceChoice.CPU) {
            String problem = cuda ? gpuProblem(engine, Device.gpu(0))
                    : "the engine is PyTorch's CPU build (" + (library.isEmpty() ? "from the class path" : library)
                    + "), which has no GPU support";
            if (problem == null) {
                device = Device.gpu(0);
            } else if (choice == DeviceChoice.GPU) {
                throw new DeviceUnavailableException("{device} gpu: no GPU works here: " + problem,
                        cuda ? DeviceUnavailableException.Reason.GPU_FAILED
                                : DeviceUnavailableException.Reason.CPU_BUILD, null);
            }
        }
        return new RunDevice(choice, device, engine.getEngineName(), engine.getVersion(), cuda, library);
    }

    /**
     * Why tensors cannot be made on {@code device} by {@code engine}, or {@code null} when a one-element
     * tensor made there reads back right (CUDA builds can load and still fail here: no driver, a
     * driver older than the build's CUDA, a GPU the build was not compiled for).
     */
    static String gpuProblem(Engine engine, Device device) {
        try (NDManager manager = engine.newBaseManager(device)) {
            float[] read = manager.ones(new Shape(1)).toFloatArray();
            return read.length == 1 && read[0] == 1f ? null : device + " gave a wrong value back";
        } catch (RuntimeException failure) {
            return "PyTorch could not use " + device + " (" + firstLine(failure) + ")";
        }
    }

    /** A native failure's first line: PyTorch's messages go on with the C++ frames that raised them. */
    static String firstLine(Throwable failure) {
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            return Failures.oneLine(failure);
        }
        String first = message.strip().lines().findFirst().orElse("").strip();
        return first.length() > 200 ? first.substring(0, 200) + "…" : first;
    }

    /** The folder DJL loaded libtorch from, by name; empty when it is not known. */
    private static String libtorchFolder() {
        try {
            Path folder = Path.of(ai.djl.pytorch.jni.LibUtils.getLibtorchPath()).getFileName();
            return folder == null ? "" : folder.toString();
        } catch (RuntimeException | LinkageError unknown) {
            return "";
        }
    }

    /** Whether the tensors go to a GPU. */
    public boolean onGpu() {
        return device.isGpu();
    }

    /** As reports write it: {@code cpu} or {@code gpu}. */
    public String used() {
        return onGpu() ? "gpu" : "cpu";
    }

    /** The report's {@code device} section (docs/formats.md). */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("asked", asked.text());
        json.addProperty("used", used());
        if (onGpu()) {
            json.addProperty("gpu_index", device.getDeviceId());
        }
        json.addProperty("engine", engine);
        json.addProperty("engine_version", engineVersion);
        json.addProperty("engine_build", cudaBuild ? "cuda" : "cpu");
        if (!nativeLibrary.isEmpty()) {
            json.addProperty("native_library", nativeLibrary);
        }
        return json;
    }

    /** One line for logs and benchmarks, e.g. {@code cpu (PyTorch 2.7.1, cpu build)}. */
    public String describe() {
        return (onGpu() ? "gpu " + device.getDeviceId() : "cpu") + " (" + engine + " " + engineVersion + ", "
                + (cudaBuild ? "cuda" : "cpu") + " build)";
    }

    /**
     * Makes this the device of every tensor manager {@link #newManager()} makes on this thread, until
     * the binding closes (which restores the thread's earlier one).
     */
    public Binding bindToThread() {
        return ThreadBinding.bind(CURRENT, device)::close;
    }

    /** Restores the thread's earlier device when closed. */
    public interface Binding extends ThreadBinding {}

    /**
     * The device bound to this thread; the processor when none is (code reached outside an entry
     * point's run, such as a conversion check or a test of a method's internals).
     */
    public static Device current() {
        Device bound = CURRENT.get();
        return bound != null ? bound : Device.cpu();
    }

    /**
     * A new tensor manager on the {@linkplain #current() current} device: the one way the methods make
     * their managers, so that a run's tensors all live where the run was asked to run.
     */
    public static NDManager newManager() {
        return NDManager.newBaseManager(current());
    }
}
