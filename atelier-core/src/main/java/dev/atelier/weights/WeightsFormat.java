package dev.atelier.weights;

import dev.atelier.Failures;
import dev.atelier.BadInputException;
import dev.atelier.io.RegularFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import dev.atelier.weights.torch7.Torch7Reader;
import java.util.Arrays;

/** A weights file's layout, told from its first bytes (never from its name). */
enum WeightsFormat {
    /** {@code torch.save} since torch 1.6: a zip archive. */
    PTH_ZIP,
    /** {@code torch.save} before torch 1.6: a sequence of pickles and raw storages. */
    PTH_LEGACY,
    /** {@code torch.save} before torch 0.4: a tar archive. */
    PTH_TAR,
    SAFETENSORS,
    /** Lua Torch's {@code torch.save} (binary): a typed object stream, see {@code weights.torch7}. */
    TORCH7,
    UNKNOWN;

    private static final int PROBE_LENGTH = 512;

    /**
     * Reads the start of {@code file}; a missing, unreadable or empty file is bad input, and so is
     * anything but a regular file (refused before it is opened).
     */
    static WeightsFormat detect(Path file) {
        RegularFiles.require(file, "weights file");
        byte[] start;
        try (InputStream stream = Files.newInputStream(file)) {
            start = stream.readNBytes(PROBE_LENGTH);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file, "no such file");
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read (" + Failures.summary(e) + ")", e);
        }
        if (start.length == 0) {
            throw new BadInputException(file, "empty file, not a weights file");
        }
        return classify(start);
    }

    private static WeightsFormat classify(byte[] start) {
        if (startsWith(start, new byte[] {'P', 'K', 3, 4})) {
            return PTH_ZIP;
        }
        // Before safetensors: a Torch7 file's first 8 bytes (type code 3 or 4, then reference index
        // 1) read as a safetensors header length of over 4 GB, which no safetensors file has.
        if (Torch7Reader.looksLikeTorch7(start)) {
            return TORCH7;
        }
        // Safetensors first: an 8-byte little-endian header length, then the JSON header's opening
        // brace. A header 128 bytes long (plus any multiple of 256) starts with 0x80, which would
        // otherwise pass for a pickle's PROTO opcode.
        if (start.length > 8 && start[8] == '{') {
            return SAFETENSORS;
        }
        if ((start[0] & 0xff) == 0x80) {
            // The PROTO opcode, which every binary pickle begins with.
            return PTH_LEGACY;
        }
        if (start.length >= 262 && "ustar".equals(new String(start, 257, 5, StandardCharsets.US_ASCII))) {
            return PTH_TAR;
        }
        return UNKNOWN;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }
}
