package dev.atelier.video;

import dev.atelier.Cancellation;
import dev.atelier.api.Atelier;
import dev.atelier.api.Stylist;
import dev.atelier.device.ComputeThreads;
import dev.atelier.progress.RunListener;
import dev.atelier.tiling.MemoryBudget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Clips repainted with any method, in the entry point's three steps: a checked {@link VideoPlan}
 * (everything about the request and the clip, from its container alone, before any frame is made), an
 * open {@link Stylist} (the method's networks, and each painting prepared once for the whole clip),
 * and a run that decodes, repaints, stabilises and encodes the frames in order (a one-pass method
 * painting a frame or two ahead) and writes the clip with the source's sound.
 *
 * <pre>{@code
 * VideoPlan plan = Videos.plan(VideoRequest.builder().optMethod("magenta").optContent(clip)
 *         .optStyle(painting).optOutput(Path.of("out.mp4")).build());
 * VideoOutcome outcome = Videos.run(plan, Atelier.fromEnvironment(), listener, cancellation);
 * }</pre>
 *
 * <p>FFmpeg's {@code ffmpeg} and {@code ffprobe} run as subprocesses (found on the PATH or through
 * {@code ATELIER_FFMPEG}); nothing of FFmpeg is linked into the JVM.
 */
public final class Videos {
    private Videos() {}

    /**
     * Checks a request whole, reading only the clip's container and the paintings' headers.
     *
     * @throws dev.atelier.UnavailableException when FFmpeg is missing (one line saying how to install
     *     it) or an output folder cannot be written
     * @throws dev.atelier.BadInputException when the clip is not a video, has no video stream or no
     *     frames, is damaged or truncated, or exceeds a limit; or a painting cannot be used
     * @throws dev.atelier.InvalidOptionException for a bad option, an output that would overwrite an
     *     input, or an interrupted run's folder (continued only with {@code resume} and the same settings)
     */
    public static VideoPlan plan(VideoRequest request) {
        return VideoPlanner.plan(request, Cancellation.never());
    }

    /** As {@link #plan(VideoRequest)}, the clip's probe stopping when {@code cancellation} is requested. */
    public static VideoPlan plan(VideoRequest request, Cancellation cancellation) {
        return VideoPlanner.plan(request, cancellation);
    }

    /**
     * Where the finished frames of a run writing {@code output} wait until the clip is whole ({@code
     * out.mp4.resume} beside {@code out.mp4}): a run stopped before the end keeps them there, and a
     * request with {@code resume} continues from them.
     */
    public static Path workFolderOf(Path output) {
        return VideoPlanner.workFolderOf(output);
    }

    /**
     * Runs a plan on stylists opened for it, then closes them. A one-pass method paints several frames
     * at once when the plan's {@code parallel-frames} says so or, left to choose, on a CPU with two
     * operator threads or more when the memory work may plan on holds a second frame's activations
     * (10 kB a pixel: 3 GB at 640 x 480): two, each on its own stylist with half the threads
     * ({@link FrameStreams}), for a second copy of the networks and of one frame's activations.
     */
    public static VideoOutcome run(VideoPlan plan, Atelier atelier, RunListener listener, Cancellation cancellation) {
        long started = System.nanoTime();
        // Bound so that model reads, hashes and downloads deep below stop on request too.
        try (Cancellation.Binding bound = cancellation.bindToThread();
                Stylist stylist = atelier.open(plan.stylistRequest(), listener)) {
            int threads = ComputeThreads.ofThisThread();
            int streams = FrameStreams.count(plan.options().parallelFrames(), VideoRun.iterates(plan.method()),
                    stylist.device().onGpu(), threads, (long) plan.width() * plan.height(), MemoryBudget.nativeBytes(),
                    plan.info().frames());
            List<Stylist> stylists = new ArrayList<>(List.of(stylist));
            try {
                while (stylists.size() < streams) {
                    // The same networks again, from the cache the first one filled: its events were shown once.
                    stylists.add(atelier.open(plan.stylistRequest(), RunListener.silent()));
                }
                return new VideoRun(plan, stylists, FrameStreams.threadsEach(streams, threads), listener, cancellation,
                        (System.nanoTime() - started) / 1e9).run();
            } finally {
                stylists.subList(1, stylists.size()).forEach(Stylist::close);
            }
        }
    }

    /**
     * Runs a plan on an open stylist (which stays open); its styles are prepared once for the clip.
     * One-pass frames are painted on another thread, ahead of the flow and the encoder: the stylist
     * is used by one thread at a time, and none after this returns.
     */
    public static VideoOutcome run(VideoPlan plan, Stylist stylist, RunListener listener, Cancellation cancellation) {
        return new VideoRun(plan, List.of(stylist), 0, listener, cancellation, 0).run();
    }

    /** Plans and runs a request. */
    public static VideoOutcome stylize(VideoRequest request, Atelier atelier, RunListener listener,
            Cancellation cancellation) {
        return run(VideoPlanner.plan(request, cancellation), atelier, listener, cancellation);
    }
}
