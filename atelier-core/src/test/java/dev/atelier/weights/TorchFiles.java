package dev.atelier.weights;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes state dicts exactly as {@code torch.save} does, for tests in other packages that need a
 * real-format {@code .pth} file (VGG weights, AdaIN release files, pytorch/examples networks).
 */
public final class TorchFiles {
    private TorchFiles() {}

    /** The zip layout of torch 1.6 and later. */
    public static void writeZip(Path file, StateDict stateDict) {
        TorchSaveWriter.writeZip(file, tensors(stateDict));
    }

    /** The legacy layout of torch before 1.6, as the AdaIN and early fast_neural_style releases use. */
    public static void writeLegacy(Path file, StateDict stateDict) {
        TorchSaveWriter.writeLegacy(file, tensors(stateDict));
    }

    private static Map<String, TorchTensor> tensors(StateDict stateDict) {
        Map<String, TorchTensor> tensors = new LinkedHashMap<>();
        stateDict.asMap().forEach((name, tensor) -> tensors.put(name, TorchTensor.floats(tensor.values(),
                tensor.shape())));
        return tensors;
    }
}
