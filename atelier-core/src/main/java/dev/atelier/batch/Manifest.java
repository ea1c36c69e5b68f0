package dev.atelier.batch;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.atelier.io.OutputFormat;
import com.google.gson.JsonParser;
import dev.atelier.BadInputException;
import dev.atelier.InvalidOptionException;
import dev.atelier.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The batch's record in its output folder ({@value #FILE_NAME}): the settings and their
 * fingerprint, and every pair's inputs, files and status. Rewritten atomically, so a crash leaves
 * the previous version whole; a rerun reads it to skip finished pairs.
 */
public final class Manifest {
    /** The manifest's file name in the output folder. */
    public static final String FILE_NAME = "manifest.json";
    static final String FORMAT = "atelier-batch-manifest";
    private static final int VERSION = 1;
    private static final Pattern NUMBERED = Pattern.compile("gen_(\\d+)");

    private final Path folder;
    private final String fileName;
    private final String method;
    private final JsonObject settings;
    private final String fingerprint;
    private final OutputFormat format;
    private final ClipFiles clips;
    private final ManifestEntry[] entries;

    private Manifest(Path folder, String fileName, String method, JsonObject settings, OutputFormat format,
            ClipFiles clips, List<ManifestEntry> entries) {
        this.folder = folder;
        this.clips = clips;
        this.fileName = fileName;
        this.method = method;
        this.settings = settings;
        this.fingerprint = SettingsFingerprint.of(settings);
        this.format = format;
        this.entries = entries.toArray(ManifestEntry[]::new);
    }

    /**
     * The manifest for running {@code plan} into {@code folder}: the previous run's statuses carried
     * over where they still hold (done, result and report present, inputs unchanged), every other
     * pair pending.
     *
     * @param settings everything that shapes results (see {@link PairMethod#settings()})
     * @param clips what names the results of clips among the photos, or {@code null} when the batch
     *     repaints pictures only
     * @throws BadInputException when the folder holds finished results made with other settings
     *     (unless {@code overwrite}), or an unreadable manifest
     */
    static Manifest open(Path folder, BatchPlan plan, String method, JsonObject settings, BatchOptions options,
            ClipFiles clips) {
        Path file = folder.resolve(options.manifestFileName());
        Map<String, ManifestEntry> previous = new HashMap<>();
        if (!options.overwrite() && Files.exists(file)) {
            JsonObject old = parse(file);
            List<ManifestEntry> oldEntries = entries(file, old);
            JsonObject oldSettings = old.getAsJsonObject("settings");
            boolean anyDone = oldEntries.stream().anyMatch(entry -> entry.status() == PairStatus.DONE);
            if (anyDone && !SettingsFingerprint.of(oldSettings).equals(SettingsFingerprint.of(settings))) {
                List<String> changes = SettingsFingerprint.differences(oldSettings, settings);
                String shown = String.join(", ", changes.subList(0, Math.min(4, changes.size())))
                        + (changes.size() > 4 ? ", …" : "");
                throw new InvalidOptionException(null, file + ": this folder holds results made with other settings ("
                        + shown + "); use {overwrite} to redo them all, or another output folder");
            }
            for (ManifestEntry entry : oldEntries) {
                previous.put(entry.name().toLowerCase(Locale.ROOT), entry);
            }
        }
        boolean numbered = options.layout() == OutputLayout.NUMBERED;
        Set<Integer> usedNumbers = new HashSet<>();
        if (numbered) {
            previous.values().forEach(entry -> addNumber(entry.folder(), usedNumbers));
            if (!options.overwrite()) {
                existingNumberedFolders(folder).forEach(usedNumbers::add);
            }
        }
        int nextNumber = usedNumbers.stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        Map<Path, String> stamps = new HashMap<>();
        List<ManifestEntry> entries = new ArrayList<>();
        for (BatchPlan.Pair pair : plan.pairs()) {
            Path content = plan.contentOf(pair);
            Path style = plan.styleOf(pair);
            String contentStamp = stamps.computeIfAbsent(content, InputStamp::of);
            String styleStamp = stamps.computeIfAbsent(style, InputStamp::of);
            ManifestEntry old = previous.get(pair.name().toLowerCase(Locale.ROOT));
            String pairFolder = null;
            if (numbered) {
                pairFolder = old != null && old.folder() != null && NUMBERED.matcher(old.folder()).matches()
                        ? old.folder() : "gen_" + nextNumber++;
            }
            ManifestEntry entry = new ManifestEntry(pair.name(), content.toAbsolutePath().toString(),
                    style.toAbsolutePath().toString(), contentStamp, styleStamp, pairFolder, PairStatus.PENDING, null,
                    0, null);
            if (old != null && old.status() == PairStatus.DONE && contentStamp.equals(old.contentStamp())
                    && styleStamp.equals(old.styleStamp()) && Objects.equals(pairFolder, old.folder())) {
                entry = new ManifestEntry(entry.name(), entry.content(), entry.style(), contentStamp, styleStamp,
                        pairFolder, PairStatus.DONE, null, old.seconds(), old.finished());
            }
            entries.add(entry);
        }
        Manifest manifest = new Manifest(folder, options.manifestFileName(), method, settings, options.format(),
                clips, entries);
        for (int i = 0; i < manifest.entries.length; i++) {
            ManifestEntry entry = manifest.entries[i];
            if (entry.status() == PairStatus.DONE
                    && !(Files.isRegularFile(manifest.output(i)) && Files.isRegularFile(manifest.report(i)))) {
                manifest.entries[i] = entry.withStatus(PairStatus.PENDING);
            }
        }
        return manifest;
    }

    /**
     * A manifest of pairs whose statuses were decided elsewhere: by the slices of a sharded batch
     * ({@link BatchMerge}) or by a cluster job ({@link BatchRecord}).
     */
    static Manifest of(Path folder, String fileName, String method, JsonObject settings, OutputFormat format,
            List<ManifestEntry> entries) {
        return new Manifest(folder, fileName, method, settings, format, null, entries);
    }

    /**
     * Reads the manifest of an output folder, as a rerun or another program sees it.
     *
     * @throws BadInputException when there is none or it is not a batch manifest
     */
    public static List<ManifestEntry> read(Path folder) {
        Path file = folder.resolve(FILE_NAME);
        return entries(file, parse(file));
    }

    public String fingerprint() {
        return fingerprint;
    }

    JsonObject settings() {
        return settings;
    }

    int size() {
        return entries.length;
    }

    ManifestEntry entry(int index) {
        return entries[index];
    }

    void set(int index, ManifestEntry entry) {
        entries[index] = entry;
    }

    /** Where pair {@code index}'s result goes: a picture in the batch's format, a clip's in its own container. */
    Path output(int index) {
        Path content = Path.of(entries[index].content());
        String extension = isClip(index) ? clips.resultExtension(content) : format.extension();
        return pairFolder(index).resolve(entries[index].name() + "." + extension);
    }

    /** Whether pair {@code index}'s photo is a clip that this batch repaints. */
    boolean isClip(int index) {
        return ClipFiles.repaints(clips, Path.of(entries[index].content()));
    }

    /** Where pair {@code index}'s report goes. */
    Path report(int index) {
        return pairFolder(index).resolve(entries[index].name() + ".json");
    }

    Path pairFolder(int index) {
        String pairFolder = entries[index].folder();
        return pairFolder == null ? folder : folder.resolve(pairFolder);
    }

    /** Path of {@code file} relative to the output folder, with forward slashes (for the manifest and HTML). */
    String relative(Path file) {
        return folder.relativize(file).toString().replace('\\', '/');
    }

    long count(PairStatus status) {
        return Stream.of(entries).filter(entry -> entry.status() == status).count();
    }

    /** Writes the manifest atomically. */
    void save() {
        JsonObject json = new JsonObject();
        json.addProperty("format", FORMAT);
        json.addProperty("format_version", VERSION);
        json.addProperty("method", method);
        json.addProperty("fingerprint", fingerprint);
        json.add("settings", settings);
        json.addProperty("updated", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        JsonObject counts = new JsonObject();
        counts.addProperty("total", entries.length);
        for (PairStatus status : PairStatus.values()) {
            counts.addProperty(status.displayName(), count(status));
        }
        json.add("counts", counts);
        JsonArray pairs = new JsonArray();
        for (int i = 0; i < entries.length; i++) {
            pairs.add(toJson(i));
        }
        json.add("pairs", pairs);
        String text = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(json) + "\n";
        AtomicFiles.write(folder.resolve(fileName), output -> output.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    private JsonObject toJson(int index) {
        ManifestEntry entry = entries[index];
        JsonObject pair = new JsonObject();
        pair.addProperty("name", entry.name());
        pair.addProperty("content", entry.content());
        pair.addProperty("style", entry.style());
        pair.addProperty("content_stamp", entry.contentStamp());
        pair.addProperty("style_stamp", entry.styleStamp());
        if (entry.folder() != null) {
            pair.addProperty("folder", entry.folder());
        }
        pair.addProperty("output", relative(output(index)));
        pair.addProperty("report", relative(report(index)));
        pair.addProperty("status", entry.status().displayName());
        if (entry.error() != null) {
            pair.addProperty("error", entry.error());
        }
        if (entry.seconds() > 0) {
            pair.addProperty("seconds", Math.round(entry.seconds() * 1000) / 1000.0);
        }
        if (entry.finished() != null) {
            pair.addProperty("finished", entry.finished());
        }
        return pair;
    }

    static JsonObject parse(Path file) {
        try {
            JsonElement json = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            if (json.isJsonObject() && FORMAT.equals(text(json.getAsJsonObject(), "format"))
                    && json.getAsJsonObject().get("settings") instanceof JsonObject) {
                return json.getAsJsonObject();
            }
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read the batch manifest (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            // Not JSON: reported below like any other foreign file.
        }
        throw new BadInputException(file, "not an Atelier batch manifest; move it away, or use {overwrite} to "
                + "start this folder afresh");
    }

    static List<ManifestEntry> entries(Path file, JsonObject json) {
        List<ManifestEntry> entries = new ArrayList<>();
        try {
            for (JsonElement element : json.getAsJsonArray("pairs")) {
                JsonObject pair = element.getAsJsonObject();
                entries.add(new ManifestEntry(text(pair, "name"), text(pair, "content"), text(pair, "style"),
                        text(pair, "content_stamp"), text(pair, "style_stamp"), text(pair, "folder"),
                        PairStatus.parse(text(pair, "status")), text(pair, "error"),
                        pair.has("seconds") ? pair.get("seconds").getAsDouble() : 0, text(pair, "finished")));
            }
        } catch (RuntimeException e) {
            throw new BadInputException(file, "damaged batch manifest (" + e.getMessage() + "); use {overwrite} to "
                    + "start this folder afresh");
        }
        return entries;
    }

    private static String text(JsonObject object, String key) {
        JsonElement value = object.get(key);
        return value == null || value.isJsonNull() ? null : value.getAsString();
    }

    private static void addNumber(String pairFolder, Set<Integer> numbers) {
        if (pairFolder != null) {
            Matcher matcher = NUMBERED.matcher(pairFolder);
            if (matcher.matches()) {
                numbers.add(Integer.parseInt(matcher.group(1)));
            }
        }
    }

    private static List<Integer> existingNumberedFolders(Path folder) {
        List<Integer> numbers = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return numbers;
        }
        try (Stream<Path> children = Files.list(folder)) {
            children.filter(Files::isDirectory).forEach(child -> {
                Set<Integer> found = new HashSet<>();
                addNumber(child.getFileName().toString(), found);
                numbers.addAll(found);
            });
        } catch (IOException e) {
            throw new BadInputException(folder, "cannot list the output folder (" + e.getMessage() + ")", e);
        }
        return numbers;
    }
}
