package dev.atelier.cli.bench;

import ai.djl.ndarray.NDManager;
import dev.atelier.progress.StepFinished;
import dev.atelier.method.RunContext;
import dev.atelier.Cancellation;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.ImageSaver;
import dev.atelier.io.RgbImage;
import dev.atelier.method.gatys.GatysOptions;
import dev.atelier.method.gatys.GatysResult;
import dev.atelier.method.gatys.GatysStylizer;
import dev.atelier.method.gatys.RunPlan;
import dev.atelier.method.gatys.TileSizing;
import dev.atelier.models.ModelStore;
import dev.atelier.nn.Backbone;
import dev.atelier.nn.BackboneChoice;
import dev.atelier.nn.BackboneLoader;
import dev.atelier.progress.RunListener;
import dev.atelier.tiling.TilePlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A large print made by tiling: time and peak resident memory (the kernel's high-water mark of this
 * process, {@code VmHWM}) of one run, with the plan it followed, and optionally the result and a crop
 * across the first seam of the final scale. Memory should follow the tile size, not the print's.
 */
@Command(name = "gatys-print", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Time and peak memory of a tiled large print; writes a crop across a seam.")
final class GatysPrintBench implements Callable<Integer> {
    @Option(names = "--content", defaultValue = BenchValues.EXAMPLE_PHOTO, description = "The photo.")
    Path content;

    @Option(names = "--style", defaultValue = BenchValues.EXAMPLE_PAINTING, description = "The painting.")
    Path style;

    @Option(names = "--size", defaultValue = "4096")
    int size;

    @Option(names = "--tile-size", defaultValue = "0", description = "0: automatic from the memory available.")
    int tileSize;

    @Option(names = "--iterations", defaultValue = "60",
            description = "Iterations over the scales (each tile of a tiled scale runs its scale's share).")
    int iterations;

    @Option(names = "--scales", defaultValue = "0")
    int scales;

    @Option(names = "--backbone", defaultValue = "embedded")
    String backbone;

    @Option(names = "--weights", paramLabel = "FILE", description = "The backbone's weights file.")
    Path weights;

    @Option(names = "--output", description = "Where to write the print.")
    Path output;

    @Option(names = "--seam-crop", description = "Where to write a crop centred on the first seam of the final scale.")
    Path seamCrop;

    @Option(names = "--crop-size", defaultValue = "512")
    int cropSize;

    @Option(names = "--checkpoint", description = "Save progress here (and resume from it if it exists).")
    Path checkpoint;

    @Override
    public Integer call() {
        ImageLoader loader = new ImageLoader();
        RgbImage photo = loader.read(content);
        RgbImage painting = loader.read(style);
        BackboneLoader backbones = new BackboneLoader(ModelStore.fromEnvironment());
        GatysOptions options = GatysOptions.builder().optSize(size).optTileSize(tileSize).optIterations(iterations)
                .optScales(scales).optBackbone(BackboneChoice.parse(backbone)).build();
        options = options.resolved(backbones.resolve(options.backbone(), weights));
        int resolvedTile = tileSize > 0 ? tileSize : TileSizing.automatic(options);
        System.out.printf(Locale.ROOT, "available memory %.1f GiB, %d native bytes per pixel, tile size %d%s%n",
                TileSizing.availableMemory() / (double) (1L << 30), TileSizing.bytesPerPixel(options), resolvedTile,
                tileSize > 0 ? "" : " (automatic)");
        RunPlan plan = RunPlan.of(photo.width(), photo.height(), options, resolvedTile);
        for (RunPlan.Step step : plan.steps()) {
            System.out.printf(Locale.ROOT, "scale %d: %d x %d, %d tile(s), %d iteration(s) each%n", step.scaleIndex(),
                    step.width(), step.height(), step.tileCount(), step.iterations());
        }
        long start = System.nanoTime();
        GatysResult result;
        try (NDManager manager = NDManager.newBaseManager();
                Backbone network = backbones.load(options.backbone(), weights, options.seed(), options.deepestLayer(), options.pooling(),
                        manager, BenchValues.warningsToStandardError())) {
            GatysOptions run = options.toBuilder().optTileSize(resolvedTile).build();
            // Where each tile starts, from the plan: a line is printed as each begins.
            RunPlan resolved = RunPlan.of(photo.width(), photo.height(), run, resolvedTile);
            java.util.Map<Long, String> starts = new java.util.HashMap<>();
            for (RunPlan.Step step : resolved.steps()) {
                for (int tile = 0; tile < step.tileCount(); tile++) {
                    starts.put((long) resolved.iterationsBefore(step.scaleIndex(), tile), "scale "
                            + (step.scaleIndex() + 1) + "/" + resolved.steps().size() + " tile " + (tile + 1) + "/"
                            + step.tileCount());
                }
            }
            RunListener progress = event -> {
                if (event instanceof StepFinished step && starts.containsKey(step.step())) {
                    System.out.printf(Locale.ROOT, "%7.1f s  %s  iteration %d/%d  resident %.0f MiB  ETA %s%n",
                            step.elapsedSeconds(), starts.remove(step.step()), step.step(), step.total(),
                            Measurements.residentMebibytes(), Double.isFinite(step.secondsRemaining())
                                    ? String.format(Locale.ROOT, "%.0f s", step.secondsRemaining()) : "not yet known");
                }
            };
            result = new GatysStylizer(network).stylize(photo, List.of(painting), List.of(), run,
                    new RunContext(Cancellation.never(), progress, step -> false, "", null, checkpoint));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%d x %d in %.1f s, %d iterations, %d evaluations, peak resident %.0f MiB%n",
                result.image().width(), result.image().height(), seconds, result.last().step(),
                result.evaluations(), peakResidentMebibytes());
        if (output != null) {
            new ImageSaver().write(result.image(), output);
            System.out.println("wrote " + output);
        }
        if (seamCrop != null) {
            RunPlan.Step last = result.plan().steps().get(result.plan().steps().size() - 1);
            TilePlan tiles = last.tiles();
            if (tiles.isSingle()) {
                System.out.println("the final scale was not tiled: no seam to crop");
            } else {
                TilePlan.Tile first = tiles.tiles().get(0);
                TilePlan.Tile second = tiles.tiles().get(1);
                int seam = (second.x() + first.x() + first.width()) / 2;
                int side = Math.min(cropSize, Math.min(result.image().width(), result.image().height()));
                int x = Math.max(0, Math.min(result.image().width() - side, seam - side / 2));
                int y = Math.max(0, Math.min(result.image().height() - side, first.height() / 2 - side / 2));
                new ImageSaver().write(result.image().crop(x, y, side, side), seamCrop);
                System.out.printf(Locale.ROOT, "wrote %s: %d x %d at (%d, %d), the seam between tiles 1 and 2 at "
                        + "x = %d (overlap %d to %d)%n", seamCrop, side, side, x, y, seam, second.x(),
                        first.x() + first.width());
            }
        }
        return 0;
    }

    /** The kernel's high-water mark of this process's resident memory, in MiB. */
    static double peakResidentMebibytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException notLinux) {
            // Not Linux: nothing to report.
        }
        return Double.NaN;
    }
}
