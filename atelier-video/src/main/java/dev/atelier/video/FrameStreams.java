package dev.atelier.video;

import dev.atelier.Cancellation;
import dev.atelier.api.Style;
import dev.atelier.api.Stylist;
import dev.atelier.api.StylizeControls;
import dev.atelier.api.Stylized;
import dev.atelier.device.ComputeThreads;
import dev.atelier.io.RgbImage;
import dev.atelier.progress.RunEvent;
import dev.atelier.video.ffmpeg.CancelledException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A one-pass method painting a clip's frames ahead of the rest of the pipeline, on one or more
 * streams: each stream a thread of its own with its own stylist (a stylist belongs to one thread at
 * a time), taking frames in turn. A one-pass result depends on its frame alone, so frames can be
 * painted out of step with the flow, the blend and the encoder, which take them back in order.
 *
 * <p>Why several streams: one picture's operators keep two cores only partly busy (the many small
 * passes between convolutions, the gaps between operators), while two pictures at once, one core
 * each, keep both busy: on two cores 1.35 times the frames (BENCHMARKS.md, "Video"). Each stream
 * then holds its own networks and activations, so memory grows with the count.
 */
final class FrameStreams implements AutoCloseable {
    /** A frame handed to a stream, and what the method made of it with the events it sent. */
    record Painted(RgbImage frame, String item, Stylized stylized, List<RunEvent> events) {}

    private record Lane(ExecutorService executor, Stylist stylist, List<Style> styles) {}

    /**
     * Memory a second stream is reckoned to need per pixel of a frame, when the count is left to
     * choose: at 640 x 480 it held 0.3 GB more for Magenta, 1 GB for feed-forward and 2.5 GB for
     * AdaIN (8 kB a pixel; BENCHMARKS.md, "Video"), so the largest, with room to spare.
     */
    static final long SECOND_STREAM_BYTES_PER_PIXEL = 10_000;

    private final List<Lane> lanes;
    private final Cancellation cancellation;
    private final Deque<Future<Painted>> pending = new ArrayDeque<>();
    private long submitted;

    private FrameStreams(List<Lane> lanes, Cancellation cancellation) {
        this.lanes = lanes;
        this.cancellation = cancellation;
    }

    /**
     * How many streams paint a clip's frames.
     *
     * @param asked the count asked for ({@link VideoOptions#parallelFrames}), 0 to choose
     * @param iterates whether the method optimises each frame from the previous result: then one
     * @param gpu whether the networks run on a GPU: one unless asked (a GPU is busy with one frame)
     * @param threads PyTorch's operator threads on the calling thread
     * @param pixels a frame's pixels at the method's size
     * @param memoryBytes the native memory work may plan on ({@link dev.atelier.tiling.MemoryBudget#nativeBytes()})
     * @param frames the clip's frames: never more streams than frames, whose networks would paint nothing
     */
    static int count(int asked, boolean iterates, boolean gpu, int threads, long pixels, long memoryBytes,
            long frames) {
        if (iterates || frames < 2) {
            return 1;
        }
        if (asked > 0) {
            return (int) Math.min(asked, frames);
        }
        boolean roomForTwo = pixels <= memoryBytes / SECOND_STREAM_BYTES_PER_PIXEL;
        return !gpu && threads >= 2 && roomForTwo ? 2 : 1;
    }

    /** PyTorch's operator threads on each of {@code streams} streams: a share of {@code threads}, or 0 (as they are) for one. */
    static int threadsEach(int streams, int threads) {
        return streams == 1 ? 0 : Math.max(1, threads / streams);
    }

    /**
     * Starts one stream per stylist, each preparing the clip's styles on its own thread before any frame.
     *
     * @param styles the paintings' files, or the models' names or files when {@code models}
     * @param threadsEach PyTorch's operator threads on each stream, or 0 to leave the usual count
     */
    static FrameStreams start(List<Stylist> stylists, List<String> styles, boolean models, int threadsEach,
            Cancellation cancellation) {
        List<Lane> lanes = new ArrayList<>();
        FrameStreams streams = new FrameStreams(lanes, cancellation);
        try {
            for (Stylist stylist : stylists) {
                int number = lanes.size() + 1;
                ExecutorService executor = Executors.newSingleThreadExecutor(task -> {
                    Thread thread = new Thread(task, "atelier-frames-" + number);
                    thread.setDaemon(true);
                    return thread;
                });
                List<Style> prepared = new ArrayList<>();
                lanes.add(new Lane(executor, stylist, prepared));
                streams.await(executor.submit(() -> {
                    if (threadsEach > 0) {
                        ComputeThreads.setForThisThread(threadsEach);
                    }
                    try (Cancellation.Binding bound = cancellation.bindToThread()) {
                        for (String reference : styles) {
                            prepared.add(models ? stylist.model(reference) : stylist.painting(Path.of(reference)));
                        }
                    }
                    return null;
                }));
            }
            return streams;
        } catch (RuntimeException | Error failure) {
            streams.close();
            throw failure;
        }
    }

    /** How many frames to keep handed out: one a stream, so each has its next while the pipeline works. */
    int depth() {
        return lanes.size();
    }

    /** Frames handed out and not yet taken back. */
    int pending() {
        return pending.size();
    }

    /** Hands a frame to the next stream in turn. */
    void submit(RgbImage frame, String item) {
        Lane lane = lanes.get((int) (submitted++ % lanes.size()));
        Future<Painted> painted = lane.executor().submit(() -> {
            List<RunEvent> events = new ArrayList<>();
            Stylized stylized = lane.stylist().stylize(frame, lane.styles(), StylizeControls.builder().optItem(item)
                    .optCancellation(cancellation).optListener(events::add).build());
            return new Painted(frame, item, stylized, List.copyOf(events));
        });
        pending.add(painted);
    }

    /** The oldest frame handed out, once painted (waiting for it), or {@code null} when none is out. */
    Painted take() {
        Future<Painted> head = pending.poll();
        return head == null ? null : await(head);
    }

    /** A stream's result, its failure thrown here as it was thrown there. */
    private <T> T await(Future<T> result) {
        try {
            // The stylist stops on the run's cancellation, so this wait ends soon after a stop too.
            return result.get();
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        }
    }

    /**
     * Stops the streams: frames not started are dropped, frames being painted are stopped (their
     * threads interrupted, which the stylist's cancellation checks), and this waits until every stream
     * has let go of its stylist, whose networks the caller then closes. The styles are closed here.
     */
    @Override
    public void close() {
        for (Future<Painted> left : pending) {
            left.cancel(true);
        }
        pending.clear();
        for (Lane lane : lanes) {
            lane.executor().shutdownNow();
        }
        boolean interrupted = false;
        for (Lane lane : lanes) {
            while (true) {
                try {
                    if (lane.executor().awaitTermination(1, TimeUnit.SECONDS)) {
                        break;
                    }
                } catch (InterruptedException again) {
                    // The stylists must not be closed under a running stream: keep waiting, then pass it on.
                    interrupted = true;
                }
            }
            lane.styles().forEach(Style::close);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
