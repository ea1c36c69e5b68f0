package dev.atelier.cli.bench;

import ai.djl.ndarray.NDManager;
import dev.atelier.color.PictureMeasures;
import dev.atelier.io.Compositor;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.ImageSaver;
import dev.atelier.io.Resampler;
import dev.atelier.io.RgbImage;
import dev.atelier.method.RunContext;
import dev.atelier.method.gatys.GatysOptions;
import dev.atelier.method.gatys.GatysResult;
import dev.atelier.method.gatys.GatysStylizer;
import dev.atelier.models.ModelStore;
import dev.atelier.nn.Backbone;
import dev.atelier.nn.BackboneLoader;
import dev.atelier.report.HistoryEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Time to quality: the optimisation's fixed plan (500 iterations split 4:2:1 over the scales) against
 * a faster one (by default coarse scales ending at their plateau), on the same photo, painting and
 * backbone, alternated so both meet the same load. Quality is the full-size loss (the same objective in both) and two picture measures:
 * edge correlation with the photo and palette distance to the painting.
 */
@Command(name = "time-to-quality", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "The optimisation's fixed plan against a faster one (coarse scales ending at their "
                + "plateau): time, final loss, time to reach the fixed plan's loss, picture measures; both "
                + "pictures side by side.")
final class TimeToQualityBench implements Callable<Integer> {
    @Option(names = "--content", defaultValue = BenchValues.EXAMPLE_PHOTO, description = "The photo.")
    Path content;

    @Option(names = "--style", defaultValue = BenchValues.EXAMPLE_PAINTING, description = "The painting.")
    Path style;

    @Option(names = "--size", defaultValue = "512")
    int size;

    @Option(names = "--backbone", defaultValue = "auto",
            description = "The network both plans run on (auto: vgg19 when cached, else embedded).")
    String backbone;

    @Option(names = "--weights", paramLabel = "FILE", description = "Backbone weights (e.g. vgg19-normalised).")
    Path weights;

    @Option(names = "--rounds", defaultValue = "1", description = "Alternated rounds: before, now, before, now, …")
    int rounds;

    @Option(names = "--before", paramLabel = "KEY=VALUE", defaultValue = "iterations=500,scales=0,plateau=0,photo-detail=false",
            split = ",", description = "The earlier plan: option values over the defaults.")
    Map<String, String> before;

    @Option(names = "--now", paramLabel = "KEY=VALUE", split = ",", defaultValue = "plateau=0.002",
            description = "The faster plan: option values over the defaults.")
    Map<String, String> now;

    @Option(names = "--output", description = "Photo, painting and both pictures side by side (PNG or JPEG).")
    Path output;

    /** One run of one plan, measured. */
    private record Run(String plan, double seconds, double finalLoss, double secondsToTarget, int iterations,
            int evaluations, double edges, double palette, RgbImage image) {}

    @Override
    public Integer call() {
        BenchValues.between("size", size, 16, 4096);
        BenchValues.atLeast("rounds", rounds, 1);
        ImageLoader loader = new ImageLoader();
        RgbImage photo = loader.read(content);
        RgbImage painting = loader.read(style);
        GatysOptions earlier = options(before);
        GatysOptions today = options(now);
        BackboneLoader backbones = new BackboneLoader(ModelStore.fromEnvironment());
        GatysOptions resolvedEarlier = earlier.resolved(backbones.resolve(earlier.backbone(), weights));
        GatysOptions resolvedToday = today.resolved(backbones.resolve(today.backbone(), weights));
        List<Run> runs = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager();
                Backbone network = backbones.load(resolvedEarlier.backbone(), weights, resolvedEarlier.seed(),
                        deeper(resolvedEarlier, resolvedToday), resolvedEarlier.pooling(), manager,
                        BenchValues.warningsToStandardError())) {
            System.out.println(Measurements.format("backbone %s, %d px, %s; before: %s; now: %s", network.name(),
                    size, content.getFileName(), before, now));
            for (int round = 0; round < rounds; round++) {
                Run first = run("before", network, photo, painting, resolvedEarlier, Double.NaN);
                runs.add(first);
                print(first);
                Run second = run("now", network, photo, painting, resolvedToday, first.finalLoss());
                runs.add(second);
                print(second);
            }
        }
        Run lastBefore = runs.get(runs.size() - 2);
        Run lastNow = runs.get(runs.size() - 1);
        System.out.println(Measurements.format("now / before: time %.2f, final loss %.3f, edge correlation %.3f, "
                + "palette distance %.3f", lastNow.seconds() / lastBefore.seconds(),
                lastNow.finalLoss() / lastBefore.finalLoss(), lastNow.edges() / lastBefore.edges(),
                lastNow.palette() / lastBefore.palette()));
        if (output != null) {
            RgbImage photoHere = Resampler.resizeTo(photo, lastNow.image().width(), lastNow.image().height());
            RgbImage paintingHere = Resampler.fitLongestSide(painting, size);
            new ImageSaver().write(Compositor.sideBySide(List.of(photoHere, paintingHere, lastBefore.image(),
                    lastNow.image()), photoHere.height(), 8, new float[] {1, 1, 1}), output);
            System.out.println("wrote " + output + " (photo, painting, before, now)");
        }
        return 0;
    }

    private Run run(String plan, Backbone network, RgbImage photo, RgbImage painting, GatysOptions options,
            double target) {
        GatysResult result = new GatysStylizer(network).stylize(photo, painting, options, RunContext.quiet());
        int finest = result.plan().steps().size() - 1;
        List<HistoryEntry> fullSize = result.history().stream().filter(entry -> entry.scale() == finest).toList();
        double finalLoss = fullSize.stream().mapToDouble(HistoryEntry::total).min().orElse(Double.NaN);
        double toTarget = Double.NaN;
        for (HistoryEntry entry : fullSize) {
            if (entry.total() <= target) {
                toTarget = entry.seconds();
                break;
            }
        }
        RgbImage image = result.image();
        RgbImage photoHere = Resampler.resizeTo(photo, image.width(), image.height());
        return new Run(plan, result.seconds(), finalLoss, toTarget, (int) result.last().step(), result.evaluations(),
                PictureMeasures.edgeCorrelation(photoHere, image), PictureMeasures.paletteDistance(image,
                        Resampler.fitLongestSide(painting, size)), image);
    }

    private static void print(Run run) {
        System.out.println(Measurements.format("%-6s %7.1f s  %4d iterations  %4d evaluations  final full-size loss "
                + "%.4f  %s  edge correlation %.4f  palette distance %.4f", run.plan(), run.seconds(),
                run.iterations(), run.evaluations(), run.finalLoss(), Double.isNaN(run.secondsToTarget())
                        ? (run.plan().equals("before") ? "" : "never reached before's loss")
                        : Measurements.format("reached before's loss at %.1f s", run.secondsToTarget()),
                run.edges(), run.palette()));
    }

    private GatysOptions options(Map<String, String> overrides) {
        Map<String, String> values = new LinkedHashMap<>(overrides);
        values.put("size", String.valueOf(size));
        values.putIfAbsent("backbone", backbone);
        return GatysOptions.SCHEMA.parse(values);
    }

    /** The deeper of the two plans' deepest layers, so one network serves both. */
    private static String deeper(GatysOptions first, GatysOptions second) {
        return first.deepestLayer().compareTo(second.deepestLayer()) >= 0 ? first.deepestLayer()
                : second.deepestLayer();
    }
}
