package dev.atelier.cli;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import dev.atelier.BadInputException;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.ImageSaver;
import dev.atelier.io.Resampler;
import dev.atelier.io.RgbImage;
import dev.atelier.method.feedforward.FeedForwardModels;
import dev.atelier.method.feedforward.FeedForwardStylizer;
import dev.atelier.method.feedforward.ModelFile;
import dev.atelier.nn.TransformerNetwork;
import dev.atelier.report.JsonReports;
import dev.atelier.weights.WeightsFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code stylize --model}: one trained network over one or many photos, loaded once. A single photo
 * goes to the output file; several photos (or a folder) go into the output folder, each named after
 * its photo.
 */
final class FeedForwardRun {
    private FeedForwardRun() {}

    static int run(Path model, List<Path> contents, Path output, int size, String format, ImageLoader loader,
            ProgressLine line, boolean quiet, PrintStream err) {
        List<Path> photos = expand(contents);
        boolean single = photos.size() == 1 && !Files.isDirectory(contents.get(0));
        List<Path> outputs = new ArrayList<>();
        if (single) {
            CliOutputs.requireImageOutput(output);
            outputs.add(output);
        } else {
            if (!Files.isDirectory(output)) {
                throw new BadInputException(output, "with several content images, --output must be an existing folder");
            }
            for (Path photo : photos) {
                outputs.add(output.resolve(stem(photo) + "." + format));
            }
        }
        ModelFile.Model weights = FeedForwardModels.read(model);
        String modelSha256 = Files.isRegularFile(model) ? WeightsFiles.sha256(model) : null;
        long start = System.nanoTime();
        int failed = 0;
        try (NDManager manager = NDManager.newBaseManager();
                TransformerNetwork network = TransformerNetwork.fromStateDict(weights.layout(), weights.weights(),
                        manager)) {
            FeedForwardStylizer stylizer = new FeedForwardStylizer(network);
            for (int i = 0; i < photos.size(); i++) {
                Path photo = photos.get(i);
                try {
                    RgbImage image = loader.read(photo);
                    if (size > 0) {
                        image = Resampler.fitLongestSide(image, size);
                    }
                    long imageStart = System.nanoTime();
                    RgbImage result = stylizer.stylize(image);
                    double seconds = (System.nanoTime() - imageStart) / 1e9;
                    new ImageSaver().write(result, outputs.get(i));
                    JsonReports.write(report(model, weights, modelSha256, photo, outputs.get(i), result, size,
                            seconds), JsonReports.sidecarOf(outputs.get(i)));
                } catch (BadInputException e) {
                    if (single) {
                        throw e;
                    }
                    failed++;
                    line.message("atelier: error: " + e.getMessage());
                }
                if (!quiet) {
                    double elapsed = (System.nanoTime() - start) / 1e9;
                    double done = i + 1;
                    line.update(done / photos.size(), (i + 1) + "/" + photos.size(), elapsed,
                            elapsed / done * (photos.size() - done), photo.getFileName().toString());
                }
            }
        }
        line.finish();
        if (!quiet) {
            err.printf(Locale.ROOT, "wrote %d image%s with %s (%s layout) in %.1f s%n", photos.size() - failed,
                    photos.size() - failed == 1 ? "" : "s", model, weights.layout().displayName(),
                    (System.nanoTime() - start) / 1e9);
        }
        return failed == 0 ? ExitCode.SUCCESS : ExitCode.PARTIAL_FAILURE;
    }

    /** Files as given, folders replaced by the JPEG and PNG files in them (sorted). */
    static List<Path> expand(List<Path> contents) {
        List<Path> photos = new ArrayList<>();
        for (Path content : contents) {
            if (Files.isDirectory(content)) {
                try (Stream<Path> files = Files.list(content)) {
                    files.filter(Files::isRegularFile).filter(FeedForwardRun::looksLikeImage).sorted()
                            .forEach(photos::add);
                } catch (IOException e) {
                    throw new BadInputException(content, "cannot list the folder (" + e.getMessage() + ")");
                }
            } else {
                photos.add(content);
            }
        }
        if (photos.isEmpty()) {
            throw new BadInputException(contents.get(0), "holds no .jpg or .png images");
        }
        return photos;
    }

    private static boolean looksLikeImage(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png");
    }

    static String stem(Path file) {
        return file.getFileName().toString().replaceFirst("\\.[^.]+$", "");
    }

    private static JsonObject report(Path model, ModelFile.Model weights, String modelSha256, Path photo,
            Path output, RgbImage result, int size, double seconds) {
        JsonObject report = JsonReports.newReport("stylize", "feedforward");
        JsonObject files = new JsonObject();
        files.addProperty("content", photo.toString());
        files.addProperty("model", model.toString());
        files.addProperty("output", output.toString());
        report.add("files", files);
        JsonObject network = new JsonObject();
        network.addProperty("layout", weights.layout().displayName());
        network.addProperty("style", weights.style());
        network.addProperty("model_sha256", modelSha256);
        if (weights.provenance() != null) {
            network.add("provenance", weights.provenance());
        }
        report.add("model", network);
        JsonObject settings = new JsonObject();
        settings.addProperty("size", size);
        report.add("settings", settings);
        JsonObject outcome = new JsonObject();
        outcome.addProperty("width", result.width());
        outcome.addProperty("height", result.height());
        outcome.addProperty("seconds", seconds);
        report.add("result", outcome);
        return report;
    }
}
