package dev.atelier.weights;

import dev.atelier.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Predicate;

/** Entry point for weights files of any supported format, told apart by content, not by name. */
public final class WeightsFiles {
    private static final int DIGEST_CHUNK = 1 << 16;

    private WeightsFiles() {
    }

    /** Reads every floating-point tensor of a .pth or .safetensors file. */
    public static StateDict read(Path file) {
        return read(file, name -> true);
    }

    /**
     * Reads the floating-point tensors whose names {@code keep} accepts from a PyTorch .pth
     * state_dict (zip or legacy layout) or a safetensors file.
     *
     * @throws BadInputException if the file is missing, empty, damaged or of another format
     */
    public static StateDict read(Path file, Predicate<String> keep) {
        return switch (WeightsFormat.detect(file)) {
            case PTH_ZIP, PTH_LEGACY, PTH_TAR -> PthReader.read(file, keep);
            case SAFETENSORS -> SafetensorsReader.read(file, keep);
            case UNKNOWN -> throw new BadInputException(file,
                    "unsupported weights format; expected a PyTorch .pth state_dict or .safetensors");
        };
    }

    /** Names of every floating-point tensor in the file, without decoding their values. */
    public static Set<String> names(Path file) {
        Set<String> names = new LinkedHashSet<>();
        read(file, name -> {
            names.add(name);
            return false;
        });
        return names;
    }

    /** Whether the file's content is safetensors (told by its header, not its name). */
    public static boolean isSafetensors(Path file) {
        return WeightsFormat.detect(file) == WeightsFormat.SAFETENSORS;
    }

    /** The SHA-256 of {@code file}'s content as lower-case hex, read in chunks. */
    public static String sha256(Path file) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
        try (InputStream stream = Files.newInputStream(file)) {
            byte[] chunk = new byte[DIGEST_CHUNK];
            for (int read = stream.read(chunk); read >= 0; read = stream.read(chunk)) {
                digest.update(chunk, 0, read);
            }
        } catch (NoSuchFileException e) {
            throw new BadInputException(file, "no such file");
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read (" + Messages.oneLine(e) + ")", e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
