package dev.atelier.cli.bench;

import com.google.gson.JsonObject;
import dev.atelier.Cancellation;
import dev.atelier.api.Atelier;
import dev.atelier.api.Style;
import dev.atelier.api.Stylist;
import dev.atelier.io.Resampler;
import dev.atelier.io.RgbImage;
import dev.atelier.progress.RunListener;
import dev.atelier.progress.Warning;
import dev.atelier.video.VideoOutcome;
import dev.atelier.video.VideoPlan;
import dev.atelier.video.VideoRequest;
import dev.atelier.video.Videos;
import dev.atelier.video.ffmpeg.FfmpegTools;
import dev.atelier.video.ffmpeg.FrameDecoder;
import dev.atelier.video.ffmpeg.VideoInfo;
import dev.atelier.video.ffmpeg.VideoProbe;
import dev.atelier.video.flow.DisFlow;
import dev.atelier.video.flow.GrayImage;
import dev.atelier.video.temporal.Motion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A clip repainted end to end as {@code atelier stylize} does it (decode, flow, method, blend or
 * temporal loss, encode, join): frames per second, the optical flow's share, both warping errors
 * (frame by frame and stabilised) and peak memory. The machine's load is printed with the figures,
 * and so is the CPU time per frame (this process and its FFmpeg children), which a busy machine
 * disturbs less than the wall time.
 */
@Command(name = "video", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Video: frames per second, optical flow time, warping errors frame by frame and stabilised.")
final class VideoBench implements Callable<Integer> {
    private static final String SHARED = "../shared/";

    @Option(names = "--clip", required = true, description = "The clip (the figures in BENCHMARKS.md use "
            + SHARED + "video/book.mkv).")
    Path clip;

    @Option(names = "--method", defaultValue = "magenta", description = "gatys, feedforward, adain or magenta.")
    String method;

    @Option(names = "--style", defaultValue = BenchValues.EXAMPLE_PAINTING,
            description = "The painting (gatys, adain, magenta).")
    Path style;

    @Option(names = "--model", defaultValue = "candy",
            description = "The trained network (feedforward).")
    String model;

    @Option(names = "--option", paramLabel = "KEY=VALUE", description = "A method option (repeatable); beside a "
            + "checkout with " + SHARED + " the shared networks are filled in for magenta, adain and gatys "
            + "(vgg19-normalised), else the methods' own defaults (networks by name); gatys at size 256, 100 "
            + "iterations.")
    List<String> options = new ArrayList<>();

    @Option(names = "--temporal-weight", defaultValue = "0.6", description = "0 for frame by frame.")
    double temporalWeight;

    @Option(names = "--compare-per-frame", description = "gatys: also optimise every frame alone, for the "
            + "frame-by-frame warping error (twice the time).")
    boolean comparePerFrame;

    @Option(names = "--frames", defaultValue = "0", description = "Only the first N frames (0: all).")
    int frames;

    @Option(names = "--parallel-frames", defaultValue = "0", description = "Frames a one-pass method paints at once "
            + "(0: chosen as stylize chooses).")
    int parallelFrames;

    @Option(names = "--flow-pairs", defaultValue = "20", description = "Frame pairs timed for the optical flow alone.")
    int flowPairs;

    @Option(names = "--method-frames", defaultValue = "10", description = "Frames repainted by the method alone, "
            + "after the clip, for its share of the time (gatys: 1).")
    int methodFrames;

    @Override
    public Integer call() throws IOException, InterruptedException {
        FfmpegTools tools = FfmpegTools.locate();
        Path folder = Files.createTempDirectory("atelier-bench-video");
        try {
            Path source = frames > 0 ? firstFrames(tools, folder) : clip;
            VideoRequest.Builder request = VideoRequest.builder().optMethod(method).optContent(source)
                    .optOutput(folder.resolve("bench.mp4")).optOptions(methodOptions())
                    .optVideoOption("temporal-weight", temporalWeight)
                    .optVideoOption("compare-per-frame", comparePerFrame)
                    .optVideoOption("parallel-frames", parallelFrames)
                    .optVideoOption("max-frames", 1_000_000);
            if (method.equals("feedforward")) {
                request.optModel(model);
            } else {
                request.optStyle(style);
            }
            VideoPlan plan = Videos.plan(request.build());
            VideoInfo info = plan.info();
            System.out.println(Measurements.format("%s: %d frames at %dx%d (%s per second), repainted at %dx%d by %s, "
                    + "temporal weight %s; load average %s", clip.getFileName(), info.frames(), info.width(),
                    info.height(), info.frameRate(), plan.width(), plan.height(), method, temporalWeight, load()));
            List<RgbImage> sample = timeFlow(tools, info, plan.width(), plan.height());
            double[] cpuBefore = cpuSeconds();
            long started = System.nanoTime();
            RunListener warnings = event -> {
                if (event instanceof Warning warning) {
                    System.out.println("  warning: " + warning.message());
                }
            };
            VideoOutcome outcome = Videos.run(plan, Atelier.fromEnvironment(), warnings, Cancellation.never());
            double wall = (System.nanoTime() - started) / 1e9;
            double[] cpuAfter = cpuSeconds();
            JsonObject result = outcome.report().getAsJsonObject("result");
            long done = result.get("frames").getAsLong();
            double repaint = result.get("seconds").getAsDouble();
            int atOnce = outcome.report().getAsJsonObject("settings").get("parallel_frames").getAsInt();
            System.out.println(Measurements.format("  repainted: %d frames, %d at once, %.2f frames per second (%.3f s "
                    + "per frame; %.1f s with loading and joining)", done, atOnce, done / repaint, repaint / done, wall));
            System.out.println(Measurements.format("  CPU time per frame: %.3f s in Java, %.3f s in FFmpeg "
                    + "(%.2f frames per second if two idle cores shared it evenly)",
                    (cpuAfter[0] - cpuBefore[0]) / done, (cpuAfter[1] - cpuBefore[1]) / done,
                    2 * done / (cpuAfter[0] - cpuBefore[0] + cpuAfter[1] - cpuBefore[1])));
            JsonObject errors = result.getAsJsonObject("warping_error");
            if (errors.has("stabilised") && errors.has("frame_by_frame")) {
                double stabilised = errors.get("stabilised").getAsDouble();
                double alone = errors.get("frame_by_frame").getAsDouble();
                System.out.println(Measurements.format("  warping error: frame by frame %.5f, stabilised %.5f (%.2f of "
                        + "it)", alone, stabilised, stabilised / alone));
            } else {
                errors.entrySet().forEach(entry -> System.out.println("  warping error " + entry.getKey() + ": "
                        + entry.getValue()));
            }
            System.out.println(Measurements.format("  reliable share %.3f, scene cuts %d",
                    result.has("reliable_share") ? result.get("reliable_share").getAsDouble() : Double.NaN,
                    result.get("scene_cuts").getAsInt()));
            System.out.println(Measurements.format("  peak resident memory: %.0f MiB",
                    Measurements.peakResidentMebibytes()));
            timeMethodAlone(plan, sample);
            return 0;
        } finally {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /** Fills in a shared network when the checkout has ../shared beside it; a fresh clone uses the defaults. */
    private static boolean putIfPresent(Map<String, String> values, String key, String file) {
        if (Files.isRegularFile(Path.of(file))) {
            values.put(key, file);
            return true;
        }
        return false;
    }

    private Map<String, String> methodOptions() {
        Map<String, String> values = new LinkedHashMap<>();
        String magenta = SHARED + "models/magenta-arbitrary-tflite/";
        String adain = SHARED + "models/adain-release-q8/";
        switch (method) {
            case "magenta" -> {
                putIfPresent(values, "predictor", magenta + "style_predict_quantized_256.tflite");
                putIfPresent(values, "transformer", magenta + "style_transfer_f16_384.tflite");
            }
            case "adain" -> {
                putIfPresent(values, "encoder", adain + "vgg_normalised_relu4_1.safetensors");
                putIfPresent(values, "decoder", adain + "decoder.safetensors");
            }
            case "gatys" -> {
                if (putIfPresent(values, "weights", adain + "vgg_normalised_relu4_1.safetensors")) {
                    values.put("backbone", "vgg19-normalised");
                }
                values.put("size", "256");
                values.put("iterations", "100");
            }
            default -> { }
        }
        return BenchValues.keyValues(options, values);
    }

    /**
     * The optical flow alone: both directions and the check, on consecutive frames at the method's size.
     * Returns the frames read.
     */
    private List<RgbImage> timeFlow(FfmpegTools tools, VideoInfo info, int width, int height) {
        DisFlow flow = new DisFlow();
        List<GrayImage> grays = new ArrayList<>();
        List<RgbImage> frames = new ArrayList<>();
        try (FrameDecoder decoder = FrameDecoder.open(tools, info, Cancellation.never())) {
            RgbImage frame;
            while (grays.size() <= flowPairs && (frame = decoder.next(Cancellation.never())) != null) {
                RgbImage prepared = Resampler.resizeTo(frame, width, height);
                frames.add(prepared);
                grays.add(GrayImage.of(prepared));
            }
        }
        if (grays.size() < 2) {
            return frames;
        }
        Motion.between(grays.get(0), grays.get(1), flow);
        double[] seconds = new double[grays.size() - 1];
        double share = 0;
        for (int i = 1; i < grays.size(); i++) {
            GrayImage previous = grays.get(i - 1);
            GrayImage current = grays.get(i);
            long start = System.nanoTime();
            share += Motion.between(previous, current, flow).reliableShare();
            seconds[i - 1] = (System.nanoTime() - start) / 1e9;
        }
        System.out.println(Measurements.format("  optical flow (DIS both ways and the check) at %dx%d: %.0f ms per "
                + "frame (median of %d pairs), reliable share %.3f", width, height, 1000 * Measurements.median(seconds),
                seconds.length, share / seconds.length));
        return frames;
    }

    /**
     * The method alone on the first frames, in memory (no flow, no blending, no FFmpeg), right after the
     * clip's run and in the same process, so the video pipeline's share shows under the same load.
     */
    private void timeMethodAlone(VideoPlan plan, List<RgbImage> frames) {
        int count = Math.min(frames.size(), method.equals("gatys") ? 1 : methodFrames);
        if (count == 0) {
            return;
        }
        try (Stylist stylist = Atelier.fromEnvironment().open(plan.stylistRequest())) {
            Style prepared = method.equals("feedforward") ? stylist.model(model) : stylist.painting(style);
            stylist.stylize(frames.get(0), prepared);
            double[] cpuBefore = cpuSeconds();
            double[] seconds = new double[count];
            for (int i = 0; i < count; i++) {
                RgbImage frame = frames.get(i);
                seconds[i] = Measurements.seconds(() -> stylist.stylize(frame, prepared));
            }
            double[] cpuAfter = cpuSeconds();
            System.out.println(Measurements.format("  the method alone on %d frames in memory: %.3f s per frame "
                    + "(median), %.3f s of CPU", count, Measurements.median(seconds),
                    (cpuAfter[0] - cpuBefore[0]) / count));
        }
    }

    /** The clip's first frames, losslessly, for a shorter run. */
    private Path firstFrames(FfmpegTools tools, Path folder) throws IOException, InterruptedException {
        Path trimmed = folder.resolve("first-" + frames + ".mkv");
        Process process = new ProcessBuilder(tools.ffmpeg().toString(), "-v", "error", "-nostdin", "-y", "-i",
                clip.toString(), "-map", "0:v:0", "-map", "0:a?", "-frames:v", Integer.toString(frames), "-c:v", "ffv1",
                "-c:a", "copy", trimmed.toString()).inheritIO().start();
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("ffmpeg could not cut the first " + frames + " frames of " + clip);
        }
        return trimmed;
    }

    /** This process's CPU seconds and its waited-for children's (FFmpeg), from /proc/self/stat. */
    private static double[] cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After the name: state is field 3, so utime is index 11, stime 12, cutime 13, cstime 14.
            double ticks = 100;
            return new double[] {(Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / ticks,
                    (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) / ticks};
        } catch (IOException | RuntimeException unavailable) {
            return new double[] {Double.NaN, Double.NaN};
        }
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException unavailable) {
            return "unknown";
        }
    }
}
