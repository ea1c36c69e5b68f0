package dev.atelier.cli;

import com.google.gson.JsonObject;
import dev.atelier.Cancellation;
import dev.atelier.InvalidOptionException;
import dev.atelier.api.Atelier;
import dev.atelier.api.Methods;
import dev.atelier.io.ReadOptions;
import dev.atelier.method.StyleMethod;
import dev.atelier.video.VideoFiles;
import dev.atelier.video.VideoOptions;
import dev.atelier.video.VideoOutcome;
import dev.atelier.video.VideoPlan;
import dev.atelier.video.VideoRequest;
import dev.atelier.video.Videos;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code atelier stylize} with a clip as the photo: the same method flags and paintings, plus the
 * video's own ({@link VideoOptions}: {@code --temporal-weight}, {@code --crf}, {@code --max-frames},
 * {@code --max-seconds}, {@code --compare-per-frame}), handed to the video module's plan and run.
 * Kept apart from {@link StylizeCommand} so the photo path stays as it is.
 */
final class VideoStylize {
    private final StylizeCommand command;

    VideoStylize(StylizeCommand command) {
        this.command = command;
    }

    /**
     * Whether the request is for video: one clip in, a picture pattern in ({@code frames/f_%04d.png}),
     * or a folder of frames with a clip or a pattern out. (A folder with a folder out stays folder mode:
     * each photo repainted on its own.)
     */
    static boolean applies(List<Path> contents, Path output) {
        if (contents.size() != 1) {
            return false;
        }
        Path content = contents.get(0);
        boolean clipOut = output != null && (VideoFiles.isClip(output) || output.toString().toLowerCase(
                java.util.Locale.ROOT).endsWith(".gif") || VideoFiles.isPattern(output));
        return VideoFiles.isClip(content) || VideoFiles.isPattern(content)
                || (java.nio.file.Files.isDirectory(content) && clipOut);
    }

    /** Whether several photos (a folder, or more than one) are asked for: folder mode, a batch. */
    static boolean folderMode(List<Path> contents) {
        return contents.size() > 1 || (contents.size() == 1 && java.nio.file.Files.isDirectory(contents.get(0)));
    }

    /** Video flags given where no photo is a clip are a mistake worth saying (batch and folder mode). */
    static void refuseWithoutClips(boolean hasClips, Map<String, String> videoOptions) {
        if (!videoOptions.isEmpty() && !hasClips) {
            throw new InvalidOptionException(videoOptions.keySet().iterator().next(), "applies to clips, and none of "
                    + "the photos is one (." + String.join(", .", VideoFiles.CLIP_EXTENSIONS.stream().sorted().toList())
                    + ")");
        }
    }

    /** Video flags given for photos are a mistake worth saying. */
    static void refuseForPhotos(List<Path> contents, Map<String, String> videoOptions) {
        if (!videoOptions.isEmpty()) {
            String key = videoOptions.keySet().iterator().next();
            boolean clipAmongOthers = contents.stream().anyMatch(VideoFiles::isClip);
            throw new InvalidOptionException(key, clipAmongOthers ? "one clip at a time: give it alone as {content}"
                    : "applies to a clip ({content} a video file: ." + String.join(", .",
                    VideoFiles.CLIP_EXTENSIONS.stream().sorted().toList()) + ")");
        }
    }

    Integer run(Map<String, String> videoOptions) {
        PrintStream err = System.err;
        refuseImageFlags();
        StyleMethod<?, ?> method = Methods.get(command.method != null ? command.method
                : Methods.defaultFor(!command.models.isEmpty()));
        Map<String, String> options = command.flags.given(command.spec.commandLine().getParseResult(), method.name(),
                method.options(), Set.of());
        VideoRequest request = VideoRequest.builder().optMethod(method.name()).optContent(command.contents.get(0))
                .optStyles(command.styles).optModels(command.models).optOptions(options).optVideoOptions(videoOptions)
                .optOutput(command.output).optReport(command.reports.report).optResume(command.resume)
                .optReadOptions(command.run.readOptions()).build();
        CliListener listener = new CliListener(new ProgressLine(err, ProgressLine.terminalAttached(), "stylize"),
                command.run.quiet);
        Cancellation cancellation = Interrupts.install(() -> listener.message("stopping, keeping "
                + "every finished frame (Ctrl-C again to quit at once)…"));
        VideoPlan plan = Videos.plan(request, cancellation);
        Atelier atelier = command.run.atelier();
        atelier.runDevice(); // a GPU asked for and missing is refused before FFmpeg decodes a frame
        VideoOutcome outcome = Videos.run(plan, atelier, listener, cancellation);
        listener.finish();
        if (outcome.cancelled()) {
            err.printf(Locale.ROOT, "atelier: stopped; %d of %d frames are kept in %s: continue with --resume%n",
                    outcome.framesDone(), outcome.frames(), outcome.workFolder());
            return ExitCode.INTERRUPTED;
        }
        if (!command.run.quiet) {
            err.println(summary(outcome));
        }
        return ExitCode.SUCCESS;
    }

    /** The photo-only flags, refused by name. */
    private void refuseImageFlags() {
        Map<String, Boolean> given = new java.util.LinkedHashMap<>();
        given.put("style-masks", !command.styleMasks.isEmpty());
        given.put("plot", command.reports.plot != null);
        given.put("side-by-side", command.sideBySide != null);
        given.put("save-every", command.saveEvery > 0);
        given.put("init-image", command.initImage != null);
        given.forEach((key, present) -> {
            if (present) {
                throw new InvalidOptionException(key, "does not apply to a clip");
            }
        });
    }

    /** {@code wrote out.mp4 (51 frames, 640x480, magenta, 4.1 frames/s, warping error 0.00078; frame by frame 0.0047)}. */
    static String summary(VideoOutcome outcome) {
        JsonObject report = outcome.report();
        JsonObject result = report.getAsJsonObject("result");
        StringBuilder text = new StringBuilder("wrote ").append(outcome.output()).append(" (")
                .append(result.get("frames").getAsLong()).append(" frames, ").append(result.get("width").getAsInt())
                .append('x').append(result.get("height").getAsInt()).append(", ")
                .append(report.get("method").getAsString())
                .append(String.format(Locale.ROOT, ", %.2f frames/s", result.get("frames_per_second").getAsDouble()));
        JsonObject errors = result.getAsJsonObject("warping_error");
        if (errors.has("stabilised")) {
            text.append(String.format(Locale.ROOT, ", warping error %.3g", errors.get("stabilised").getAsDouble()));
            if (errors.has("frame_by_frame")) {
                text.append(String.format(Locale.ROOT, " (frame by frame %.3g)",
                        errors.get("frame_by_frame").getAsDouble()));
            }
        } else if (errors.has("frame_by_frame")) {
            text.append(String.format(Locale.ROOT, ", warping error %.3g frame by frame",
                    errors.get("frame_by_frame").getAsDouble()));
        }
        if (!"none".equals(result.get("audio").getAsString())) {
            text.append(", sound ").append(result.get("audio").getAsString());
        }
        return text.append(String.format(Locale.ROOT, ", %.1f s)", outcome.seconds())).toString();
    }
}
