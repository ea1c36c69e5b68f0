package dev.atelier.spark;

import dev.atelier.BadInputException;
import dev.atelier.InvalidOptionException;
import dev.atelier.batch.BatchPlan;
import dev.atelier.batch.PairsCsv;
import dev.atelier.models.ModelStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * A job's pairs, named and ordered exactly as {@code atelier batch} names and orders them (every
 * photo with every style, or a CSV's lines), with the cluster files behind each photo and style. The
 * {@link BatchPlan} holds local stand-ins for the files ({@link ClusterInputs.InputFile#view()}): the
 * names, manifest and index page need only their names.
 *
 * @param pairs the batch's pairs
 * @param contents the photo behind each of {@code pairs.contents()}
 * @param styles the painting or model file behind each of {@code pairs.styles()}; {@code null} for
 *     a known model given by name
 * @param modelNames the known model's name where {@code styles} holds {@code null}
 */
record SparkPlan(BatchPlan pairs, List<ClusterInputs.InputFile> contents, List<ClusterInputs.InputFile> styles,
        List<String> modelNames) {

    /** Largest pairs list read: about ten million lines. */
    private static final long LARGEST_CSV = 1L << 30;

    static SparkPlan of(SparkBatchRequest request, boolean withModels, Configuration configuration, Path output) {
        if (request.pairs() != null) {
            if (!request.styles().isEmpty() || !request.models().isEmpty()) {
                throw new InvalidOptionException("pairs", "lists the styles itself; leave out {style} and {model}");
            }
            return fromCsv(request.pairs(), withModels, configuration);
        }
        if (withModels && !request.styles().isEmpty()) {
            throw new InvalidOptionException("style", "does not apply to this method: its styles are trained "
                    + "networks ({model})");
        }
        if (!withModels && !request.models().isEmpty()) {
            throw new InvalidOptionException("model", "does not apply to this method, which takes paintings "
                    + "({style}); trained networks are for feedforward");
        }
        List<ClusterInputs.InputFile> photos = request.inputFolder() != null
                ? ClusterInputs.prefixed(request.inputFolder(), "content_", "content", configuration, output)
                : ClusterInputs.images(request.contents(), "content", configuration, output);
        List<ClusterInputs.InputFile> styles = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (withModels) {
            if (request.models().isEmpty()) {
                throw new InvalidOptionException("model", "this method needs models (or {pairs} with model paths)");
            }
            for (String model : request.models()) {
                boolean known = ModelStore.isKnown(model);
                styles.add(known ? null : ClusterInputs.model(model, configuration));
                names.add(known ? model : null);
            }
        } else {
            if (request.inputFolder() != null && !request.styles().isEmpty()) {
                throw new InvalidOptionException("style", "the {input} folder holds the paintings itself (style_* "
                        + "images); leave out {style}");
            }
            styles.addAll(request.inputFolder() != null
                    ? ClusterInputs.prefixed(request.inputFolder(), "style_", "style", configuration, output)
                    : ClusterInputs.images(request.styles(), "style", configuration, output));
            styles.forEach(style -> names.add(null));
        }
        List<java.nio.file.Path> styleViews = new ArrayList<>();
        for (int i = 0; i < styles.size(); i++) {
            styleViews.add(styles.get(i) == null ? java.nio.file.Path.of(names.get(i)) : styles.get(i).view());
        }
        BatchPlan plan = BatchPlan.crossProduct(photos.stream().map(ClusterInputs.InputFile::view).toList(),
                styleViews);
        return new SparkPlan(plan, photos, styles, names);
    }

    /** The pairs of a CSV on the cluster's file system, its paths relative to its folder. */
    private static SparkPlan fromCsv(String given, boolean withModels, Configuration configuration) {
        ClusterInputs.InputFile csv = ClusterInputs.file(given, "pairs", configuration);
        String text = PairsCsv.withoutByteOrderMark(ClusterFiles.readText(ClusterFiles.of(csv.path(), configuration),
                csv.path(), LARGEST_CSV));
        Map<java.nio.file.Path, ClusterInputs.InputFile> files = new HashMap<>();
        Map<java.nio.file.Path, String> named = new HashMap<>();
        BatchPlan plan = PairsCsv.parse(text, problem -> new BadInputException(csv.display() + ": " + problem),
                (line, field, role) -> {
                    if (withModels && role.equals("style") && ModelStore.isKnown(field)) {
                        java.nio.file.Path view = java.nio.file.Path.of(field);
                        named.put(view, field);
                        return view;
                    }
                    Path path = new Path(csv.path().getParent(), field);
                    if (role.startsWith("content")) {
                        try {
                            ClusterInputs.refuseClip(path);
                        } catch (BadInputException clip) {
                            throw new BadInputException(csv.display() + ": line " + line + ": " + clip.getMessage());
                        }
                    }
                    ClusterInputs.InputFile file;
                    try {
                        file = withModels && role.equals("style") ? ClusterInputs.model(path.toString(), configuration)
                                : ClusterInputs.file(path, path.toString(), role, configuration);
                    } catch (BadInputException e) {
                        throw new BadInputException(csv.display() + ": line " + line + ": " + role + " '" + field
                                + "' not found (looked for " + ClusterFiles.displayName(path) + ")");
                    }
                    files.put(file.view(), file);
                    return file.view();
                });
        List<ClusterInputs.InputFile> photos = plan.contents().stream().map(files::get).toList();
        List<ClusterInputs.InputFile> styles = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (java.nio.file.Path style : plan.styles()) {
            styles.add(files.get(style));
            names.add(named.get(style));
        }
        return new SparkPlan(plan, photos, styles, names);
    }

    /** A style's stamp as manifests record it (a known model's name stands for its verified file). */
    String styleStamp(int style) {
        return styles.get(style) == null ? "model " + modelNames.get(style) : styles.get(style).stamp();
    }

    /** How reports and manifests name a style. */
    String styleDisplay(int style) {
        return styles.get(style) == null ? modelNames.get(style) : styles.get(style).display();
    }

    /**
     * Refuses a job whose results would overwrite one of its inputs: an input given as a file directly
     * in the output folder, under a name the job writes there.
     *
     * @param outputNames every file name the job writes in {@code output}
     */
    void requireNoInputOverwritten(Path output, java.util.Set<String> outputNames) {
        List<ClusterInputs.InputFile> inputs = new ArrayList<>(contents);
        styles.stream().filter(java.util.Objects::nonNull).forEach(inputs::add);
        for (ClusterInputs.InputFile input : inputs) {
            Path parent = input.path().getParent();
            if (parent != null && parent.equals(output) && outputNames.contains(input.path().getName())) {
                throw new InvalidOptionException("output", input.display() + " would be overwritten by this batch's "
                        + "own file of that name; choose another output folder");
            }
        }
    }
}
