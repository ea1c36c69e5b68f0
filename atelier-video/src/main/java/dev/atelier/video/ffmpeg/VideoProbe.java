package dev.atelier.video.ffmpeg;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.atelier.BadInputException;
import dev.atelier.Cancellation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what a clip holds with ffprobe ({@code -show_streams -show_format -count_packets}): the
 * container is demultiplexed, never decoded, so limits are checked before any frame is made. Every
 * problem is one line naming the file.
 */
public final class VideoProbe {
    /** Most ffprobe output read: thousands of streams' worth; a file that claims more is refused. */
    private static final int OUTPUT_LIMIT = 8 << 20;
    private static final Pattern BITS = Pattern.compile("p(\\d{1,2})(le|be)?$");
    private static final Pattern DURATION_TAG = Pattern.compile("^(\\d+):(\\d{2}):(\\d{2}(?:\\.\\d+)?)$");
    /** ffprobe's words for a file that stops early or whose index is gone. */
    private static final List<String> DAMAGE = List.of("ended prematurely", "moov atom not found", "truncat",
            "partial file", "invalid data found", "end of file", "corrupt");

    private final FfmpegTools tools;

    public VideoProbe(FfmpegTools tools) {
        this.tools = tools;
    }

    /**
     * What {@code file} holds.
     *
     * @throws BadInputException when it is not a regular file, not a video FFmpeg can read, damaged or
     *     truncated, has no video stream, or no frames
     * @throws CancelledException when the probe was cancelled
     */
    public VideoInfo probe(Path file, Cancellation cancellation) {
        if (!Files.exists(file)) {
            throw new BadInputException(file, "no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file, "not a regular file");
        }
        List<String> command = List.of(tools.ffprobe().toString(), "-v", "error", "-hide_banner", "-print_format",
                "json", "-show_format", "-show_streams", "-count_packets", "file:" + file.toAbsolutePath());
        JsonObject json;
        try (Subprocess probe = Subprocess.start(command)) {
            Subprocess.Collected output = probe.collectOutput(OUTPUT_LIMIT);
            int status = probe.await(cancellation);
            if (status == -1) {
                throw new CancelledException();
            }
            if (status != 0) {
                String reason = probe.lastError().replace("file:" + file.toAbsolutePath() + ": ", "");
                if (reason.equals("End of file")) {
                    throw new BadInputException(file, "has no frames (it ends before the first)");
                }
                throw new BadInputException(file, "not a video FFmpeg can read" + (reason.isEmpty() ? ""
                        : " (" + reason + ")"));
            }
            for (String line : probe.errors()) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (DAMAGE.stream().anyMatch(lower::contains)) {
                    throw new BadInputException(file, "damaged or truncated (" + line + ")");
                }
            }
            if (output.overflowed()) {
                throw new BadInputException(file, "describes more streams than a video has (over "
                        + OUTPUT_LIMIT / (1 << 20) + " MiB of ffprobe output)");
            }
            json = JsonParser.parseString(output.text()).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException unreadable) {
            throw new BadInputException(file, "ffprobe's description of it could not be read");
        }
        return describe(file, json);
    }

    /** The clip as ffprobe's JSON describes it (for tests, without running ffprobe). */
    static VideoInfo describe(Path file, JsonObject json) {
        JsonArray streams = json.has("streams") && json.get("streams").isJsonArray() ? json.getAsJsonArray("streams")
                : new JsonArray();
        JsonObject format = json.has("format") && json.get("format").isJsonObject() ? json.getAsJsonObject("format")
                : new JsonObject();
        JsonObject video = null;
        List<String> audio = new ArrayList<>();
        for (JsonElement element : streams) {
            if (!element.isJsonObject()) {
                continue;
            }
            JsonObject stream = element.getAsJsonObject();
            String type = text(stream, "codec_type");
            if ("audio".equals(type)) {
                audio.add(text(stream, "codec_name") == null ? "unknown" : text(stream, "codec_name"));
            } else if ("video".equals(type) && video == null && !attachedPicture(stream)) {
                video = stream;
            }
        }
        if (video == null) {
            throw new BadInputException(file, "has no video stream" + (audio.isEmpty() ? "" : " (only audio)"));
        }
        return describe(file, video, format, audio);
    }

    private static VideoInfo describe(Path file, JsonObject video, JsonObject format, List<String> audio) {
        String container = Optional.ofNullable(text(format, "format_name")).orElse("unknown");
        long frames = number(video, "nb_read_packets").orElse(number(video, "nb_frames").orElse(0L));
        if (frames <= 0) {
            throw new BadInputException(file, "has no frames");
        }
        long codedWidth = number(video, "width").orElse(0L);
        long codedHeight = number(video, "height").orElse(0L);
        if (codedWidth <= 0 || codedHeight <= 0) {
            throw new BadInputException(file, "its video stream has no frame size");
        }
        int rotation = rotation(video);
        boolean turned = rotation == 90 || rotation == 270;
        Optional<Rational> nominal = Rational.parse(text(video, "r_frame_rate"));
        Optional<Rational> average = Rational.parse(text(video, "avg_frame_rate"));
        double duration = real(format, "duration").or(() -> real(video, "duration")).orElse(Double.NaN);
        Rational averageOrNominal = average.or(() -> nominal).orElseGet(() -> {
            if (duration > 0) {
                return Rational.of(frames / duration);
            }
            throw new BadInputException(file, "its video stream has no frame rate");
        });
        Rational rate = averageOrNominal;
        boolean variable = nominal.isPresent() && average.isPresent()
                && Math.abs(nominal.get().value() - average.get().value()) > 0.005 * average.get().value();
        // Matroska states no average rate: the stream's own duration tells whether its frames are evenly
        // spaced at the nominal rate (a frame's worth of slack for rounding).
        double streamSeconds = real(video, "duration").or(() -> tagDuration(video))
                .orElse(audio.isEmpty() ? duration : Double.NaN);
        if (streamSeconds > 0 && frames > 1 && Math.abs(frames - streamSeconds * rate.value()) > 1.5
                && Math.abs(frames / streamSeconds - rate.value()) > 0.02 * rate.value()) {
            variable = true;
            rate = Rational.of(frames / streamSeconds);
        }
        double seconds = duration > 0 ? duration : frames / rate.value();
        String pixelFormat = Optional.ofNullable(text(video, "pix_fmt")).orElse("unknown");
        int bits = number(video, "bits_per_raw_sample").map(Long::intValue).orElse(bitsOf(pixelFormat));
        return new VideoInfo(file, container, Optional.ofNullable(text(video, "codec_name")).orElse("unknown"),
                (int) (turned ? codedHeight : codedWidth), (int) (turned ? codedWidth : codedHeight), rotation, rate,
                variable, frames, seconds, pixelFormat, bits, hasAlpha(pixelFormat), audio);
    }

    /** Matroska's per-stream {@code DURATION} tag, {@code 00:00:01.700000000}. */
    private static Optional<Double> tagDuration(JsonObject video) {
        JsonElement tags = video.get("tags");
        if (tags == null || !tags.isJsonObject()) {
            return Optional.empty();
        }
        for (String key : tags.getAsJsonObject().keySet()) {
            if (!key.equalsIgnoreCase("duration")) {
                continue;
            }
            String text = text(tags.getAsJsonObject(), key);
            Matcher parts = text == null ? null : DURATION_TAG.matcher(text.strip());
            if (parts != null && parts.matches()) {
                double seconds = Long.parseLong(parts.group(1)) * 3600.0 + Long.parseLong(parts.group(2)) * 60.0
                        + Double.parseDouble(parts.group(3));
                return seconds > 0 ? Optional.of(seconds) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static boolean attachedPicture(JsonObject stream) {
        JsonElement disposition = stream.get("disposition");
        return disposition != null && disposition.isJsonObject()
                && number(disposition.getAsJsonObject(), "attached_pic").orElse(0L) == 1;
    }

    /**
     * Degrees the player turns the stored frames counter-clockwise, as ffprobe reports the display
     * matrix (0, 90, 180 or 270), or as the old clockwise {@code rotate} tag says, converted.
     */
    static int rotation(JsonObject video) {
        JsonElement sideData = video.get("side_data_list");
        if (sideData != null && sideData.isJsonArray()) {
            for (JsonElement entry : sideData.getAsJsonArray()) {
                if (entry.isJsonObject() && entry.getAsJsonObject().has("rotation")) {
                    return quarterTurns(real(entry.getAsJsonObject(), "rotation").orElse(0.0));
                }
            }
        }
        if (video.has("tags") && video.get("tags").isJsonObject()) {
            return quarterTurns(-real(video.getAsJsonObject("tags"), "rotate").orElse(0.0));
        }
        return 0;
    }

    private static int quarterTurns(double degrees) {
        return Math.floorMod((int) Math.round(degrees / 90.0) * 90, 360);
    }

    /** Bits per sample from a pixel format's name: {@code yuv420p10le} has 10, most others 8. */
    static int bitsOf(String pixelFormat) {
        Matcher bits = BITS.matcher(pixelFormat);
        if (bits.find()) {
            int value = Integer.parseInt(bits.group(1));
            return value >= 8 ? value : 8;
        }
        return 8;
    }

    /** Whether a pixel format carries transparency: {@code yuva420p}, {@code rgba}, {@code gbrap}, {@code ya8}, … */
    static boolean hasAlpha(String pixelFormat) {
        String name = pixelFormat.toLowerCase(Locale.ROOT);
        return name.startsWith("yuva") || name.startsWith("ya") || name.contains("rgba") || name.contains("bgra")
                || name.contains("argb") || name.contains("abgr") || name.startsWith("gbrap") || name.startsWith("rgb32")
                || name.startsWith("bgr32");
    }

    private static String text(JsonObject object, String key) {
        JsonElement value = object.get(key);
        return value != null && value.isJsonPrimitive() ? value.getAsString() : null;
    }

    private static Optional<Long> number(JsonObject object, String key) {
        String text = text(object, key);
        try {
            return text == null ? Optional.empty() : Optional.of(Long.parseLong(text.strip()));
        } catch (NumberFormatException notWhole) {
            return Optional.empty();
        }
    }

    private static Optional<Double> real(JsonObject object, String key) {
        String text = text(object, key);
        try {
            double value = text == null ? Double.NaN : Double.parseDouble(text.strip());
            return Double.isFinite(value) ? Optional.of(value) : Optional.empty();
        } catch (NumberFormatException notANumber) {
            return Optional.empty();
        }
    }
}
