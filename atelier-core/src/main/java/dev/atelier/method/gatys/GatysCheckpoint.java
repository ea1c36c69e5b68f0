package dev.atelier.method.gatys;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.atelier.BadInputException;
import dev.atelier.InvalidOptionException;
import dev.atelier.io.AtomicFiles;
import dev.atelier.io.RgbImage;
import dev.atelier.report.HistoryEntry;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a long optimisation saves its progress, and how often, so a stopped run resumes where it
 * stopped. A checkpoint holds the images (the current scale's starting image, the tiles blended so
 * far, the unit in progress), the position (scale, tile, iterations into it), the counters and the
 * loss history; it is replaced atomically every {@code every} iterations, at the start of every
 * scale and tile, when the run is cancelled, and when it finishes.
 *
 * <p>The optimiser's own state is not saved: on resume L-BFGS starts its curvature memory afresh
 * (and Adam its moments) from the saved image, so a resumed run takes the same number of
 * iterations as an uninterrupted one and reaches a comparable, not identical, loss.
 *
 * <p>Resuming is allowed only with the same settings and inputs (the same backbone weights, photo,
 * paintings, masks and initial image): anything else is refused with one line naming what
 * differs, as training checkpoints do. The format is Atelier's own (a JSON header, then float32
 * planes) because a large print's images exceed the 2 GB one safetensors file can be read in.
 *
 * @param file where the checkpoint is written; its folder must exist
 * @param every iterations between saves, at least 1
 */
public record GatysCheckpoint(Path file, int every) {
    /** Version 2: the history's terms are weighted, as they entered the total. */
    private static final String MAGIC = "ATELIER-GATYS-CHECKPOINT 2\n";
    private static final int CHUNK = 1 << 16;

    public GatysCheckpoint {
        if (every < 1) {
            throw new InvalidOptionException("checkpoint-every", "must be at least 1, got " + every);
        }
    }

    /**
     * Everything a run needs to continue.
     *
     * @param scaleIndex the scale in progress
     * @param tileIndex the tile in progress (0 when the scale is not tiled)
     * @param iterationsInUnit iterations already done on that tile (or whole scale)
     * @param iteration iterations done in all
     * @param evaluations function evaluations in all
     * @param bestIteration the iteration of the best image so far of the unit in progress
     * @param seconds wall time spent so far, over every session
     * @param converged whether a unit stopped on its own tolerances
     * @param finished whether the run is over ({@code base} is then the result)
     * @param tileSize the tile size the run was planned with (kept when the option says automatic)
     * @param base the image the scale in progress started from (or the result, when finished)
     * @param accumulated the blend of finished tiles, CHW at the scale's size; {@code null} when untiled
     * @param unit the tile (or scale) image in progress; {@code null} at its start
     * @param history the loss history so far
     */
    record State(int scaleIndex, int tileIndex, int iterationsInUnit, int iteration, int evaluations,
            int bestIteration, double seconds, boolean converged, boolean finished, int tileSize, RgbImage base,
            float[] accumulated, RgbImage unit, List<HistoryEntry> history) {}

    public boolean exists() {
        return Files.isRegularFile(file);
    }

    /** Replaces the checkpoint with {@code state}, recording {@code settings} to check on resume. */
    void save(State state, JsonObject settings) {
        JsonObject header = new JsonObject();
        header.add("settings", settings);
        JsonObject position = new JsonObject();
        position.addProperty("scale", state.scaleIndex());
        position.addProperty("tile", state.tileIndex());
        position.addProperty("iterations_in_unit", state.iterationsInUnit());
        position.addProperty("iteration", state.iteration());
        position.addProperty("evaluations", state.evaluations());
        position.addProperty("best_iteration", state.bestIteration());
        position.addProperty("seconds", state.seconds());
        position.addProperty("converged", state.converged());
        position.addProperty("finished", state.finished());
        position.addProperty("tile_size", state.tileSize());
        header.add("position", position);
        Map<String, float[]> planes = new LinkedHashMap<>();
        JsonArray images = new JsonArray();
        addImage(images, planes, "base", state.base().width(), state.base().height(), state.base().sharedPlanes());
        if (state.accumulated() != null) {
            addImage(images, planes, "accumulated", state.base().width(), state.base().height(), state.accumulated());
        }
        if (state.unit() != null) {
            addImage(images, planes, "unit", state.unit().width(), state.unit().height(), state.unit().sharedPlanes());
        }
        header.add("images", images);
        JsonArray history = new JsonArray();
        for (HistoryEntry entry : state.history()) {
            JsonArray line = new JsonArray();
            line.add(entry.step());
            line.add(entry.scale());
            line.add(entry.tile());
            JsonObject terms = new JsonObject();
            entry.losses().forEach((name, value) -> terms.addProperty(name, finite(value)));
            line.add(terms);
            line.add(entry.seconds());
            history.add(line);
        }
        header.add("history", history);
        byte[] headerBytes = header.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, output -> {
            output.write(MAGIC.getBytes(StandardCharsets.US_ASCII));
            output.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length).array());
            output.write(headerBytes);
            for (float[] values : planes.values()) {
                writeFloats(output, values);
            }
        });
    }

    /** JSON cannot hold NaN; a history never should, but a checkpoint must still be writable. */
    private static double finite(double value) {
        return Double.isFinite(value) ? value : -1;
    }

    private static void addImage(JsonArray images, Map<String, float[]> planes, String name, int width, int height,
            float[] values) {
        JsonObject image = new JsonObject();
        image.addProperty("name", name);
        image.addProperty("width", width);
        image.addProperty("height", height);
        images.add(image);
        planes.put(name, values);
    }

    /**
     * Reads the checkpoint, refusing it when it was made with other settings than {@code settings}.
     *
     * @throws BadInputException when the file is not a checkpoint, is damaged, or differs in settings
     */
    State load(JsonObject settings) {
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream input = new DataInputStream(new BufferedInputStream(raw, CHUNK))) {
            byte[] magic = new byte[MAGIC.length()];
            input.readFully(magic);
            if (!MAGIC.equals(new String(magic, StandardCharsets.US_ASCII))) {
                throw new BadInputException(file, "not an Atelier optimisation checkpoint");
            }
            byte[] lengthBytes = new byte[8];
            input.readFully(lengthBytes);
            long length = ByteBuffer.wrap(lengthBytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (length <= 0 || length > 1L << 30) {
                throw new BadInputException(file, "damaged checkpoint header");
            }
            byte[] headerBytes = new byte[(int) length];
            input.readFully(headerBytes);
            JsonObject header = JsonParser.parseString(new String(headerBytes, StandardCharsets.UTF_8))
                    .getAsJsonObject();
            JsonObject saved = header.getAsJsonObject("settings");
            if (!saved.equals(settings)) {
                throw new BadInputException(file, "was made with different settings; resume with the same options "
                        + "and images, or delete it to start over (" + difference(saved, settings) + ")");
            }
            Map<String, RgbImage> images = new LinkedHashMap<>();
            Map<String, float[]> raws = new LinkedHashMap<>();
            for (JsonElement element : header.getAsJsonArray("images")) {
                JsonObject image = element.getAsJsonObject();
                int width = image.get("width").getAsInt();
                int height = image.get("height").getAsInt();
                float[] values = readFloats(input, 3L * width * height);
                String name = image.get("name").getAsString();
                raws.put(name, values);
                images.put(name, RgbImage.wrap(width, height, values));
            }
            JsonObject position = header.getAsJsonObject("position");
            List<HistoryEntry> history = new ArrayList<>();
            for (JsonElement element : header.getAsJsonArray("history")) {
                JsonArray line = element.getAsJsonArray();
                Map<String, Double> terms = new LinkedHashMap<>();
                line.get(3).getAsJsonObject().entrySet().forEach(term -> terms.put(term.getKey(),
                        term.getValue().getAsDouble()));
                history.add(new HistoryEntry(line.get(0).getAsLong(), line.get(1).getAsInt(), line.get(2).getAsInt(),
                        terms, line.get(4).getAsDouble(), Double.NaN));
            }
            if (!images.containsKey("base")) {
                throw new BadInputException(file, "damaged checkpoint: no image");
            }
            return new State(position.get("scale").getAsInt(), position.get("tile").getAsInt(),
                    position.get("iterations_in_unit").getAsInt(), position.get("iteration").getAsInt(),
                    position.get("evaluations").getAsInt(), position.get("best_iteration").getAsInt(),
                    position.get("seconds").getAsDouble(), position.get("converged").getAsBoolean(),
                    position.get("finished").getAsBoolean(), position.get("tile_size").getAsInt(), images.get("base"),
                    raws.get("accumulated"), images.get("unit"), history);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file, "no such checkpoint");
        } catch (EOFException e) {
            throw new BadInputException(file, "truncated checkpoint");
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read checkpoint (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            if (e instanceof BadInputException) {
                throw e;
            }
            throw new BadInputException(file, "damaged checkpoint (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The first setting that differs, in words. */
    static String difference(JsonObject saved, JsonObject current) {
        for (String key : current.keySet()) {
            if (!current.get(key).equals(saved.get(key))) {
                return key.replace('_', '-') + " was " + saved.get(key) + ", now " + current.get(key);
            }
        }
        for (String key : saved.keySet()) {
            if (!current.has(key)) {
                return key.replace('_', '-') + " was " + saved.get(key);
            }
        }
        return "unknown difference";
    }

    private static void writeFloats(OutputStream output, float[] values) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int start = 0; start < values.length; start += CHUNK) {
            buffer.clear();
            int end = Math.min(values.length, start + CHUNK);
            buffer.asFloatBuffer().put(values, start, end - start);
            output.write(buffer.array(), 0, (end - start) * Float.BYTES);
        }
    }

    private static float[] readFloats(DataInputStream input, long count) throws IOException {
        if (count > Integer.MAX_VALUE - 8) {
            throw new IOException("image too large");
        }
        float[] values = new float[(int) count];
        byte[] bytes = new byte[CHUNK * Float.BYTES];
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int start = 0; start < values.length; start += CHUNK) {
            int end = Math.min(values.length, start + CHUNK);
            input.readFully(bytes, 0, (end - start) * Float.BYTES);
            buffer.clear();
            buffer.asFloatBuffer().get(values, start, end - start);
        }
        return values;
    }
}
