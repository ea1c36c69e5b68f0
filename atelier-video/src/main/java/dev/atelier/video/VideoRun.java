package dev.atelier.video;

import com.google.gson.JsonObject;
import dev.atelier.Cancellation;
import dev.atelier.Failures;
import dev.atelier.UnavailableException;
import dev.atelier.api.Style;
import dev.atelier.api.Stylist;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.ImageSaver;
import dev.atelier.io.Resampler;
import dev.atelier.io.RgbImage;
import dev.atelier.method.StyleKind;
import dev.atelier.progress.RunEvent;
import dev.atelier.progress.RunListener;
import dev.atelier.progress.RunStarted;
import dev.atelier.progress.StepFinished;
import dev.atelier.progress.Warning;
import dev.atelier.report.ModelUse;
import dev.atelier.report.Report;
import dev.atelier.video.ffmpeg.CancelledException;
import dev.atelier.video.ffmpeg.FrameDecoder;
import dev.atelier.video.ffmpeg.Muxer;
import dev.atelier.video.ffmpeg.SegmentEncoder;
import dev.atelier.video.flow.DisFlow;
import dev.atelier.video.sequence.ImageSequence;
import dev.atelier.video.sequence.SequenceReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One video run: frames decoded one at a time, brought to the method's size, repainted with styles
 * prepared once, held together along the optical flow (a blend for one-pass methods, Ruder et al.'s
 * initialisation and temporal loss for the optimisation), measured (warping error), and encoded in
 * segments that make the run resumable; the clip is joined with the source's sound at the end.
 * Memory stays flat: a handful of frames is held, whatever the clip's length.
 */
final class VideoRun {
    /** Frames per segment: a few seconds of video, one x264 keyframe each. */
    static final int SEGMENT_FRAMES = 120;
    /** A segment is also closed after this long, so a crash loses at most about a minute of work. */
    static final double SEGMENT_SECONDS = 60;

    private final VideoPlan plan;
    private final Stylist stylist;
    /** The stylists one-pass frames are painted on (the first is {@link #stylist}), one per stream. */
    private final List<Stylist> stylists;
    private final int threadsEach;
    private final RunListener listener;
    private final Cancellation cancellation;
    private final double loadSeconds;
    private final Path folder;
    private final boolean iterates;
    private final Set<String> warned = new HashSet<>();
    private final long startNanos = System.nanoTime();

    private ResumeState state;
    private SegmentEncoder encoder;
    private Path segmentFile;
    private long segmentStartNanos;
    private FramePainter painter;
    private RgbImage lastResult;
    private RgbImage lastFrameByFrame;
    private long painted;
    private long paintedThisRun;
    private String audio = "none";
    private long keptFromBefore;
    /** Frames painted since the state was last saved (in the open segment, or written as pictures). */
    private int framesPending;
    /** When the last frame was finished (or painting began). */
    private long markNanos;

    /**
     * @param stylists one or more stylists opened for the plan; a one-pass method paints on each at
     *     once ({@link FrameStreams}), the optimisation on the first
     * @param threadsEach PyTorch's operator threads on each one-pass stream, or 0 for the usual count
     */
    VideoRun(VideoPlan plan, List<Stylist> stylists, int threadsEach, RunListener listener, Cancellation cancellation,
            double loadSeconds) {
        this.plan = plan;
        this.stylist = stylists.get(0);
        this.stylists = List.copyOf(stylists);
        this.threadsEach = threadsEach;
        this.listener = listener;
        this.cancellation = cancellation;
        this.loadSeconds = loadSeconds;
        this.folder = plan.workFolder();
        this.iterates = iterates(stylist.method());
    }

    /** Whether a method optimises each frame from the previous result, rather than painting it in one pass. */
    static boolean iterates(String method) {
        return method.equals("gatys");
    }

    VideoOutcome run() {
        if (stylists.stream().anyMatch(each -> !each.method().equals(plan.method())
                || !each.options().equals(plan.stylistRequest().options()))) {
            throw new IllegalArgumentException("the stylist was opened for " + stylist.method() + " with other options "
                    + "than the plan's; open one with the plan's stylistRequest()");
        }
        boolean resuming = ResumeState.existsIn(folder);
        if (plan.resume() && !resuming) {
            listener.onEvent(new Warning("no finished frames at " + folder + "; starting from the first frame"));
        }
        state = resuming ? ResumeState.load(folder) : ResumeState.fresh(plan.settings());
        if (resuming) {
            state.requireSettings(plan.settings(), folder);
        }
        keptFromBefore = state.framesDone();
        listener.onEvent(new RunStarted(plan.method() + " on " + plan.info().file().getFileName() + " ("
                + plan.info().frames() + " frames)", (int) Math.min(Integer.MAX_VALUE, plan.info().frames()),
                (int) Math.min(Integer.MAX_VALUE, keptFromBefore)));
        plan.warnings().forEach(line -> listener.onEvent(new Warning(line)));
        createFolder(folder);
        List<Style> styles = new ArrayList<>();
        boolean cancelled = false;
        boolean finished = false;
        try {
            if (iterates) {
                // One-pass methods prepare the styles on each of their streams instead.
                for (String reference : plan.styles()) {
                    styles.add(plan.stylesAreModels() ? stylist.model(reference) : stylist.painting(Path.of(reference)));
                }
            }
            painter = new FramePainter(stylist, styles, plan.options(), iterates, new DisFlow());
            try {
                cancelled = paintFrames(keptFromBefore);
            } catch (CancelledException stopped) {
                cancelled = true;
            }
            closeSegment();
            if (cancelled) {
                return stopped(keptFromBefore);
            }
            JsonObject report = finish();
            finished = true;
            return new VideoOutcome(plan.output(), report, plan.info().frames(), state.framesDone(), keptFromBefore,
                    false, seconds(), folder);
        } catch (CancelledException stopped) {
            return stopped(keptFromBefore);
        } finally {
            styles.forEach(Style::close);
            if (encoder != null) {
                encoder.close();
            }
            if (finished || state.framesDone() == 0) {
                removeFolder();
            }
        }
    }

    private VideoOutcome stopped(long keptFromBefore) {
        return new VideoOutcome(null, null, plan.info().frames(), state.framesDone(), keptFromBefore, true, seconds(),
                folder);
    }

    /** Repaints every frame not finished before; returns whether the run was cancelled. */
    private boolean paintFrames(long done) {
        try (FrameSource decoder = plan.sequence() != null
                ? new SequenceReader(plan.sequence(), new ImageLoader(plan.stylistRequest().readOptions()),
                        plan.info().width(), plan.info().height())
                : FrameDecoder.open(plan.tools(), plan.info(), cancellation)) {
            if (done > 0) {
                if (decoder.skip(done - 1, cancellation) != done - 1) {
                    throw new dev.atelier.BadInputException(plan.info().file(), "has fewer frames than the run "
                            + "being continued finished (" + done + ")");
                }
                RgbImage last = decoder.next(cancellation);
                if (last == null) {
                    throw new dev.atelier.BadInputException(plan.info().file(), "has fewer frames than the run "
                            + "being continued finished (" + done + ")");
                }
                ImageLoader loader = new ImageLoader();
                lastResult = loader.read(folder.resolve(state.lastResult));
                lastFrameByFrame = state.lastFrameByFrame == null ? null
                        : loader.read(folder.resolve(state.lastFrameByFrame));
                painter.resumeAfter(prepare(last), lastResult, lastFrameByFrame);
            }
            painted = done;
            markNanos = System.nanoTime();
            if (iterates) {
                while (true) {
                    if (cancellation.isRequested()) {
                        return true;
                    }
                    RgbImage frame = decoder.next(cancellation);
                    if (frame == null) {
                        break;
                    }
                    if (!record(painter.paint(prepare(frame), item(painted + 1), cancellation, this::fromFrame))) {
                        return true;
                    }
                }
            } else if (paintAhead(decoder)) {
                return true;
            }
            if (painted != plan.info().frames()) {
                warnOnce("the container counted " + plan.info().frames() + " frames; " + painted + " were decoded and "
                        + "written");
            }
            return false;
        }
    }

    private RgbImage prepare(RgbImage frame) {
        return frame.width() == plan.width() && frame.height() == plan.height() ? frame
                : Resampler.resizeTo(frame, plan.width(), plan.height());
    }

    /**
     * The frames of a one-pass method: decoded ahead and painted on the streams, one frame waiting on
     * each while this thread measures the motion, blends, measures and encodes the frame before them.
     * Returns whether the run was cancelled.
     */
    private boolean paintAhead(FrameSource decoder) {
        try (FrameStreams streams = FrameStreams.start(stylists, plan.styles(), plan.stylesAreModels(), threadsEach,
                cancellation)) {
            markNanos = System.nanoTime();
            boolean more = true;
            while (true) {
                // A stop keeps the frames finished so far; those still on the streams are dropped.
                if (cancellation.isRequested()) {
                    return true;
                }
                while (more && streams.pending() < streams.depth()) {
                    more = handOut(decoder, streams, painted + streams.pending() + 1);
                }
                FrameStreams.Painted next = streams.take();
                if (next == null) {
                    return false;
                }
                // The next frame goes to the stream just freed before this one is measured and encoded.
                if (more && !cancellation.isRequested()) {
                    more = handOut(decoder, streams, painted + 1 + streams.pending() + 1);
                }
                next.events().forEach(this::fromFrame);
                if (!record(painter.paint(next.frame(), next.stylized()))) {
                    return true;
                }
            }
        }
    }

    /** Decodes the next frame and hands it to the streams as frame {@code number}; false after the last. */
    private boolean handOut(FrameSource decoder, FrameStreams streams, long number) {
        RgbImage frame = decoder.next(cancellation);
        if (frame == null) {
            return false;
        }
        streams.submit(prepare(frame), item(number));
        return true;
    }

    private String item(long frameNumber) {
        return "frame " + frameNumber + "/" + plan.info().frames();
    }

    /**
     * Measures and encodes one painted frame; returns false when it was cancelled before it was
     * finished. A frame's time is the time since the previous one was finished (with frames painted
     * ahead, the pipeline's pace).
     */
    private boolean record(FramePainter.Painted done) {
        if (done == null) {
            return false;
        }
        if (done.motion() != null) {
            state.reliableShareSum += done.motion().reliableShare();
            state.reliablePairs++;
            if (done.motion().cut()) {
                state.sceneCuts++;
            }
        }
        state.stabilised.add(done.stabilisedError());
        state.frameByFrame.add(done.frameByFrameError());
        write(done.result());
        lastResult = done.result();
        lastFrameByFrame = done.frameByFrame();
        painted++;
        paintedThisRun++;
        long now = System.nanoTime();
        state.seconds += (now - markNanos) / 1e9;
        markNanos = now;
        if (framesPending >= SEGMENT_FRAMES || (System.nanoTime() - segmentStartNanos) / 1e9 >= SEGMENT_SECONDS) {
            closeSegment();
        }
        progress();
        return true;
    }

    /**
     * A frame's own events: warnings once per clip, an optimisation's steps as they come (naming the
     * frame), their fraction and time left brought from the frame to the whole clip: forwarded as
     * they were, the bar filled and the ETA ran out once a frame.
     */
    private void fromFrame(RunEvent event) {
        if (event instanceof Warning warning) {
            warnOnce(warning.message());
        } else if (event instanceof StepFinished step && iterates) {
            long total = Math.max(plan.info().frames(), painted + 1);
            double within = Math.min(1, Math.max(0, step.fraction()));
            double elapsed = seconds();
            double doneThisRun = paintedThisRun + within;
            double remaining = doneThisRun > 0 ? elapsed / doneThisRun * (total - painted - within) : Double.NaN;
            listener.onEvent(new StepFinished(step.stage(), step.step(), step.total(), (painted + within) / total,
                    elapsed, remaining, step.losses(), step.item()));
        }
    }

    private void warnOnce(String message) {
        if (warned.add(message)) {
            listener.onEvent(new Warning(message));
        }
    }

    private void progress() {
        long total = Math.max(plan.info().frames(), painted);
        double elapsed = seconds();
        double rate = paintedThisRun / Math.max(1e-9, elapsed);
        double remaining = rate > 0 ? (total - painted) / rate : Double.NaN;
        listener.onEvent(new StepFinished("video", painted, total, (double) painted / total, elapsed, remaining,
                Map.of(), String.format(Locale.ROOT, "%.2f frames/s", rate)));
    }

    private void write(RgbImage result) {
        if (plan.framesOut()) {
            if (framesPending == 0) {
                createFolder(ImageSequence.folderOf(plan.output()));
                segmentStartNanos = System.nanoTime();
            }
            new ImageSaver().write(result, ImageSequence.frameFile(plan.output(), painted + 1), plan.frameFormat());
            framesPending++;
            return;
        }
        if (encoder == null) {
            int width = result.width();
            int height = result.height();
            if (plan.format().needsEvenSides()) {
                width += width % 2;
                height += height % 2;
            }
            segmentFile = folder.resolve(String.format(Locale.ROOT, "segment-%06d.nut", state.segments().size()));
            encoder = SegmentEncoder.start(plan.tools(), segmentFile, plan.format(), plan.crf(), width,
                    height, plan.info().frameRate());
            segmentStartNanos = System.nanoTime();
        }
        encoder.write(result);
        framesPending++;
    }

    /** Finishes the segment in progress and records it, with the last frame's results, in the state. */
    private void closeSegment() {
        if (framesPending == 0) {
            return;
        }
        int frames = framesPending;
        framesPending = 0;
        if (encoder != null) {
            encoder.finish();
            encoder = null;
        }
        long last = state.framesDone() + frames - 1;
        String resultName = String.format(Locale.ROOT, "result-%06d.png", last);
        ImageSaver saver = new ImageSaver();
        saver.write(lastResult, folder.resolve(resultName));
        String frameByFrameName = null;
        if (lastFrameByFrame != null) {
            frameByFrameName = String.format(Locale.ROOT, "frame-by-frame-%06d.png", last);
            saver.write(lastFrameByFrame, folder.resolve(frameByFrameName));
        }
        String oldResult = state.lastResult;
        String oldFrameByFrame = state.lastFrameByFrame;
        if (plan.framesOut()) {
            state.framesWritten(state.framesDone() + frames);
        } else {
            state.addSegment(new Muxer.Segment(segmentFile, frames));
        }
        state.lastResult = resultName;
        state.lastFrameByFrame = frameByFrameName;
        state.save(folder);
        deleteQuietly(oldResult);
        deleteQuietly(oldFrameByFrame);
    }

    /** Joins the segments into the clip with the source's sound and writes the report. */
    private JsonObject finish() {
        List<String> warnings = new ArrayList<>();
        if (plan.framesOut()) {
            if (plan.info().hasAudio()) {
                warnOnce("frames written as pictures hold no sound: the clip's audio is left out");
                audio = "dropped";
            }
        } else {
            Muxer.join(plan.tools(), state.segments(), folder, plan.info().frameRate(), plan.info(), plan.output(),
                    plan.format(), cancellation, warnings::add);
            warnings.forEach(this::warnOnce);
            if (plan.info().hasAudio()) {
                audio = !plan.format().holdsAudio() ? "dropped" : warnings.isEmpty() ? "copied" : "re-encoded";
            }
        }
        Report report = Report.start(plan.command(), stylist.method()).input("content", plan.info().file())
                .inputs(stylist.styleKind() == StyleKind.MODELS ? "models" : "styles",
                        plan.styles().stream().map(Path::of).toList())
                .output(plan.framesOut() ? "frames" : "video", plan.output()).output("report", plan.report());
        JsonObject settings = stylist.settings();
        settings.addProperty("temporal_weight", plan.options().temporalWeight());
        if (iterates) {
            settings.addProperty("temporal_loss_weight", plan.options().optimisationWeight());
        }
        settings.addProperty("compare_per_frame", plan.options().comparePerFrame());
        // How many frames were painted at once: the choice when left to the run, for a rerun to repeat.
        settings.addProperty("parallel_frames", iterates ? 1 : stylists.size());
        if (plan.framesOut()) {
            settings.addProperty("frame_format", plan.frameFormat().name());
        } else {
            settings.addProperty("video_format", plan.format().extension());
            settings.addProperty("crf", plan.crf());
        }
        settings.addProperty("optical_flow", plan.settings().get("flow").getAsString());
        report.settings(settings).device(stylist.device().toJson());
        for (ModelUse use : stylist.models()) {
            report.model(use);
        }
        report.result("width", plan.width()).result("height", plan.height())
                .result("frames", state.framesDone())
                .result("frame_rate", plan.info().frameRate().toString())
                .result("duration_seconds", state.framesDone() / plan.info().frameRate().value())
                .result("seconds", state.seconds)
                .result("seconds_this_run", seconds())
                .result("load_seconds", loadSeconds)
                .result("frames_per_second", state.seconds > 0 ? state.framesDone() / state.seconds : 0)
                .result("cancelled", false)
                .result("audio", audio)
                .result("scene_cuts", state.sceneCuts);
        if (state.reliablePairs > 0) {
            report.result("reliable_share", state.reliableShareSum / state.reliablePairs);
        }
        JsonObject errors = new JsonObject();
        if (state.stabilised.pairs() > 0) {
            errors.addProperty(plan.options().temporalWeight() > 0 ? "stabilised" : "frame_by_frame",
                    state.stabilised.value());
        }
        if (plan.options().temporalWeight() > 0 && state.frameByFrame.pairs() > 0) {
            errors.addProperty("frame_by_frame", state.frameByFrame.value());
        }
        errors.addProperty("pairs", state.stabilised.pairs());
        report.result("warping_error", errors);
        if (keptFromBefore > 0) {
            report.result("resumed_at", keptFromBefore);
        }
        report.write(plan.report());
        return report.toJson();
    }

    private static void createFolder(Path made) {
        try {
            Files.createDirectories(made);
        } catch (IOException failure) {
            throw new UnavailableException(made + ": cannot make the folder (" + Failures.summary(failure) + ")",
                    failure);
        }
    }

    /** Deletes the work folder's own files (segments, results, state) and, when empty, the folder. */
    private void removeFolder() {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (name.equals(ResumeState.FILE) || name.equals("segments.txt") || name.matches(
                        "\\.?(segment-\\d+\\.nut|result-\\d+\\.png|frame-by-frame-\\d+\\.png|state\\.json)(\\.tmp.*)?")) {
                    Files.deleteIfExists(entry);
                }
            }
            Files.deleteIfExists(folder);
        } catch (IOException leftOver) {
            warnOnce(folder + ": could not remove it (" + Failures.summary(leftOver) + "); delete it by hand");
        }
    }

    private void deleteQuietly(String name) {
        if (name == null) {
            return;
        }
        try {
            Files.deleteIfExists(folder.resolve(name));
        } catch (IOException ignored) {
            // A stale picture in the work folder is removed with the folder at the end.
        }
    }

    private double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
