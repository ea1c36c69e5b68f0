package dev.atelier.video.ffmpeg;

import dev.atelier.UnavailableException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where FFmpeg's two programs are: {@code ffmpeg} (decoding, encoding, muxing) and {@code ffprobe}
 * (what a file holds). Atelier bundles no codec: it runs the system's FFmpeg as a subprocess, named
 * by {@code ATELIER_FFMPEG} (the {@code ffmpeg} program; {@code ffprobe} is taken from the same
 * folder) or found on the {@code PATH}.
 *
 * @param ffmpeg the ffmpeg program
 * @param ffprobe the ffprobe program
 */
public record FfmpegTools(Path ffmpeg, Path ffprobe) {
    /** The environment variable naming the ffmpeg program. */
    public static final String VARIABLE = "ATELIER_FFMPEG";

    /** How to get FFmpeg, said once. */
    static final String INSTALL = "install FFmpeg (Debian and Ubuntu: apt-get install ffmpeg; macOS: brew install "
            + "ffmpeg) or set " + VARIABLE + " to the ffmpeg program";

    /**
     * The programs as this process's environment finds them.
     *
     * @throws UnavailableException in one line saying how to install FFmpeg, when either is missing
     */
    public static FfmpegTools locate() {
        return locate(System.getenv());
    }

    /** As {@link #locate()} in the given environment. */
    public static FfmpegTools locate(Map<String, String> environment) {
        String named = environment.get(VARIABLE);
        if (named != null && !named.isBlank()) {
            Path ffmpeg = Path.of(named.strip());
            if (!Files.isRegularFile(ffmpeg) || !Files.isExecutable(ffmpeg)) {
                throw new UnavailableException(VARIABLE + " names " + ffmpeg + ", which is not an executable file; "
                        + INSTALL);
            }
            Path folder = ffmpeg.toAbsolutePath().getParent();
            Path ffprobe = executable(folder, "ffprobe")
                    .or(() -> onPath("ffprobe", environment))
                    .orElseThrow(() -> new UnavailableException("ffprobe is missing (neither beside " + ffmpeg
                            + " nor on the PATH): video needs FFmpeg's ffmpeg and ffprobe; " + INSTALL));
            return new FfmpegTools(ffmpeg, ffprobe);
        }
        Optional<Path> ffmpeg = onPath("ffmpeg", environment);
        Optional<Path> ffprobe = onPath("ffprobe", environment);
        if (ffmpeg.isEmpty() || ffprobe.isEmpty()) {
            throw new UnavailableException((ffmpeg.isEmpty() ? "ffmpeg" : "ffprobe") + " is not installed (not on "
                    + "the PATH): video needs FFmpeg; " + INSTALL);
        }
        return new FfmpegTools(ffmpeg.get(), ffprobe.get());
    }

    private static Optional<Path> onPath(String program, Map<String, String> environment) {
        String path = environment.getOrDefault("PATH", "");
        for (String folder : path.split(File.pathSeparator)) {
            if (folder.isBlank()) {
                continue;
            }
            Optional<Path> found = executable(Path.of(folder), program);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> executable(Path folder, String program) {
        for (String name : new String[] {program, program + ".exe"}) {
            Path candidate = folder.resolve(name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
