package dev.atelier.weights;

import dev.atelier.Failures;
import dev.atelier.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The zip layout {@code torch.save} writes since torch 1.6: {@code <prefix>/data.pkl} (the pickle),
 * {@code <prefix>/data/<key>} (one raw storage per entry), {@code <prefix>/byteorder} and
 * {@code <prefix>/version}. Only the pickle and the storages of wanted tensors are read.
 *
 * <p>{@code torch.save} stores its records uncompressed, so together they never hold more bytes than
 * the file. That is checked from the sizes the archive declares before each record is read: a
 * compressed record that would inflate a small file into gigabytes is refused, not unpacked.
 */
final class PthZipArchive {
    private final Path file;
    private final ZipFile zip;
    private final String prefix;
    private final long fileSize;
    /** Bytes the records read so far may still add up to: the file's size, less what was read. */
    private long unclaimed;

    private PthZipArchive(Path file, ZipFile zip, String prefix, long fileSize) {
        this.file = file;
        this.zip = zip;
        this.prefix = prefix;
        this.fileSize = fileSize;
        this.unclaimed = fileSize;
    }

    static Map<String, HostTensor> read(Path file, Predicate<String> keep) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return new PthZipArchive(file, zip, recordPrefix(file, zip), Files.size(file)).readTensors(keep);
        } catch (ZipException e) {
            throw new BadInputException(file, "damaged or truncated zip archive (" + Failures.summary(e) + ")", e);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read (" + Failures.summary(e) + ")", e);
        }
    }

    private Map<String, HostTensor> readTensors(Predicate<String> keep) throws IOException {
        ZipEntry pickle = zip.getEntry(prefix + "data.pkl");
        if (pickle == null) {
            throw new BadInputException(file, "a zip archive without " + prefix + "data.pkl, not a PyTorch .pth file");
        }
        claim(pickle);
        StorageRegistry storages = new StorageRegistry(file);
        Object root;
        try (InputStream stream = zip.getInputStream(pickle)) {
            ByteInput input = new ByteInput(file, Channels.newChannel(stream), pickle.getSize(), pickle.getName());
            root = new RestrictedUnpickler(input, new TorchPickleRules(file, storages::zipStorage)).load();
        }
        Map<String, TensorReference> tensors = PickledStateDict.select(root, file, keep);
        ByteOrder order = byteOrder();
        return TensorRebuilder.rebuild(file, tensors, storage -> readStorage(storage, order));
    }

    private float[] readStorage(StorageReference storage, ByteOrder order) {
        String name = prefix + "data/" + storage.key();
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new BadInputException(file, "incomplete archive: entry " + Messages.quoted(name) + " is missing");
        }
        long expected = storage.elementCount() * storage.type().byteSize();
        if (entry.getSize() != expected) {
            throw new BadInputException(file, "entry " + Messages.quoted(name) + " holds " + entry.getSize()
                    + " bytes, but the pickle declares " + storage.elementCount() + " " + storage.type()
                    + " elements (" + expected + " bytes)");
        }
        claim(entry);
        try (InputStream stream = zip.getInputStream(entry)) {
            ByteInput input = new ByteInput(file, Channels.newChannel(stream), entry.getSize(), name);
            return input.readElements(storage.type(), order, storage.elementCount());
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read entry " + Messages.quoted(name) + " ("
                    + Failures.summary(e) + ")", e);
        }
    }

    /**
     * Counts a record's declared size against the file's: together the records read may not hold
     * more bytes than the file itself.
     */
    private void claim(ZipEntry entry) {
        long size = entry.getSize();
        if (size < 0 || size > unclaimed) {
            throw new BadInputException(file, "entry " + Messages.quoted(entry.getName()) + " declares "
                    + (size < 0 ? "no size" : size + " bytes") + ", more than the " + fileSize + "-byte archive"
                    + " holds with the records before it (torch.save stores records uncompressed)");
        }
        unclaimed -= size;
    }

    /** Archives written before the byteorder record existed are little-endian. */
    private ByteOrder byteOrder() throws IOException {
        ZipEntry entry = zip.getEntry(prefix + "byteorder");
        if (entry == null) {
            return ByteOrder.LITTLE_ENDIAN;
        }
        byte[] text;
        try (InputStream stream = zip.getInputStream(entry)) {
            text = stream.readNBytes(16);
        }
        return switch (new String(text, StandardCharsets.US_ASCII).strip()) {
            case "little" -> ByteOrder.LITTLE_ENDIAN;
            case "big" -> ByteOrder.BIG_ENDIAN;
            default -> throw new BadInputException(file, "unknown byte order in " + entry.getName());
        };
    }

    /**
     * The folder all records live in ({@code archive/} or the file's stem), taken like torch does
     * from the first entry. TorchScript archives share the layout but hold code, so they are turned
     * away by name.
     */
    private static String recordPrefix(Path file, ZipFile zip) {
        Enumeration<? extends ZipEntry> entries = zip.entries();
        String first = entries.hasMoreElements() ? entries.nextElement().getName() : "";
        int slash = first.indexOf('/');
        if (slash <= 0) {
            throw new BadInputException(file, "a zip archive that is not a PyTorch .pth file");
        }
        String prefix = first.substring(0, slash + 1);
        boolean torchScript = zip.getEntry(prefix + "constants.pkl") != null
                || zip.stream().anyMatch(entry -> entry.getName().startsWith(prefix + "code/"));
        if (torchScript) {
            throw new BadInputException(file, "a TorchScript archive (torch.jit.save), not a state_dict;"
                    + " save model.state_dict() with torch.save instead");
        }
        return prefix;
    }
}
