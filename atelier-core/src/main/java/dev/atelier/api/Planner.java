package dev.atelier.api;

import dev.atelier.BadInputException;
import dev.atelier.InvalidOptionException;
import dev.atelier.batch.BatchInputs;
import dev.atelier.batch.BatchOptions;
import dev.atelier.batch.BatchPlan;
import dev.atelier.batch.BatchRunner;
import dev.atelier.batch.ClipFiles;
import dev.atelier.batch.PairsCsv;
import dev.atelier.io.ImageHeader;
import dev.atelier.io.ImageLoader;
import dev.atelier.method.MethodChecks;
import dev.atelier.method.StyleKind;
import dev.atelier.method.StyleMethod;
import dev.atelier.method.StyleOptions;
import dev.atelier.models.ModelStore;
import dev.atelier.options.OptionInfo;
import dev.atelier.options.OptionSchema;
import dev.atelier.output.CheckpointOutput;
import dev.atelier.output.ImageOutput;
import dev.atelier.output.IntermediateImages;
import dev.atelier.output.Output;
import dev.atelier.output.OutputClaims;
import dev.atelier.output.PlotOutput;
import dev.atelier.output.ReportOutput;
import dev.atelier.output.SideBySideOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every rule a request must meet, checked before any work and without side effects beyond a
 * writability probe: the one place front ends validate (the command line, folder mode, the batch,
 * the studio). Each rule it applies is written once, in {@link MethodChecks}, the methods, the option
 * schemas or {@link OutputClaims}.
 */
final class Planner {
    private Planner() {}

    static StylizePlan stylize(StylizeRequest request) {
        return stylize(Methods.get(request.methodName()), request);
    }

    private static <O extends StyleOptions> StylizePlan stylize(StyleMethod<O, ?> method, StylizeRequest request) {
        O options = method.options().parse(request.options());
        List<String> styles = styleReferences(method, request.styles(), request.models());
        boolean several = request.contents().size() > 1 || Files.isDirectory(request.contents().get(0));
        if (several) {
            return new StylizePlan(folder(method, options, request, styles));
        }
        MethodChecks.checkStyles(method, options, styles.size(), request.styleMasks().size());
        OutputClaims claims = new OutputClaims();
        ImageLoader loader = new ImageLoader(request.readOptions());
        Path content = request.contents().get(0);
        requireFile("content", content);
        claims.input("content", "content image", content);
        ImageHeader photo = loader.inspect(content);
        MethodChecks.photoProblem(method, options, photo.width(), photo.height()).ifPresent(problem -> {
            throw new BadInputException(content, problem);
        });
        claimStyles(claims, method, options, styles, loader);
        for (Path mask : request.styleMasks()) {
            requireFile("style-masks", mask);
            loader.inspect(mask);
            claims.input("style-masks", "style mask", mask);
        }
        claimOptionFiles(claims, method.options(), options);
        if (request.initImage() != null) {
            requireIterating(method, "init-image", "it makes the image in one pass");
            requireFile("init-image", request.initImage());
            loader.inspect(request.initImage());
            claims.input("init-image", "initial image", request.initImage());
        }

        Path output = request.output();
        if (Files.isDirectory(output)) {
            throw new InvalidOptionException("output", output + " is a folder, not an image file name");
        }
        List<Output> outputs = new ArrayList<>();
        outputs.add(ImageOutput.of(output));
        if (request.plot() != null) {
            requireIterating(method, "plot", "it keeps no loss history");
            outputs.add(new PlotOutput(request.plot()));
        }
        if (request.sideBySide() != null) {
            outputs.add(SideBySideOutput.of(request.sideBySide()));
        }
        if (request.saveEvery() > 0) {
            requireIterating(method, "save-every", "it makes the image in one pass");
            long steps = Long.parseLong(method.options().text(options, "iterations"));
            outputs.add(IntermediateImages.every(request.saveEvery(), steps, output));
        }
        Path checkpoint = null;
        if (method.iterates()) {
            CheckpointOutput kept = CheckpointOutput.of(output);
            checkpoint = kept.file();
            outputs.add(kept);
        } else if (request.resume()) {
            requireIterating(method, "resume", "it makes the image in one pass");
        }
        outputs.add(request.report() != null ? new ReportOutput(request.report())
                : ReportOutput.besideImage(output));
        outputs.forEach(each -> each.claim(claims));
        claims.requireWritable();
        if (checkpoint != null && Files.exists(checkpoint) && !request.resume()) {
            throw new InvalidOptionException("resume", checkpoint + ": an interrupted run's checkpoint is here; "
                    + "resume it with {resume}, or delete it to start over");
        }
        return new StylizePlan(method, request.options(), content, styles, request.styleMasks(), request.initImage(),
                checkpoint, request.resume(), outputs, request.readOptions(), request.command());
    }

    /** Several photos with one style into a folder: a batch without contact sheet or index page. */
    private static <O extends StyleOptions> BatchJobPlan folder(StyleMethod<O, ?> method, O options,
            StylizeRequest request, List<String> styles) {
        if (styles.size() != 1) {
            throw new InvalidOptionException(method.styleKind() == StyleKind.MODELS ? "model" : "style",
                    "several photos take one style each here; use batch for every photo with every style");
        }
        if (!request.styleMasks().isEmpty()) {
            throw new InvalidOptionException("style-masks", "apply to one photo at a time");
        }
        Map<String, Path> single = new LinkedHashMap<>();
        single.put("report", request.report());
        single.put("plot", request.plot());
        single.put("side-by-side", request.sideBySide());
        single.forEach((role, given) -> {
            if (given != null) {
                throw new InvalidOptionException(role, "applies to one photo; with several, each result gets its "
                        + "report beside it");
            }
        });
        if (request.saveEvery() > 0) {
            throw new InvalidOptionException("save-every", "applies to one photo at a time");
        }
        if (request.initImage() != null || request.resume()) {
            throw new InvalidOptionException(request.resume() ? "resume" : "init-image", "applies to one photo at a "
                    + "time (several photos resume by themselves: a rerun skips what is done)");
        }
        if (Files.exists(request.output()) && !Files.isDirectory(request.output())) {
            throw new InvalidOptionException("output", request.output() + " is a file, but several photos need a "
                    + "folder for their results");
        }
        MethodChecks.checkStyles(method, options, 1, 0);
        List<Path> photos = BatchInputs.contents(request.contents(), request.clips() != null);
        String style = styles.get(0);
        Path styleFile = method.styleKind() == StyleKind.MODELS && ModelStore.isKnown(style) ? Path.of(style)
                : method.styleKind() == StyleKind.MODELS ? ModelStore.localFile(style, "model") : Path.of(style);
        BatchOptions batch = BatchOptions.builder(request.output()).optSheets(false).optSize(options.size())
                .optFormat(request.format()).optReadOptions(request.readOptions()).build();
        return batchPlan(method, options, request.options(), BatchPlan.crossProduct(photos, List.of(styleFile)), batch,
                request.command(), request.clips());
    }

    static BatchJobPlan batch(BatchRequest request) {
        return batch(Methods.get(request.methodName()), request);
    }

    private static <O extends StyleOptions> BatchJobPlan batch(StyleMethod<O, ?> method, BatchRequest request) {
        Map<String, String> methodOptions = new LinkedHashMap<>();
        Map<String, String> batchOptions = new LinkedHashMap<>();
        request.options().forEach((key, value) -> (BatchOptions.SCHEMA.has(key) && !method.options().has(key)
                ? batchOptions : methodOptions).put(key, value));
        O options = method.options().parse(methodOptions);
        // The batch's size is its method's, and cropping needs it: it goes in before the batch's own checks.
        BatchOptions batch = BatchOptions.SCHEMA.parse(batchOptions, builder -> builder
                .optOutputFolder(request.output()).optSize(options.size()).optReadOptions(request.readOptions()));
        MethodChecks.checkStyles(method, options, 1, 0);
        BatchPlan pairs = pairs(method, request);
        return batchPlan(method, options, methodOptions, pairs, batch, "batch", request.clips());
    }

    /** The pairs, from whichever of photos and styles, an input folder or a pairs file was given. */
    private static BatchPlan pairs(StyleMethod<?, ?> method, BatchRequest request) {
        boolean withModels = method.styleKind() == StyleKind.MODELS;
        if (request.pairs() != null) {
            if (!request.styles().isEmpty() || !request.models().isEmpty()) {
                throw new InvalidOptionException("pairs", "lists the styles itself; leave out {style} and {model}");
            }
            return PairsCsv.read(request.pairs());
        }
        styleReferences(method, request.styles(), request.models());
        boolean withClips = request.clips() != null;
        List<Path> photos = request.inputFolder() != null ? BatchInputs.contentsIn(request.inputFolder(), withClips)
                : BatchInputs.contents(request.contents(), withClips);
        if (withModels) {
            if (request.models().isEmpty()) {
                throw new InvalidOptionException("model", method.name() + " needs models (or {pairs} with model paths)");
            }
            List<Path> files = new ArrayList<>();
            for (String model : request.models()) {
                files.add(ModelStore.isKnown(model) ? Path.of(model) : ModelStore.localFile(model, "model"));
            }
            return BatchPlan.crossProduct(photos, files);
        }
        if (request.inputFolder() != null && !request.styles().isEmpty()) {
            throw new InvalidOptionException("style", "the {input} folder holds the paintings itself (style_* "
                    + "images); leave out {style}");
        }
        List<Path> paintings = request.inputFolder() != null ? BatchInputs.stylesIn(request.inputFolder())
                : BatchInputs.images(request.styles(), "style");
        return BatchPlan.crossProduct(photos, paintings);
    }

    /**
     * Checks every result against every input, and that the folder can be written (or made, when it
     * does not exist yet: the run makes it).
     */
    private static <O extends StyleOptions> BatchJobPlan batchPlan(StyleMethod<O, ?> method, O options,
            Map<String, String> optionText, BatchPlan pairs, BatchOptions batch, String command, BatchClips clips) {
        OutputClaims claims = new OutputClaims();
        Path firstClip = null;
        for (Path photo : pairs.contents()) {
            boolean clip = ClipFiles.repaints(clips, photo);
            claims.input("content", clip ? "clip" : "photo", photo);
            firstClip = firstClip == null && clip ? photo : firstClip;
        }
        if (firstClip != null && (batch.shard() != null || batch.merge())) {
            // A slice's clip results would need the clips' own names and stills in the merge; not built.
            throw new InvalidOptionException(batch.merge() ? "merge" : "shard", "repaints pictures only, and "
                    + firstClip + " is a clip: batch the clips apart, without slices");
        }
        boolean withModels = method.styleKind() == StyleKind.MODELS;
        for (Path style : pairs.styles()) {
            if (!(withModels && ModelStore.isKnown(style.toString()))) {
                claims.input(withModels ? "model" : "style", withModels ? "model" : "painting", style);
            }
        }
        claimOptionFiles(claims, method.options(), options);
        Path folder = batch.outputFolder();
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new InvalidOptionException("output", folder + " is a file, but a batch needs a folder");
        }
        BatchRunner.plannedOutputs(pairs, batch, clips).forEach((file, description) ->
                claims.output("output", description, file));
        OutputClaims.requireWritableOrCreatable(folder);
        return new BatchJobPlan(method, optionText, pairs, batch, command, clips);
    }

    /** The styles a request names, checked against what the method takes: paintings or models. */
    static List<String> styleReferences(StyleMethod<?, ?> method, List<Path> styles, List<String> modelNames) {
        if (method.styleKind() == StyleKind.MODELS) {
            if (!styles.isEmpty()) {
                throw new InvalidOptionException("style", "does not apply to " + method.name() + ": its styles are "
                        + "trained networks ({model})");
            }
            return List.copyOf(modelNames);
        }
        if (!modelNames.isEmpty()) {
            throw new InvalidOptionException("model", "does not apply to " + method.name() + ", which takes "
                    + "paintings ({style}); trained networks are for feedforward");
        }
        return styles.stream().map(Path::toString).toList();
    }

    /** Every painting (headers read, sizes checked) or model file a single result uses, claimed as an input. */
    private static <O extends StyleOptions> void claimStyles(OutputClaims claims, StyleMethod<O, ?> method, O options,
            List<String> styles, ImageLoader loader) {
        boolean withModels = method.styleKind() == StyleKind.MODELS;
        for (String style : styles) {
            if (withModels && ModelStore.isKnown(style)) {
                continue;
            }
            if (withModels) {
                claims.input("model", "model", ModelStore.localFile(style, "model"));
                continue;
            }
            Path file = Path.of(style);
            requireFile("style", file);
            ImageHeader painting = loader.inspect(file);
            MethodChecks.paintingProblem(method, options, painting.width(), painting.height()).ifPresent(problem -> {
                throw new BadInputException(file, problem);
            });
            claims.input("style", "painting", file);
        }
    }

    /** The files options name (weights, encoders): each must exist unless it is a name. */
    static <O> void claimOptionFiles(OutputClaims claims, OptionSchema<?, O> schema, O options) {
        for (OptionInfo info : schema.describe()) {
            if (!info.inputFile()) {
                continue;
            }
            String text = schema.text(options, info.key());
            if (ModelStore.namesAFile(text)) {
                claims.input(info.key(), info.key() + " file", ModelStore.localFile(text, info.key()));
            }
        }
    }

    static void requireFile(String key, Path file) {
        if (!Files.exists(file)) {
            throw new BadInputException(file, "no such file (" + key + ")");
        }
        if (Files.isDirectory(file)) {
            throw new InvalidOptionException(key, file + " is a folder; an image file is needed here");
        }
    }

    static void requireIterating(StyleMethod<?, ?> method, String key, String why) {
        if (!method.iterates()) {
            throw new InvalidOptionException(key, "does not apply to " + method.name() + ": " + why);
        }
    }
}
