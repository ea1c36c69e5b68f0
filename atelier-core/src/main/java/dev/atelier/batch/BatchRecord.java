package dev.atelier.batch;

import com.google.gson.JsonObject;
import dev.atelier.io.RgbImage;
import dev.atelier.progress.RunListener;
import dev.atelier.progress.Warning;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A batch's record (its manifest, contact sheet and index page) written from pairs whose outcomes
 * were decided elsewhere: by the slices of a sharded batch ({@link BatchMerge}), or by a cluster job
 * that makes the pairs on many machines and brings their outcomes to one place. The files are the
 * ones {@link BatchRunner} writes, drawn by the same code, so a later batch into the same folder reads
 * them as its own and skips what is done.
 */
public final class BatchRecord {
    private final BatchPlan plan;
    private final String method;
    private final BatchOptions options;
    private final Manifest manifest;
    private final ContactSheet sheet;

    /**
     * @param plan the whole batch, in the manifest's order: its photos and styles are the contact
     *     sheet's rows and columns, and the index page shows their file names
     * @param method the method's registered name
     * @param settings everything that shaped the results, as {@link BatchRunner#settings()} records it
     * @param options the batch's options: the output folder, the results' format and layout, whether
     *     (and how large) the contact sheet and index page are drawn
     * @param stylesAreImages whether the styles are paintings (false: trained networks, shown by name)
     * @param entries one per pair of {@code plan}, in its order
     */
    public BatchRecord(BatchPlan plan, String method, JsonObject settings, BatchOptions options,
            boolean stylesAreImages, List<ManifestEntry> entries) {
        if (entries.size() != plan.pairs().size()) {
            throw new IllegalArgumentException(entries.size() + " manifest entries for " + plan.pairs().size()
                    + " pairs");
        }
        for (int i = 0; i < entries.size(); i++) {
            if (!entries.get(i).name().equals(plan.pairs().get(i).name())) {
                throw new IllegalArgumentException("entry " + i + " is '" + entries.get(i).name() + "' but the pair is '"
                        + plan.pairs().get(i).name() + "'");
            }
        }
        this.plan = plan;
        this.method = method;
        this.options = options;
        this.manifest = Manifest.of(options.outputFolder(), options.manifestFileName(), method, settings.deepCopy(),
                options.format(), entries);
        this.sheet = new ContactSheet(plan, manifest, options, stylesAreImages);
    }

    /** The settings' fingerprint, as reports' {@code batch.settings_fingerprint} carry it. */
    public String fingerprint() {
        return manifest.fingerprint();
    }

    /** Where pair {@code index}'s result is, relative to the output folder (forward slashes). */
    public String resultName(int index) {
        return manifest.relative(manifest.output(index));
    }

    /** Where pair {@code index}'s report is, relative to the output folder (forward slashes). */
    public String reportName(int index) {
        return manifest.relative(manifest.report(index));
    }

    /** Whether the contact sheet shows pair {@code index}'s result (it shows the first photos and styles only). */
    public boolean showsOnSheet(int index) {
        BatchPlan.Pair pair = plan.pairs().get(index);
        return options.sheets() && pair.content() < sheet.shownContents() && pair.style() < sheet.shownStyles();
    }

    /** Whether the contact sheet shows photo {@code index}. */
    public boolean showsContent(int index) {
        return options.sheets() && index < sheet.shownContents();
    }

    /** Whether the contact sheet shows style {@code index}. */
    public boolean showsStyle(int index) {
        return options.sheets() && index < sheet.shownStyles();
    }

    /** The side of a contact sheet cell: pictures offered need be no larger. */
    public int cellSize() {
        return options.cellSize();
    }

    /** A photo for the contact sheet (otherwise it is read from its file, if there is one here). */
    public void offerContent(int content, RgbImage picture) {
        sheet.offerContent(content, picture);
    }

    /** A painting for the contact sheet (otherwise it is read from its file, if there is one here). */
    public void offerStyle(int style, RgbImage picture) {
        sheet.offerStyle(style, picture);
    }

    /** A pair's result for the contact sheet (otherwise it is read from the output folder). */
    public void offerResult(int pair, RgbImage result) {
        sheet.offerResult(pair, result);
    }

    /**
     * Writes the manifest and, when the options ask for them, the contact sheet and the index page,
     * each atomically. A contact sheet that cannot be drawn is a warning, not a failure: the manifest
     * and index are what reruns and people need.
     */
    public void write(RunListener listener) {
        manifest.save();
        if (!options.sheets()) {
            return;
        }
        Path sheetFile = contactSheetFile().orElseThrow();
        try {
            sheet.write(sheetFile);
        } catch (RuntimeException e) {
            listener.onEvent(new Warning("could not write the contact sheet " + sheetFile + ": "
                    + BatchRunner.message(e)));
        }
        IndexPage.write(indexFile().orElseThrow(), method, plan, manifest, sheet, sheetFile,
                Math.min(options.cellSize(), 160));
    }

    public Path manifestFile() {
        return options.outputFolder().resolve(options.manifestFileName());
    }

    public Optional<Path> contactSheetFile() {
        return options.sheets() ? Optional.of(options.outputFolder().resolve("contact-sheet."
                + options.format().extension())) : Optional.empty();
    }

    public Optional<Path> indexFile() {
        return options.sheets() ? Optional.of(options.outputFolder().resolve(IndexPage.FILE_NAME)) : Optional.empty();
    }

    /**
     * A manifest as a run left it.
     *
     * @param method the method's registered name
     * @param settings what shaped its results
     * @param fingerprint the settings' fingerprint
     * @param entries its pairs
     */
    public record Written(String method, JsonObject settings, String fingerprint, List<ManifestEntry> entries) {
        public Written {
            entries = List.copyOf(entries);
        }
    }

    /**
     * Reads a manifest file (a batch's, a slice's, or one a cluster job left).
     *
     * @throws dev.atelier.BadInputException when it cannot be read or is not a batch manifest
     */
    public static Written read(Path manifestFile) {
        JsonObject json = Manifest.parse(manifestFile);
        JsonObject settings = json.getAsJsonObject("settings");
        String method = json.has("method") && json.get("method").isJsonPrimitive() ? json.get("method").getAsString()
                : null;
        return new Written(method, settings, SettingsFingerprint.of(settings), Manifest.entries(manifestFile, json));
    }
}
