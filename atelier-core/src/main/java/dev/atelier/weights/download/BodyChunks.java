package dev.atelier.weights.download;

import dev.atelier.Cancellation;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Turns an HTTP response body into chunks pulled one at a time with a time limit. The JDK's
 * body input stream has no read timeout, so a stalled server could hang a download forever;
 * pulling from a queue with {@code poll(timeout)} gives both a stall timeout and a prompt answer
 * to interruption.
 */
final class BodyChunks implements Flow.Subscriber<List<ByteBuffer>> {
    /** How often a wait for data looks at the cancellation. */
    private static final long CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    /** What the publisher delivered: bytes, an error, or the end (both null). */
    private record Item(List<ByteBuffer> chunks, Throwable error) {
    }

    private static final Item END = new Item(null, null);

    private final BlockingQueue<Item> items = new LinkedBlockingQueue<>();
    private final Cancellation cancellation;
    private volatile Flow.Subscription subscription;
    private volatile boolean cancelled;

    /** @param cancellation checked while waiting for data, so a stalled server does not delay a stop */
    BodyChunks(Cancellation cancellation) {
        this.cancellation = cancellation;
    }

    @Override
    public void onSubscribe(Flow.Subscription newSubscription) {
        subscription = newSubscription;
        if (cancelled) {
            newSubscription.cancel();
        } else {
            // One chunk at a time: the body never piles up in memory faster than the disk takes it.
            newSubscription.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> chunks) {
        items.add(new Item(chunks, null));
    }

    @Override
    public void onError(Throwable error) {
        items.add(new Item(null, error));
    }

    @Override
    public void onComplete() {
        items.add(END);
    }

    /**
     * The next buffers of the body, or null once it ended normally.
     *
     * @throws IOException when the transfer failed or nothing arrived within {@code stallTimeout}
     */
    List<ByteBuffer> next(Duration stallTimeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + stallTimeout.toNanos();
        Item item = null;
        while (item == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IOException("no data received for " + seconds(stallTimeout));
            }
            item = items.poll(Math.min(left, CHECK_NANOS), TimeUnit.NANOSECONDS);
            if (item == null && cancellation.isRequested()) {
                throw new DownloadInterruptedException("download stopped while waiting for data");
            }
        }
        if (item == END) {
            return null;
        }
        if (item.error() != null) {
            if (item.error() instanceof IOException failure) {
                throw failure;
            }
            throw new IOException(item.error().toString(), item.error());
        }
        subscription.request(1);
        return item.chunks();
    }

    /** Stops the transfer and releases the connection; safe to call more than once. */
    void cancel() {
        cancelled = true;
        Flow.Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() / 1000.0 + " s";
    }
}
