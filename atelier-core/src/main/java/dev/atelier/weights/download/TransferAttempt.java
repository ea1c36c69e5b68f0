package dev.atelier.weights.download;

import dev.atelier.progress.RunListener;

import dev.atelier.AtelierException;
import dev.atelier.Cancellation;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Flow;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One HTTP request for one source, written into the source's {@code .part} file. When the file
 * already holds a prefix, the request asks for the rest ({@code Range: bytes=N-}) and the prefix
 * is hashed from disk first; a server answering 200 instead of 206 makes it start over.
 *
 * <p>Failures that may pass (network errors, stalls, 5xx) are {@link IOException}s and keep the
 * {@code .part} for resuming; a refusal (4xx) is a {@link SourceRejectedException}; a failure to
 * write the local file is an {@link AtelierException}, since retrying would not help.
 *
 * <p>The body may not grow past the source's {@link ExpectedSize#limit()}: a server that announces
 * more, or sends more, is refused at once and what it sent is deleted. The thread's
 * {@linkplain Cancellation#current() cancellation} is checked with every chunk.
 */
final class TransferAttempt {
    private static final String USER_AGENT = "Atelier (neural style transfer; java.net.http)";
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
    private static final Pattern UNSATISFIED_RANGE = Pattern.compile("bytes \\*/(\\d+)");

    private final HttpClient client;
    private final DownloadSettings settings;
    private final KnownWeights weights;
    private final Source source;
    private final Path partialFile;
    private final RunListener listener;
    private final Cancellation cancellation = Cancellation.current();
    private boolean resumed;

    TransferAttempt(HttpClient client, DownloadSettings settings, KnownWeights weights, Source source,
            Path partialFile, RunListener listener) {
        this.client = client;
        this.settings = settings;
        this.weights = weights;
        this.source = source;
        this.partialFile = partialFile;
        this.listener = listener;
    }

    /** Whether the file was completed from a prefix kept by an earlier attempt. */
    boolean resumed() {
        return resumed;
    }

    /** Completes the {@code .part} file, flushed to disk, and returns its full SHA-256 in hex. */
    String run() throws IOException, InterruptedException, SourceRejectedException {
        MessageDigest digest = Sha256.newDigest();
        long kept = hashKeptPrefix(digest);
        if (kept > source.size().limit()) {
            // Left by an earlier run before sizes were bounded, or by another program: start over.
            discard();
            digest.reset();
            kept = 0;
        }
        HttpResponse<Flow.Publisher<List<ByteBuffer>>> response = client.send(request(kept),
                HttpResponse.BodyHandlers.ofPublisher());
        BodyChunks body = new BodyChunks(cancellation);
        response.body().subscribe(body);
        try {
            return receive(response, body, digest, kept);
        } finally {
            body.cancel();
        }
    }

    /** Feeds what an earlier attempt left in the {@code .part} file into {@code digest}; returns its size. */
    private long hashKeptPrefix(MessageDigest digest) throws IOException {
        if (!Files.exists(partialFile)) {
            return 0;
        }
        return local(() -> {
            try (FileChannel channel = FileChannel.open(partialFile, StandardOpenOption.READ)) {
                long size = channel.size();
                Sha256.update(digest, channel, size);
                return size;
            }
        });
    }

    private HttpRequest request(long kept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(source.url())
                .timeout(settings.connectTimeout().plus(settings.stallTimeout()))
                .header("User-Agent", USER_AGENT)
                .GET();
        if (kept > 0) {
            request.header("Range", "bytes=" + kept + "-");
        }
        return request.build();
    }

    private String receive(HttpResponse<?> response, BodyChunks body, MessageDigest digest, long kept)
            throws IOException, InterruptedException, SourceRejectedException {
        int status = response.statusCode();
        if (status == 416 && kept > 0) {
            return completeOrDiscard(response, digest, kept);
        }
        if (status == 408 || status == 429 || status >= 500) {
            throw new IOException("HTTP " + status);
        }
        if (status != 200 && status != 206) {
            throw new SourceRejectedException("HTTP " + status);
        }
        long start = 0;
        OptionalLong total = response.headers().firstValueAsLong("Content-Length");
        if (status == 206) {
            String contentRange = response.headers().firstValue("Content-Range").orElse("no Content-Range");
            Matcher range = CONTENT_RANGE.matcher(contentRange);
            if (!range.matches() || Long.parseLong(range.group(1)) != kept) {
                discard();
                throw new IOException("server resumed at the wrong position (" + contentRange + ")");
            }
            start = kept;
            total = range.group(3).equals("*") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(range.group(3)));
            resumed = kept > 0;
        } else if (kept > 0) {
            // A server that ignores Range sends the whole file: drop the kept prefix.
            digest.reset();
        }
        long limit = source.size().limit();
        if (total.isPresent() && total.getAsLong() > limit) {
            discard();
            throw new SourceRejectedException("announces " + total.getAsLong() + " bytes, more than the " + limit
                    + " expected (" + source.size() + ")");
        }
        try (FileChannel channel = openForWriting(start)) {
            return stream(body, channel, digest, start, total);
        }
    }

    private String stream(BodyChunks body, FileChannel channel, MessageDigest digest, long start, OptionalLong total)
            throws IOException, InterruptedException, SourceRejectedException {
        long limit = source.size().limit();
        ProgressReporter progress = new ProgressReporter(listener, weights, source.url(), start, total);
        long done = start;
        progress.update(done);
        for (List<ByteBuffer> chunks = body.next(settings.stallTimeout()); chunks != null;
                chunks = body.next(settings.stallTimeout())) {
            for (ByteBuffer chunk : chunks) {
                if (done + chunk.remaining() > limit) {
                    channel.close();
                    discard();
                    throw new SourceRejectedException("sent more than the " + limit + " bytes expected ("
                            + source.size() + "); stopped and deleted what it sent");
                }
                digest.update(chunk.duplicate());
                done += write(channel, chunk, done);
            }
            progress.update(done);
            if (cancellation.isRequested()) {
                throw new DownloadInterruptedException("download of " + weights.id() + " stopped; the partial file "
                        + partialFile + " is kept and resumed next time");
            }
        }
        if (total.isPresent() && done != total.getAsLong()) {
            throw new IOException("transfer ended at byte " + done + " of " + total.getAsLong());
        }
        local(() -> {
            channel.force(true);
            return null;
        });
        progress.finish(done);
        return Sha256.hex(digest);
    }

    /**
     * 416 to a resume request: the range starts at or past the end. The kept file may already be
     * complete (a run stopped between the last byte and the rename); otherwise start over.
     */
    private String completeOrDiscard(HttpResponse<?> response, MessageDigest digest, long kept)
            throws IOException {
        Matcher range = UNSATISFIED_RANGE.matcher(response.headers().firstValue("Content-Range").orElse(""));
        if (range.matches() && Long.parseLong(range.group(1)) == kept) {
            resumed = true;
            new ProgressReporter(listener, weights, source.url(), kept, OptionalLong.of(kept)).finish(kept);
            return Sha256.hex(digest);
        }
        discard();
        throw new IOException("server cannot resume at byte " + kept + " (HTTP 416)");
    }

    /** Opens the {@code .part} file with everything from {@code start} on cut away. */
    private FileChannel openForWriting(long start) throws IOException {
        return local(() -> {
            FileChannel channel = FileChannel.open(partialFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            channel.truncate(start);
            return channel;
        });
    }

    private void discard() throws IOException {
        local(() -> Files.deleteIfExists(partialFile));
    }

    private int write(FileChannel channel, ByteBuffer chunk, long position) throws IOException {
        return local(() -> {
            int written = 0;
            while (chunk.hasRemaining()) {
                written += channel.write(chunk, position + written);
            }
            return written;
        });
    }

    /** A step on the local file; its failures are not network trouble, so they are not retried. */
    private interface LocalStep<T> {
        T run() throws IOException;
    }

    private <T> T local(LocalStep<T> step) throws IOException {
        try {
            return step.run();
        } catch (ClosedByInterruptException interrupted) {
            throw interrupted;
        } catch (IOException failure) {
            throw new AtelierException(partialFile + ": cannot write the download (" + failure.getMessage() + ")",
                    failure);
        }
    }
}
