package dev.atelier.video.ffmpeg;

import dev.atelier.InvalidOptionException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The containers a repainted clip can be written in, chosen by the output's extension, each with the
 * codec Atelier encodes it with: H.264 (libx264) in MP4, MOV and Matroska, VP9 (libvpx) in WebM, and
 * an animated GIF with a palette made for the whole clip.
 */
public enum VideoFormat {
    MP4("mp4", "mp4", Codec.H264, Set.of("aac", "mp3", "alac", "ac3", "eac3", "opus", "flac"), "aac"),
    MOV("mov", "mov", Codec.H264, Set.of("aac", "mp3", "alac", "ac3", "pcm_s16le", "pcm_s24le", "pcm_f32le"), "aac"),
    MKV("mkv", "matroska", Codec.H264, Set.of(), null),
    WEBM("webm", "webm", Codec.VP9, Set.of("opus", "vorbis"), "libopus"),
    GIF("gif", "gif", Codec.LOSSLESS, Set.of(), null);

    /** How frames are encoded. */
    public enum Codec {
        /** libx264, 4:2:0, quality by constant rate factor 0–51. */
        H264(18, 51),
        /** libvpx-vp9, 4:2:0, quality by constant rate factor 0–63. */
        VP9(31, 63),
        /** FFV1 (lossless), for the GIF's palette pass at the end. */
        LOSSLESS(0, 0);

        private final int defaultCrf;
        private final int maximumCrf;

        Codec(int defaultCrf, int maximumCrf) {
            this.defaultCrf = defaultCrf;
            this.maximumCrf = maximumCrf;
        }

        public int defaultCrf() {
            return defaultCrf;
        }

        public int maximumCrf() {
            return maximumCrf;
        }
    }

    private final String extension;
    private final String muxer;
    private final Codec codec;
    private final Set<String> audioCodecs;
    private final String audioEncoder;

    VideoFormat(String extension, String muxer, Codec codec, Set<String> audioCodecs, String audioEncoder) {
        this.extension = extension;
        this.muxer = muxer;
        this.codec = codec;
        this.audioCodecs = audioCodecs;
        this.audioEncoder = audioEncoder;
    }

    /** The format an output file's extension names; empty when it names no video container. */
    public static Optional<VideoFormat> of(Path output) {
        String name = output.getFileName() == null ? "" : output.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1);
        return Optional.ofNullable(switch (extension) {
            case "mp4", "m4v" -> MP4;
            case "mov" -> MOV;
            case "mkv" -> MKV;
            case "webm" -> WEBM;
            case "gif" -> GIF;
            default -> null;
        });
    }

    /** Every extension a video output may have, for messages. */
    public static List<String> extensions() {
        return List.of("mp4", "m4v", "mov", "mkv", "webm", "gif");
    }

    public String extension() {
        return extension;
    }

    /** FFmpeg's name for the muxer. */
    public String muxer() {
        return muxer;
    }

    public Codec codec() {
        return codec;
    }

    /** Whether the codec needs even frame sides (4:2:0 subsampling in libx264). */
    public boolean needsEvenSides() {
        return codec == Codec.H264;
    }

    /** Whether the container holds sound at all. */
    public boolean holdsAudio() {
        return this != GIF;
    }

    /** Whether an audio stream of this codec goes in unchanged. */
    public boolean takesAudio(String audioCodec) {
        return this == MKV || audioCodecs.contains(audioCodec);
    }

    /** The encoder for audio the container does not take as it is. */
    String audioEncoder() {
        return audioEncoder;
    }

    /**
     * The constant rate factor to encode with: the given one checked against the codec's range, or the
     * codec's default when {@code null}.
     */
    public int crf(Integer given) {
        if (given == null) {
            return codec.defaultCrf();
        }
        if (codec == Codec.LOSSLESS) {
            throw new InvalidOptionException("crf", "does not apply to GIF output (its colours come from a palette)");
        }
        if (given < 0 || given > codec.maximumCrf()) {
            throw new InvalidOptionException("crf", "must be between 0 and " + codec.maximumCrf() + " for "
                    + extension + " output, got " + given);
        }
        return given;
    }

    /**
     * FFmpeg's arguments that encode the frames of one segment: BT.709 colours, tagged as such, so
     * players show the colours the method painted.
     */
    List<String> videoArguments(int crf) {
        String colours = "scale=out_color_matrix=bt709:out_range=tv,format=yuv420p";
        List<String> tags = List.of("-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709",
                "-color_range", "tv");
        return switch (codec) {
            case H264 -> concat(List.of("-vf", colours, "-c:v", "libx264", "-preset", "medium", "-crf",
                    Integer.toString(crf)), tags);
            case VP9 -> concat(List.of("-vf", colours, "-c:v", "libvpx-vp9", "-crf", Integer.toString(crf), "-b:v",
                    "0", "-deadline", "good", "-cpu-used", "4", "-row-mt", "1"), tags);
            case LOSSLESS -> List.of("-c:v", "ffv1", "-pix_fmt", "bgr0");
        };
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new java.util.ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
