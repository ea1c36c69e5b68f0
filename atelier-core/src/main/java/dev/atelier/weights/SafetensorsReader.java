package dev.atelier.weights;

import dev.atelier.Failures;
import dev.atelier.BadInputException;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads safetensors files: an 8-byte little-endian header length, a JSON header naming each
 * tensor's dtype, shape and byte range, then the data. F32, F16, BF16 and F64 tensors become float32
 * {@link HostTensor}s; integer and boolean tensors are left out. Only the byte ranges of wanted
 * tensors are read, through a file channel, so files larger than 2 GB are fine.
 */
public final class SafetensorsReader {
    private final Path file;
    private final SafetensorsHeader header;

    private SafetensorsReader(Path file, SafetensorsHeader header) {
        this.file = file;
        this.header = header;
    }

    /**
     * Reads and checks the header of {@code file}, without reading any tensor data.
     *
     * @throws BadInputException if the file is missing, not a safetensors file, or its header is
     *     invalid (bad JSON, unknown dtype, byte ranges that do not fit the shapes or the file)
     */
    public static SafetensorsReader open(Path file) {
        WeightsFormat format = WeightsFormat.detect(file);
        if (format != WeightsFormat.SAFETENSORS) {
            throw new BadInputException(file, "not a safetensors file");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return new SafetensorsReader(file, SafetensorsHeader.read(file, channel));
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read (" + Failures.summary(e) + ")", e);
        }
    }

    /** Reads every floating-point tensor of {@code file}. */
    public static StateDict read(Path file) {
        return open(file).read(name -> true);
    }

    /** Reads the floating-point tensors of {@code file} whose names {@code keep} accepts. */
    public static StateDict read(Path file, Predicate<String> keep) {
        return open(file).read(keep);
    }

    /** The header's {@code __metadata__} string map, empty when it has none. */
    public Map<String, String> metadata() {
        return header.metadata();
    }

    /** Every tensor name in the header (integer tensors included), in header order. */
    public Set<String> names() {
        return header.entries().keySet();
    }

    /** Reads the floating-point tensors whose names {@code keep} accepts, in header order. */
    public StateDict read(Predicate<String> keep) {
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            for (SafetensorsEntry entry : header.entries().values()) {
                if (entry.type().isFloatingPoint() && keep.test(entry.name())) {
                    tensors.put(entry.name(), readTensor(channel, entry));
                }
            }
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read (" + Failures.summary(e) + ")", e);
        }
        return new StateDict(file, tensors);
    }

    private HostTensor readTensor(FileChannel channel, SafetensorsEntry entry) throws IOException {
        channel.position(header.dataStart() + entry.begin());
        long count = HostTensor.elementCount(entry.shape());
        ByteInput input = new ByteInput(file, channel, entry.end() - entry.begin(),
                "tensor " + Messages.quoted(entry.name()));
        return new HostTensor(entry.shape(), input.readElements(entry.type(), ByteOrder.LITTLE_ENDIAN, count));
    }
}
