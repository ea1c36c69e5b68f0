package dev.atelier.cli.bench;

import ai.djl.pytorch.jni.JniUtils;
import dev.atelier.BadInputException;
import dev.atelier.InvalidOptionException;
import dev.atelier.api.Atelier;
import dev.atelier.api.Style;
import dev.atelier.api.Stylist;
import dev.atelier.api.StylistRequest;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.Resampler;
import dev.atelier.io.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Where a one-pass method's time goes, operator by operator: PyTorch's own profiler (through DJL's
 * {@code JniUtils.startProfile}) around a few stylisations after warm-up ones, summed by operator and
 * by operator and input shapes ({@link OperatorProfile}), beside the wall time of each stylisation, so
 * that what lies outside PyTorch's operators shows too. The profiler adds some time of its own.
 */
@Command(name = "operators", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Where a one-pass method's time goes, operator by operator (PyTorch's profiler).")
final class OperatorsBench implements Callable<Integer> {
    @Option(names = "--method", defaultValue = "magenta", description = "feedforward, adain or magenta.")
    String method;

    @Option(names = "--size", defaultValue = "640x480", description = "The photo's size, WIDTHxHEIGHT (the "
            + "example photo resized).")
    String size;

    @Option(names = "--style", defaultValue = BenchValues.EXAMPLE_PAINTING,
            description = "The painting (adain, magenta).")
    Path style;

    @Option(names = "--model", defaultValue = "candy", description = "The trained network (feedforward).")
    String model;

    @Option(names = "--option", paramLabel = "KEY=VALUE", description = "A method option (repeatable), e.g. "
            + "transformer=FILE.")
    List<String> options = new ArrayList<>();

    @Option(names = "--runs", defaultValue = "5", description = "Stylisations profiled.")
    int runs;

    @Option(names = "--warmup", defaultValue = "3", description = "Stylisations before profiling.")
    int warmup;

    @Option(names = "--top", defaultValue = "20", description = "Lines of the table by shape.")
    int top;

    @Option(names = "--trace", description = "Keep PyTorch's trace here (Chrome trace JSON; "
            + "chrome://tracing or Perfetto shows it).")
    Path trace;

    @Override
    public Integer call() throws IOException {
        if (!List.of("feedforward", "adain", "magenta").contains(method)) {
            throw new InvalidOptionException("method", "takes feedforward, adain or magenta (one-pass methods), got '"
                    + method + "'");
        }
        BenchValues.atLeast("runs", runs, 1);
        BenchValues.atLeast("warmup", warmup, 0);
        BenchValues.atLeast("top", top, 1);
        Path folder = trace == null ? null : checkedTraceFolder();
        RgbImage photo = photo();
        // The trace is written beside its place and moved there whole, so no half-written trace is left.
        Path file = folder == null ? Files.createTempFile("atelier-operators", ".json")
                : Files.createTempFile(folder, ".atelier-operators", ".json");
        try (Stylist stylist = Atelier.fromEnvironment().open(StylistRequest.builder().optMethod(method)
                .optOptions(BenchValues.keyValues(options, new LinkedHashMap<>())).build())) {
            Style prepared = method.equals("feedforward") ? stylist.model(model) : stylist.painting(style);
            for (int i = 0; i < warmup; i++) {
                stylist.stylize(photo, prepared);
            }
            double[] seconds = new double[runs];
            JniUtils.startProfile(false, true, false);
            try {
                for (int i = 0; i < runs; i++) {
                    seconds[i] = Measurements.seconds(() -> stylist.stylize(photo, prepared));
                }
            } finally {
                JniUtils.stopProfile(file.toString());
            }
            OperatorProfile profile = OperatorProfile.of(Files.readString(file));
            if (trace != null) {
                Files.move(file, trace, StandardCopyOption.ATOMIC_MOVE);
            }
            print(profile, seconds);
        } finally {
            Files.deleteIfExists(file);
        }
        return 0;
    }

    /** The trace's folder, checked before any work: it must be writable, and the trace a new file. */
    private Path checkedTraceFolder() {
        Path folder = trace.toAbsolutePath().getParent();
        if (Files.exists(trace, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidOptionException("trace", trace + " exists already; name a new file");
        }
        if (!Files.isDirectory(folder) || !Files.isWritable(folder)) {
            throw new InvalidOptionException("trace", "cannot be written: " + folder + " is not a writable folder");
        }
        return folder;
    }

    private void print(OperatorProfile profile, double[] seconds) {
        double wallMillis = 1000 * Measurements.median(seconds);
        double operatorMillis = profile.totalMicros() / 1000 / runs;
        System.out.println(Measurements.format("%s at %s, %d stylisations profiled: %.1f ms each (median, wall), of "
                + "which %.1f ms in PyTorch's operators and %.1f ms outside them", method, size, runs, wallMillis,
                operatorMillis, wallMillis - operatorMillis));
        if (profile.byName().isEmpty()) {
            System.out.println("  no PyTorch operator ran: this method ran on another engine");
            return;
        }
        System.out.println("  by operator (ms per stylisation, share of the operators' time, calls per stylisation):");
        for (OperatorProfile.Line line : profile.byName()) {
            System.out.println(Measurements.format("  %8.2f  %5.1f%%  %4d  %s", line.micros() / 1000 / runs,
                    100 * line.micros() / profile.totalMicros(), line.calls() / runs, line.name()));
        }
        System.out.println("  by operator and input shapes, the longest " + top + ":");
        profile.byShape().stream().limit(top).forEach(line -> System.out.println(Measurements.format(
                "  %8.2f  %5.1f%%  %4d  %s %s", line.micros() / 1000 / runs,
                100 * line.micros() / profile.totalMicros(),
                line.calls() / runs, line.name(), line.shapes())));
    }

    private RgbImage photo() {
        String[] sides = size.toLowerCase(java.util.Locale.ROOT).split("x");
        int width;
        int height;
        try {
            width = Integer.parseInt(sides[0].strip());
            height = Integer.parseInt(sides.length == 2 ? sides[1].strip() : "");
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new BadInputException("--size takes WIDTHxHEIGHT, got '" + size + "'");
        }
        BenchValues.between("size", Math.min(width, height), 16, 8192);
        BenchValues.between("size", Math.max(width, height), 16, 8192);
        Path example = Path.of(BenchValues.EXAMPLE_PHOTO);
        RgbImage source = Files.isRegularFile(example) ? new ImageLoader().read(example)
                : GatysBench.picture(Math.max(width, height), 1);
        return Resampler.resizeTo(source, width, height);
    }
}
