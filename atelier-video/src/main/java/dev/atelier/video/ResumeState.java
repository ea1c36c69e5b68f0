package dev.atelier.video;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.atelier.BadInputException;
import dev.atelier.Failures;
import dev.atelier.InvalidOptionException;
import dev.atelier.UnavailableException;
import dev.atelier.report.StrictJson;
import dev.atelier.video.ffmpeg.Muxer;
import dev.atelier.video.temporal.WarpingError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a video run has finished, kept in {@code state.json} in its work folder (docs/formats.md):
 * the settings it was made with, the encoded segments in order with their frame counts, the last
 * finished frame's result (a PNG, to carry the temporal consistency across an interruption) and the
 * measures so far. Written atomically after each segment, so it never names a file that is not whole.
 */
final class ResumeState {
    static final String FILE = "state.json";
    static final String FORMAT = "atelier-video-state";
    static final int FORMAT_VERSION = 1;
    /** Most segments a state may list: far beyond any clip within the frame limit. */
    private static final int MAXIMUM_SEGMENTS = 1_000_000;

    private final JsonObject settings;
    private final List<Muxer.Segment> segments = new ArrayList<>();
    private long framesDone;
    String lastResult;
    String lastFrameByFrame;
    final WarpingError.Mean stabilised;
    final WarpingError.Mean frameByFrame;
    int sceneCuts;
    double reliableShareSum;
    long reliablePairs;
    double seconds;

    private ResumeState(JsonObject settings, WarpingError.Mean stabilised, WarpingError.Mean frameByFrame) {
        this.settings = settings;
        this.stabilised = stabilised;
        this.frameByFrame = frameByFrame;
    }

    /** Nothing finished yet. */
    static ResumeState fresh(JsonObject settings) {
        return new ResumeState(settings.deepCopy(), new WarpingError.Mean(), new WarpingError.Mean());
    }

    static boolean existsIn(Path folder) {
        return Files.isRegularFile(folder.resolve(FILE));
    }

    /**
     * The state in a work folder.
     *
     * @throws BadInputException when it is missing or not a state Atelier wrote (naming the file)
     */
    static ResumeState load(Path folder) {
        Path file = folder.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file, "missing: the folder holds no finished run to continue; delete "
                    + folder + " to start over");
        }
        try {
            if (Files.size(file) > 64L << 20) {
                throw new BadInputException(file, "larger than any state Atelier writes; delete " + folder
                        + " to start over");
            }
            JsonObject json = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
            if (!json.has("format") || !FORMAT.equals(json.get("format").getAsString())
                    || json.get("format_version").getAsInt() != FORMAT_VERSION) {
                throw new BadInputException(file, "not an Atelier video state (format " + FORMAT + " "
                        + FORMAT_VERSION + "); delete " + folder + " to start over");
            }
            ResumeState state = new ResumeState(json.getAsJsonObject("settings"),
                    mean(json.getAsJsonObject("warping_error"), "stabilised"),
                    mean(json.getAsJsonObject("warping_error"), "frame_by_frame"));
            JsonArray segments = json.getAsJsonArray("segments");
            if (segments.size() > MAXIMUM_SEGMENTS) {
                throw new BadInputException(file, "lists more segments than any run makes");
            }
            for (JsonElement element : segments) {
                JsonObject segment = element.getAsJsonObject();
                String name = safeName(file, segment.get("file").getAsString());
                int frames = segment.get("frames").getAsInt();
                if (frames < 1 || !Files.isRegularFile(folder.resolve(name))) {
                    throw new BadInputException(file, "names a segment '" + name + "' that is missing or empty; "
                            + "delete " + folder + " to start over");
                }
                state.segments.add(new Muxer.Segment(folder.resolve(name), frames));
            }
            state.framesDone = json.get("frames_done").getAsLong();
            long inSegments = state.segments.stream().mapToLong(Muxer.Segment::frames).sum();
            if (state.framesDone < 0 || (!state.segments.isEmpty() && state.framesDone != inSegments)) {
                throw new BadInputException(file, "counts " + state.framesDone + " frames done but its segments hold "
                        + inSegments + "; delete " + folder + " to start over");
            }
            state.lastResult = optionalName(file, folder, json, "last_result");
            state.lastFrameByFrame = optionalName(file, folder, json, "last_frame_by_frame");
            state.sceneCuts = json.get("scene_cuts").getAsInt();
            state.reliableShareSum = json.get("reliable_share_sum").getAsDouble();
            state.reliablePairs = json.get("reliable_pairs").getAsLong();
            state.seconds = json.get("seconds").getAsDouble();
            if (state.framesDone > 0 && state.lastResult == null) {
                throw new BadInputException(file, "has segments but not the last frame's result");
            }
            return state;
        } catch (IOException failure) {
            throw new UnavailableException(file + ": cannot read it (" + Failures.summary(failure) + ")", failure);
        } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException
                | ClassCastException | NumberFormatException damaged) {
            throw new BadInputException(file, "damaged (" + Failures.summary(damaged) + "); delete " + folder
                    + " to start over");
        }
    }

    /** A name inside the folder only: no separators, no way up. */
    private static String safeName(Path file, String name) {
        if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            throw new BadInputException(file, "names a file outside its folder: '" + name + "'");
        }
        return name;
    }

    private static String optionalName(Path file, Path folder, JsonObject json, String key) {
        JsonElement value = json.get(key);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        String name = safeName(file, value.getAsString());
        if (!Files.isRegularFile(folder.resolve(name))) {
            throw new BadInputException(file, "names '" + name + "', which is missing");
        }
        return name;
    }

    private static WarpingError.Mean mean(JsonObject errors, String key) {
        JsonObject mean = errors.getAsJsonObject(key);
        return new WarpingError.Mean(mean.get("sum").getAsDouble(), mean.get("pairs").getAsLong());
    }

    /**
     * Refuses to continue a run made with other settings, naming the first that differs.
     *
     * @throws InvalidOptionException keyed {@code resume}
     */
    void requireSettings(JsonObject wanted, Path folder) {
        for (String key : wanted.keySet()) {
            JsonElement then = settings.get(key);
            JsonElement now = wanted.get(key);
            if (!Objects.equals(then, now)) {
                throw new InvalidOptionException("resume", folder + " was made with other settings (" + key + ": "
                        + (then == null ? "absent" : then) + " then, " + now + " now); run with the same settings, or "
                        + "delete the folder to start over");
            }
        }
        for (String key : settings.keySet()) {
            if (!wanted.has(key)) {
                throw new InvalidOptionException("resume", folder + " was made with other settings (" + key
                        + " is no longer set); delete the folder to start over");
            }
        }
    }

    List<Muxer.Segment> segments() {
        return List.copyOf(segments);
    }

    void addSegment(Muxer.Segment segment) {
        segments.add(segment);
        framesDone += segment.frames();
    }

    /** Frames finished (for a clip: in finished segments; for frames written as pictures: written). */
    long framesDone() {
        return framesDone;
    }

    /** For frames written as pictures: how many are written. */
    void framesWritten(long frames) {
        framesDone = frames;
    }

    /** Writes the state atomically. */
    void save(Path folder) {
        JsonObject json = new JsonObject();
        json.addProperty("format", FORMAT);
        json.addProperty("format_version", FORMAT_VERSION);
        json.add("settings", settings.deepCopy());
        JsonArray list = new JsonArray();
        for (Muxer.Segment segment : segments) {
            JsonObject entry = new JsonObject();
            entry.addProperty("file", segment.file().getFileName().toString());
            entry.addProperty("frames", segment.frames());
            list.add(entry);
        }
        json.add("segments", list);
        json.addProperty("frames_done", framesDone());
        json.addProperty("last_result", lastResult);
        json.addProperty("last_frame_by_frame", lastFrameByFrame);
        JsonObject errors = new JsonObject();
        errors.add("stabilised", toJson(stabilised));
        errors.add("frame_by_frame", toJson(frameByFrame));
        json.add("warping_error", errors);
        json.addProperty("scene_cuts", sceneCuts);
        json.addProperty("reliable_share_sum", reliableShareSum);
        json.addProperty("reliable_pairs", reliablePairs);
        json.addProperty("seconds", seconds);
        StrictJson.write(json, folder.resolve(FILE));
    }

    private static JsonObject toJson(WarpingError.Mean mean) {
        JsonObject json = new JsonObject();
        json.addProperty("sum", mean.sum());
        json.addProperty("pairs", mean.pairs());
        return json;
    }
}
