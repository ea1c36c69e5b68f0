package dev.atelier.weights;

import dev.atelier.Failures;
import dev.atelier.BadInputException;
import dev.atelier.Cancellation;
import dev.atelier.io.RegularFiles;
import dev.atelier.weights.torch7.Torch7StateDict;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

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
     * state_dict (zip or legacy layout), a safetensors file or a Torch7 {@code .t7} network (keyed
     * as {@link Torch7StateDict} says).
     *
     * @throws BadInputException if the file is missing, empty, damaged or of another format
     */
    public static StateDict read(Path file, Predicate<String> keep) {
        return switch (WeightsFormat.detect(file)) {
            case PTH_ZIP, PTH_LEGACY, PTH_TAR -> PthReader.read(file, keep);
            case SAFETENSORS -> SafetensorsReader.read(file, keep);
            case TORCH7 -> Torch7StateDict.read(file, keep);
            case UNKNOWN -> throw new BadInputException(file,
                    "unsupported weights format; expected a PyTorch .pth state_dict, .safetensors or a Torch7 .t7");
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

    /**
     * The SHA-256 of {@code file}'s content as lower-case hex, read in chunks. Only a regular file is
     * hashed (a device would never end); the thread's {@linkplain Cancellation#current() cancellation}
     * is checked between chunks.
     *
     * @throws dev.atelier.CancelledException when the cancellation is requested meanwhile
     */
    public static String sha256(Path file) {
        RegularFiles.require(file, "weights file");
        Cancellation cancellation = Cancellation.current();
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
                cancellation.throwIfRequested("hashing " + file);
            }
        } catch (NoSuchFileException e) {
            throw new BadInputException(file, "no such file");
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read (" + Failures.summary(e) + ")", e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * One SHA-256 for a folder of weights (a variable folder): over each regular file's relative name
     * and digest, in name order, so the same files give the same digest wherever the folder lies.
     */
    public static String folderSha256(Path folder) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new BadInputException(folder, "cannot list the folder (" + Failures.summary(e) + ")", e);
        }
        StringBuilder listing = new StringBuilder();
        for (Path file : files) {
            listing.append(folder.relativize(file).toString().replace('\\', '/')).append(' ').append(sha256(file))
                    .append('\n');
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(listing.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
