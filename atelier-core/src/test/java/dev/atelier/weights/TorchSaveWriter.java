package dev.atelier.weights;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes state dicts as {@code torch.save} does, in its zip layout (torch 1.6 and later) or its
 * legacy layout, for tests that must not depend on Python or torch.
 */
final class TorchSaveWriter {
    /** torch's PyTorchStreamWriter aligns every record's data to 64 bytes. */
    private static final int ALIGNMENT = 64;
    private static final int PADDING_EXTRA_ID = 0x4246; // "FB"
    private static final BigInteger MAGIC_NUMBER = new BigInteger("1950a86a20f9469cfc6c", 16);

    private TorchSaveWriter() {
    }

    /** The zip layout with the usual {@code archive/} prefix. */
    static void writeZip(Path file, Map<String, TorchTensor> stateDict) {
        writeZip(file, "archive", stateDict, ByteOrder.LITTLE_ENDIAN);
    }

    static void writeZip(Path file, String prefix, Map<String, TorchTensor> stateDict, ByteOrder order) {
        Map<TorchStorage, String> keys = zipStorageKeys(stateDict);
        byte[] pickle = StateDictPickler.pickle(stateDict, StateDictPickler.Layout.ZIP, keys::get);
        String byteOrder = order == ByteOrder.LITTLE_ENDIAN ? "little" : "big";
        writeZipRecords(file, prefix, pickle, storageRecords(keys, order), byteOrder);
    }

    /** {@code torch.save({'epoch': 3, wrapperKey: state_dict})}, as training loops save checkpoints. */
    static void writeZipCheckpoint(Path file, Map<String, TorchTensor> stateDict, String wrapperKey) {
        Map<TorchStorage, String> keys = zipStorageKeys(stateDict);
        byte[] pickle = StateDictPickler.pickleCheckpoint(stateDict, wrapperKey, keys::get);
        writeZipRecords(file, "archive", pickle, storageRecords(keys, ByteOrder.LITTLE_ENDIAN), "little");
    }

    /** torch's zip keys: "0", "1", ... by first appearance. */
    static Map<TorchStorage, String> zipStorageKeys(Map<String, TorchTensor> stateDict) {
        Map<TorchStorage, String> keys = new IdentityHashMap<>();
        stateDict.values().forEach(tensor -> keys.computeIfAbsent(tensor.storage(), s -> String.valueOf(keys.size())));
        return keys;
    }

    /** torch writes the storages in sorted key order: "0", "1", "10", "11", "2", ... */
    static Map<String, byte[]> storageRecords(Map<TorchStorage, String> keys, ByteOrder order) {
        Map<String, byte[]> storages = new TreeMap<>();
        keys.forEach((storage, key) -> storages.put(key, storage.bytes(order)));
        return storages;
    }

    /** A zip layout archive holding the given pickle and storage records as they are. */
    static void writeZipRecords(Path file, String prefix, byte[] pickle, Map<String, byte[]> storages,
            String byteOrder) {
        Map<String, byte[]> records = new LinkedHashMap<>();
        records.put(prefix + "/data.pkl", pickle);
        records.put(prefix + "/byteorder", byteOrder.getBytes(StandardCharsets.US_ASCII));
        storages.forEach((key, bytes) -> records.put(prefix + "/data/" + key, bytes));
        records.put(prefix + "/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        records.put(prefix + "/.data/serialization_id",
                "1234567890123456789012345678901234567890".getBytes(StandardCharsets.US_ASCII));
        writeStoredZip(file, records);
    }

    /** Uncompressed entries whose data start on 64-byte boundaries, padded like torch's writer. */
    static void writeStoredZip(Path file, Map<String, byte[]> records) {
        try (CountingStream counter = new CountingStream(Files.newOutputStream(file));
                ZipOutputStream zip = new ZipOutputStream(counter)) {
            for (Map.Entry<String, byte[]> record : records.entrySet()) {
                byte[] name = record.getKey().getBytes(StandardCharsets.UTF_8);
                byte[] data = record.getValue();
                ZipEntry entry = new ZipEntry(record.getKey());
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(data.length);
                entry.setCompressedSize(data.length);
                CRC32 crc = new CRC32();
                crc.update(data);
                entry.setCrc(crc.getValue());
                entry.setTime(315964800000L); // 1980-01-06: inside the DOS date range, so no extra field.
                long dataStart = counter.count + 30 + name.length + 4;
                int padding = (int) ((ALIGNMENT - dataStart % ALIGNMENT) % ALIGNMENT);
                ByteBuffer extra = ByteBuffer.allocate(4 + padding).order(ByteOrder.LITTLE_ENDIAN);
                extra.putShort((short) PADDING_EXTRA_ID).putShort((short) padding);
                while (extra.hasRemaining()) {
                    extra.put((byte) 'Z');
                }
                entry.setExtra(extra.array());
                zip.putNextEntry(entry);
                zip.write(data);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The legacy layout: five pickles, then each storage's element count and bytes. */
    static void writeLegacy(Path file, Map<String, TorchTensor> stateDict) {
        writeLegacy(file, stateDict, ByteOrder.LITTLE_ENDIAN);
    }

    static void writeLegacy(Path file, Map<String, TorchTensor> stateDict, ByteOrder order) {
        // Keys are str(storage._cdata), addresses; falling ones make the sorted list run backwards.
        Map<TorchStorage, String> keys = new IdentityHashMap<>();
        stateDict.values().forEach(tensor -> keys.computeIfAbsent(tensor.storage(),
                s -> String.valueOf(94_000_000_000_000L - 4096L * keys.size())));
        Map<String, TorchStorage> sorted = new TreeMap<>();
        keys.forEach((storage, key) -> sorted.put(key, storage));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(legacyHeader(order == ByteOrder.LITTLE_ENDIAN));
        out.writeBytes(StateDictPickler.pickle(stateDict, StateDictPickler.Layout.LEGACY, keys::get));
        PickleWriter keyList = new PickleWriter().protocol(2).emptyList();
        if (sorted.size() > 1) {
            keyList.mark();
        }
        sorted.keySet().forEach(keyList::string);
        (sorted.size() > 1 ? keyList.appends() : sorted.size() == 1 ? keyList.append() : keyList).stop();
        out.writeBytes(keyList.toByteArray());
        sorted.values().forEach(storage -> {
            out.writeBytes(ByteBuffer.allocate(8).order(order).putLong(storage.elementCount()).array());
            out.writeBytes(storage.bytes(order));
        });
        write(file, out.toByteArray());
    }

    /** The magic number, format version and sys_info pickles that open every legacy file. */
    static byte[] legacyHeader(boolean littleEndian) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new PickleWriter().protocol(2).long1(MAGIC_NUMBER).stop().toByteArray());
        out.writeBytes(new PickleWriter().protocol(2).integer(1001).stop().toByteArray());
        PickleWriter sysInfo = new PickleWriter().protocol(2).emptyDict().mark();
        sysInfo.string("protocol_version").integer(1001);
        sysInfo.string("little_endian").bool(littleEndian);
        sysInfo.string("type_sizes").emptyDict().mark();
        sysInfo.string("short").integer(2).string("int").integer(4).string("long").integer(4);
        out.writeBytes(sysInfo.setItems().setItems().stop().toByteArray());
        return out.toByteArray();
    }

    static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Tracks the archive offset so each entry's padding can be computed before it is written. */
    private static final class CountingStream extends FilterOutputStream {
        private long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
