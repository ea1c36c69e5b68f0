package dev.atelier.cli.bench;

import ai.djl.ndarray.NDManager;
import dev.atelier.report.HistoryEntry;
import dev.atelier.progress.Warning;
import dev.atelier.progress.StepFinished;
import dev.atelier.method.RunContext;
import dev.atelier.Cancellation;
import dev.atelier.io.AtomicFiles;
import dev.atelier.InvalidOptionException;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.ImageSaver;
import dev.atelier.io.RgbImage;
import dev.atelier.method.gatys.GatysOptions;
import dev.atelier.method.gatys.GatysResult;
import dev.atelier.method.gatys.GatysStylizer;
import dev.atelier.method.gatys.OptimizerKind;
import dev.atelier.nn.Backbone;
import dev.atelier.nn.BackboneChoice;
import dev.atelier.models.ModelStore;
import dev.atelier.nn.BackboneLoader;
import dev.atelier.report.LossPlot;
import dev.atelier.progress.RunListener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Loss against wall time for L-BFGS, Adam and multi-scale L-BFGS on one content/style pair, each
 * given the same time: the evidence for which is the default. Only losses measured at full size are
 * compared (a coarse scale's loss is of a smaller image).
 */
@Command(name = "curves", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Loss-versus-time curves of the optimisers on one pair (CSV and PNG).")
final class CurvesBench implements Callable<Integer> {
    @Option(names = "--content", defaultValue = BenchValues.EXAMPLE_PHOTO, description = "The photo.")
    Path content;

    @Option(names = "--style", defaultValue = BenchValues.EXAMPLE_PAINTING, description = "The painting.")
    Path style;

    @Option(names = "--size", defaultValue = "256")
    int size;

    @Option(names = "--seconds", defaultValue = "120", description = "Time each configuration gets.")
    double seconds;

    @Option(names = "--iterations", defaultValue = "2000", description = "Iteration cap for each configuration.")
    int iterations;

    @Option(names = "--backbone", defaultValue = "random-vgg19")
    String backbone;

    @Option(names = "--configurations", split = ",", defaultValue = "lbfgs,adam,multiscale")
    List<String> configurations;

    @Option(names = "--output", defaultValue = "curves", description = "Prefix of the .csv and .png written.")
    String output;

    @Override
    public Integer call() {
        BenchValues.atLeast("iterations", iterations, 1);
        if (!(seconds > 0)) {
            throw new InvalidOptionException("seconds", "must be positive, got " + seconds);
        }
        for (String configuration : configurations) {
            if (!List.of("lbfgs", "adam", "multiscale").contains(configuration)) {
                throw new InvalidOptionException("configurations", "expected lbfgs, adam or multiscale, got '"
                        + configuration + "'");
            }
        }
        BackboneLoader backbones = new BackboneLoader(ModelStore.fromEnvironment());
        GatysOptions parsed = GatysOptions.SCHEMA.parse(Map.of("size", String.valueOf(size), "iterations",
                String.valueOf(iterations), "backbone", backbone));
        GatysOptions base = parsed.resolved(backbones.resolve(parsed.backbone(), null));
        ImageLoader loader = new ImageLoader();
        RgbImage contentImage = loader.read(content);
        RgbImage styleImage = loader.read(style);
        StringBuilder csv = new StringBuilder("configuration,seconds,iteration,total,content,style\n");
        LossPlot plot = new LossPlot("Loss at " + size + " px against time", "seconds");
        try (NDManager manager = NDManager.newBaseManager();
                Backbone network = backbones.load(base.backbone(), null, 0, base.deepestLayer(), base.pooling(),
                        manager, BenchValues.warningsToStandardError())) {
            System.out.println("backbone " + network.name());
            for (String configuration : configurations) {
                GatysOptions options = switch (configuration) {
                    case "lbfgs" -> base.toBuilder().optScales(1).build();
                    case "adam" -> base.toBuilder().optScales(1).optOptimizer(OptimizerKind.ADAM).build();
                    case "multiscale" -> base.toBuilder().optScales(0).build();
                    default -> throw new IllegalArgumentException("unknown configuration " + configuration);
                };
                Cancellation budget = new Cancellation();
                RunListener stopAtBudget = event -> {
                    if (event instanceof StepFinished step && step.elapsedSeconds() >= seconds) {
                        budget.request();
                    }
                };
                GatysResult result = new GatysStylizer(network).stylize(contentImage, styleImage, options,
                        new RunContext(budget, stopAtBudget, step -> false, ""));
                int finest = result.plan().steps().size() - 1;
                List<HistoryEntry> fullSize = result.history().stream().filter(entry -> entry.scale() == finest)
                        .toList();
                for (HistoryEntry entry : fullSize) {
                    csv.append(Measurements.format("%s,%.3f,%d,%.6g,%.6g,%.6g%n", configuration, entry.seconds(),
                            entry.step(), entry.total(), entry.losses().getOrDefault("content", 0.0),
                            entry.losses().getOrDefault("style", 0.0)));
                    plot.add(configuration, entry.seconds(), entry.total());
                }
                HistoryEntry last = fullSize.isEmpty() ? null : fullSize.get(fullSize.size() - 1);
                System.out.println(Measurements.format("%-10s %s: %d iterations, %d evaluations, %.1f s, "
                        + "final loss at full size %s", configuration, options.scalePlan().scales(),
                        result.last().step(), result.evaluations(), result.seconds(),
                        last == null ? "n/a" : Measurements.format("%.4g", last.total())));
                new ImageSaver().write(result.image(), Path.of(output + "-" + configuration + ".png"));
            }
        }
        String text = csv.toString();
        AtomicFiles.write(Path.of(output + ".csv"), stream -> stream.write(text.getBytes(StandardCharsets.UTF_8)));
        plot.write(Path.of(output + ".png"), 900, 600);
        System.out.println("wrote " + output + ".csv and " + output + ".png");
        return 0;
    }
}
