package dev.atelier.cli;

import dev.atelier.api.Atelier;
import dev.atelier.device.DeviceChoice;
import dev.atelier.io.ReadOptions;
import picocli.CommandLine.Option;

/**
 * The options every command that runs a method shares ({@code stylize}, {@code batch}, the
 * trainings), declared once as a picocli mixin so that they read and behave alike everywhere.
 */
final class RunOptions {

    @Option(names = {"--quiet", "-q"}, description = "No progress output; warnings and failures are still shown.")
    boolean quiet;

    @Option(names = "--max-pixels", paramLabel = "N", description = "Largest input image in pixels (width x height), "
            + "read from its header before decoding: larger photos and paintings are refused, larger training images "
            + "skipped. Default: ${DEFAULT-VALUE}.")
    long maxPixels = ReadOptions.DEFAULT_MAX_PIXELS;

    @Option(names = "--device", paramLabel = "cpu|gpu|auto", defaultValue = DEVICE_DEFAULT,
            description = "Where the networks run: cpu; gpu (refused in one line, exit 5, when no GPU works); auto, "
            + "a GPU when the engine has one that works, else the processor. A GPU needs PyTorch's CUDA build: "
            + "start with ATELIER_DEVICE=gpu ./atelier (README, GPU). Default: ${DEFAULT-VALUE} (from "
            + "ATELIER_DEVICE when it is set, else auto).")
    String device;

    /** {@code ATELIER_DEVICE}, which also tells {@code ./atelier} which PyTorch build to load, else auto. */
    static final String DEVICE_DEFAULT = "${env:ATELIER_DEVICE:-auto}";

    /**
     * The entry point for this command: the models of {@code ATELIER_HOME} on the device asked for.
     *
     * @throws dev.atelier.InvalidOptionException for a device other than cpu, gpu or auto
     */
    Atelier atelier() {
        return Atelier.fromEnvironment().withDevice(deviceChoice(device));
    }

    static DeviceChoice deviceChoice(String text) {
        return DeviceChoice.parse("device", text);
    }

    /** The limits for reading images these options set. */
    ReadOptions readOptions() {
        return new ReadOptions(maxPixels);
    }
}
