package dev.atelier.weights;

import dev.atelier.BadInputException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads the tensors of a PyTorch {@code .pth} file written by {@code torch.save(state_dict)}, in
 * the zip layout (torch 1.6 and later) or the legacy one, without executing anything: the pickle is
 * run by a {@link RestrictedUnpickler} that refuses every global but the few a state_dict names.
 *
 * <p>Floating-point tensors (float32, float64, float16, bfloat16) become float32
 * {@link HostTensor}s; integer and boolean tensors such as {@code num_batches_tracked} are left
 * out. A training checkpoint whose top-level dict holds no tensors but a {@code state_dict},
 * {@code model_state_dict} or {@code model} dict is read from that dict.
 */
public final class PthReader {
    private PthReader() {
    }

    /** Reads every floating-point tensor of {@code file}. */
    public static StateDict read(Path file) {
        return read(file, name -> true);
    }

    /**
     * Reads the floating-point tensors whose names {@code keep} accepts; the data of the others is
     * never decoded (in the zip layout, never even read).
     *
     * @throws BadInputException if the file is missing, damaged, not a .pth state_dict, or its
     *     pickle names anything a state_dict does not need
     */
    public static StateDict read(Path file, Predicate<String> keep) {
        Map<String, HostTensor> tensors = switch (WeightsFormat.detect(file)) {
            case PTH_ZIP -> PthZipArchive.read(file, keep);
            case PTH_LEGACY -> PthLegacyFile.read(file, keep);
            case PTH_TAR -> throw new BadInputException(file, "uses the tar layout of torch.save before torch 0.4,"
                    + " which is not supported; load and re-save it with a current PyTorch");
            default -> throw new BadInputException(file, "not a PyTorch .pth file");
        };
        return new StateDict(file, tensors);
    }
}
