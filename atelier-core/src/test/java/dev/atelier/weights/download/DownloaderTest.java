package dev.atelier.weights.download;

import dev.atelier.Cancellation;
import dev.atelier.CancelledException;
import dev.atelier.UnavailableException;
import dev.atelier.progress.DownloadProgressed;
import dev.atelier.testing.LocalWeightsServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloaderTest {
    private static final int SIZE = 300_000;
    private static final byte[] CONTENT = content(1);
    private static final byte[] OTHER_CONTENT = content(2);

    @TempDir
    Path home;

    private LocalWeightsServer server;
    private WeightsCache cache;
    private final RecordingListener listener = new RecordingListener();

    @BeforeEach
    void startServer() throws IOException {
        server = new LocalWeightsServer();
        cache = new WeightsCache(home);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void downloadsVerifiesAndInstallsTheFile() throws IOException {
        server.serve("/model.safetensors", CONTENT);
        KnownWeights weights = weights(source("/model.safetensors", "test.safetensors", sha256(CONTENT)));

        Path file = downloader().fetch(weights, listener);

        assertThat(file).isEqualTo(home.resolve("weights").resolve("test.safetensors"));
        assertThat(Files.readAllBytes(file)).isEqualTo(CONTENT);
        assertThat(Files.readString(VerificationMarker.pathFor(file))).startsWith(sha256(CONTENT));
        assertThat(partialFiles()).isEmpty();
        DownloadProgressed last = listener.lastProgress();
        assertThat(last.bytesDone()).isEqualTo(SIZE);
        assertThat(last.totalBytes()).hasValue(SIZE);
        assertThat(last.fraction()).hasValue(1.0);
    }

    @Test
    void secondFetchUsesTheCacheWithoutARequest() {
        server.serve("/model.safetensors", CONTENT);
        KnownWeights weights = weights(source("/model.safetensors", "test.safetensors", sha256(CONTENT)));
        Path first = downloader().fetch(weights);

        Path second = new Downloader(cache, fastSettings()).fetch(weights, listener);

        assertThat(second).isEqualTo(first);
        assertThat(server.requests()).hasSize(1);
        assertThat(listener.progress).isEmpty();
    }

    @Test
    void wrongDigestMovesOnToTheNextSourceAndKeepsItsExtension() throws IOException {
        server.serve("/tampered.safetensors", OTHER_CONTENT);
        server.serve("/mirror.pth", CONTENT);
        KnownWeights weights = weights(
                source("/tampered.safetensors", "test.safetensors", sha256(CONTENT)),
                source("/mirror.pth", "test.pth", sha256(CONTENT)));

        Path file = downloader().fetch(weights, listener);

        assertThat(file.getFileName()).hasToString("test.pth");
        assertThat(Files.readAllBytes(file)).isEqualTo(CONTENT);
        assertThat(cache.directory().resolve("test.safetensors")).doesNotExist();
        assertThat(partialFiles()).isEmpty();
        assertThat(listener.failures).singleElement().satisfies(failure -> {
            assertThat(failure.source()).isEqualTo(server.url("/tampered.safetensors"));
            assertThat(failure.reason()).contains("SHA-256");
        });
        assertThat(listener.triedNext).containsExactly(true);
        assertThat(server.requestsFor("/tampered.safetensors")).as("a wrong digest is not retried").hasSize(1);
    }

    @Test
    void whenEverySourceFailsTheMessageListsThemAndSaysHowToGetTheFile() {
        server.serve("/a.safetensors", OTHER_CONTENT);
        KnownWeights weights = weights(
                source("/a.safetensors", "test.safetensors", sha256(CONTENT)),
                source("/missing.pth", "test.pth", sha256(CONTENT)));

        assertThatThrownBy(() -> downloader().fetch(weights, listener))
                .isInstanceOf(DownloadFailedException.class)
                .satisfies(thrown -> {
                    String message = thrown.getMessage();
                    assertThat(message).doesNotContain("\n")
                            .contains(server.url("/a.safetensors").toString(), "SHA-256")
                            .contains(server.url("/missing.pth").toString(), "HTTP 404")
                            .contains("Place a copy in", cache.directory().toString(), "test.safetensors",
                                    "test.pth");
                    assertThat(((DownloadFailedException) thrown).failures()).hasSize(2);
                });
        assertThat(cache.directory().resolve("test.safetensors")).doesNotExist();
        assertThat(cache.directory().resolve("test.pth")).doesNotExist();
        assertThat(partialFiles()).isEmpty();
        assertThat(listener.triedNext).containsExactly(true, false);
    }

    @Test
    void droppedConnectionIsResumedWithARangeRequest() throws IOException {
        server.serveCutOnce("/model.safetensors", CONTENT, SIZE / 2);
        KnownWeights weights = weights(source("/model.safetensors", "test.safetensors", sha256(CONTENT)));

        Path file = downloader().fetch(weights, listener);

        assertThat(Files.readAllBytes(file)).isEqualTo(CONTENT);
        assertThat(server.requests()).extracting(LocalWeightsServer.Request::range)
                .containsExactly(null, "bytes=" + SIZE / 2 + "-");
        assertThat(listener.retries).hasSize(1);
    }

    @Test
    void stalledServerTimesOutAndTheRetryResumes() throws IOException {
        CountDownLatch never = new CountDownLatch(1);
        server.serveStallingOnce("/model.safetensors", CONTENT, SIZE / 3, never);
        KnownWeights weights = weights(source("/model.safetensors", "test.safetensors", sha256(CONTENT)));
        DownloadSettings impatient = new DownloadSettings(Duration.ofSeconds(2), Duration.ofMillis(300), 2,
                Duration.ofMillis(10), Duration.ofSeconds(2));

        Path file = new Downloader(cache, impatient).fetch(weights, listener);

        assertThat(Files.readAllBytes(file)).isEqualTo(CONTENT);
        assertThat(server.requests()).extracting(LocalWeightsServer.Request::range)
                .containsExactly(null, "bytes=" + SIZE / 3 + "-");
        assertThat(listener.retries).singleElement().asString().contains("no data received");
    }

    @Test
    void partialFileFromAnEarlierRunIsResumed() throws IOException {
        server.serve("/model.safetensors", CONTENT);
        KnownWeights weights = weights(source("/model.safetensors", "test.safetensors", sha256(CONTENT)));
        writePartial("test.safetensors", Arrays.copyOf(CONTENT, 100_000));

        Path file = downloader().fetch(weights, listener);

        assertThat(Files.readAllBytes(file)).isEqualTo(CONTENT);
        assertThat(server.requests()).extracting(LocalWeightsServer.Request::range).containsExactly("bytes=100000-");
        assertThat(listener.progress.get(0).bytesDone()).as("progress starts at the kept bytes").isEqualTo(100_000);
    }

    @Test
    void serverIgnoringRangeMakesTheDownloadStartCleanlyOver() throws IOException {
        server.serveIgnoringRange("/model.safetensors", CONTENT);
        KnownWeights weights = weights(source("/model.safetensors", "test.safetensors", sha256(CONTENT)));
        writePartial("test.safetensors", Arrays.copyOf(OTHER_CONTENT, 100_000));

        Path file = downloader().fetch(weights, listener);

        assertThat(Files.readAllBytes(file)).isEqualTo(CONTENT);
        assertThat(server.requests()).extracting(LocalWeightsServer.Request::range).containsExactly("bytes=100000-");
    }

    @Test
    void resumedFileThatFailsVerificationIsDownloadedAgainFromTheStart() throws IOException {
        server.serve("/model.safetensors", CONTENT);
        KnownWeights weights = weights(source("/model.safetensors", "test.safetensors", sha256(CONTENT)));
        writePartial("test.safetensors", Arrays.copyOf(OTHER_CONTENT, 100_000));

        Path file = downloader().fetch(weights, listener);

        assertThat(Files.readAllBytes(file)).isEqualTo(CONTENT);
        assertThat(server.requests()).extracting(LocalWeightsServer.Request::range)
                .containsExactly("bytes=100000-", null);
    }

    @Test
    void completePartialFileIsInstalledWhenTheServerHasNothingLeftToSend() throws IOException {
        server.serve("/model.safetensors", CONTENT);
        KnownWeights weights = weights(source("/model.safetensors", "test.safetensors", sha256(CONTENT)));
        writePartial("test.safetensors", CONTENT);

        Path file = downloader().fetch(weights, listener);

        assertThat(Files.readAllBytes(file)).isEqualTo(CONTENT);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void digestPrefixIsEnoughToAcceptAFile() throws IOException {
        server.serve("/vgg-0123abcd.pth", CONTENT);
        KnownWeights weights = weights(source("/vgg-0123abcd.pth", "test.pth", sha256(CONTENT).substring(0, 8)));

        Path file = downloader().fetch(weights, listener);

        assertThat(Files.readAllBytes(file)).isEqualTo(CONTENT);
    }

    @Test
    void missingFileIsNotRetriedAndTheNextSourceIsUsed() throws IOException {
        server.serve("/mirror.pth", CONTENT);
        KnownWeights weights = weights(
                source("/gone.safetensors", "test.safetensors", sha256(CONTENT)),
                source("/mirror.pth", "test.pth", sha256(CONTENT)));

        Path file = downloader().fetch(weights, listener);

        assertThat(Files.readAllBytes(file)).isEqualTo(CONTENT);
        assertThat(server.requestsFor("/gone.safetensors")).hasSize(1);
        assertThat(listener.failures).singleElement().extracting(SourceFailure::reason).isEqualTo("HTTP 404");
    }

    @Test
    void serverErrorsAreRetriedBeforeGivingUp() {
        server.status("/busy.safetensors", 503);
        KnownWeights weights = weights(source("/busy.safetensors", "test.safetensors", sha256(CONTENT)));

        assertThatThrownBy(() -> downloader().fetch(weights, listener))
                .isInstanceOf(DownloadFailedException.class)
                .hasMessageContaining("HTTP 503, 3 attempts");
        assertThat(server.requests()).hasSize(3);
        assertThat(listener.retries).hasSize(2);
    }

    @Test
    void unreachableHostIsReportedAsSuch() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Source nowhere = new Source(URI.create("http://127.0.0.1:" + closedPort + "/model.safetensors"),
                "test.safetensors", new ExpectedSha256(sha256(CONTENT)));

        assertThatThrownBy(() -> downloader().fetch(weights(nowhere)))
                .isInstanceOf(DownloadFailedException.class)
                .hasMessageContaining("cannot connect to 127.0.0.1:" + closedPort);
    }

    @Test
    void redirectsToAContentServerAreFollowed() throws IOException {
        server.redirect("/resolve/main/model.safetensors", "/cdn/blob");
        server.serve("/cdn/blob", CONTENT);
        KnownWeights weights = weights(
                source("/resolve/main/model.safetensors", "test.safetensors", sha256(CONTENT)));

        Path file = downloader().fetch(weights, listener);

        assertThat(Files.readAllBytes(file)).isEqualTo(CONTENT);
        assertThat(server.requests()).extracting(LocalWeightsServer.Request::path)
                .containsExactly("/resolve/main/model.safetensors", "/cdn/blob");
    }

    @Test
    void interruptingTheThreadStopsPromptlyAndLeavesOnlyThePartialFile() throws Exception {
        CountDownLatch resume = new CountDownLatch(1);
        server.serveStallingOnce("/model.safetensors", CONTENT, SIZE / 2, resume);
        KnownWeights weights = weights(source("/model.safetensors", "test.safetensors", sha256(CONTENT)));
        DownloadSettings patient = new DownloadSettings(Duration.ofSeconds(2), Duration.ofSeconds(30), 3,
                Duration.ofMillis(10), Duration.ofSeconds(2));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> flagAfterwards = new AtomicReference<>();
        Thread downloading = new Thread(() -> {
            try {
                new Downloader(cache, patient).fetch(weights, listener);
            } catch (RuntimeException failure) {
                thrown.set(failure);
            }
            flagAfterwards.set(Thread.currentThread().isInterrupted());
        });
        downloading.start();
        awaitPartialFileSize(weights, SIZE / 2);

        long start = System.nanoTime();
        downloading.interrupt();
        downloading.join(5_000);

        assertThat(downloading.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(thrown.get()).isInstanceOf(DownloadInterruptedException.class);
        assertThat(flagAfterwards.get()).as("interrupt flag restored").isTrue();
        assertThat(cache.directory().resolve("test.safetensors")).doesNotExist();
        assertThat(cache.partialFileFor(weights.sources().get(0))).exists();
    }

    @Test
    void concurrentFetchesOfTheSameWeightsDownloadOnce() throws Exception {
        CountDownLatch resume = new CountDownLatch(1);
        server.serveStallingOnce("/model.safetensors", CONTENT, SIZE / 2, resume);
        KnownWeights weights = weights(source("/model.safetensors", "test.safetensors", sha256(CONTENT)));
        DownloadSettings patient = new DownloadSettings(Duration.ofSeconds(2), Duration.ofSeconds(10), 1,
                Duration.ofMillis(10), Duration.ofSeconds(10));
        RecordingListener secondListener = new RecordingListener();
        AtomicReference<Path> firstResult = new AtomicReference<>();
        AtomicReference<Path> secondResult = new AtomicReference<>();
        Thread first = new Thread(() -> firstResult.set(new Downloader(cache, patient).fetch(weights, listener)));
        Thread second = new Thread(
                () -> secondResult.set(new Downloader(cache, patient).fetch(weights, secondListener)));

        first.start();
        awaitPartialFileSize(weights, SIZE / 2);
        second.start();
        assertThat(secondListener.waitingForLock.await(5, TimeUnit.SECONDS)).isTrue();
        resume.countDown();
        first.join(5_000);
        second.join(5_000);

        assertThat(firstResult.get()).isNotNull().isEqualTo(secondResult.get());
        assertThat(Files.readAllBytes(firstResult.get())).isEqualTo(CONTENT);
        assertThat(server.requests()).hasSize(1);
        assertThat(secondListener.progress).isEmpty();
    }

    @Test
    @SuppressWarnings("try") // the lock only needs to be held
    void lockHeldTooLongFailsWithAClearMessage() throws IOException {
        server.serve("/model.safetensors", CONTENT);
        KnownWeights weights = weights(source("/model.safetensors", "test.safetensors", sha256(CONTENT)));
        DownloadSettings shortWait = new DownloadSettings(Duration.ofSeconds(2), Duration.ofSeconds(2), 1,
                Duration.ofMillis(10), Duration.ofMillis(200));
        Files.createDirectories(cache.directory());

        try (FileChannel channel = FileChannel.open(cache.lockFileFor(weights), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock held = channel.lock()) {
            assertThatThrownBy(() -> new Downloader(cache, shortWait).fetch(weights, listener))
                    .isInstanceOf(DownloadFailedException.class)
                    .hasMessageContaining("another process")
                    .hasMessageContaining(cache.lockFileFor(weights).toString());
        }
        assertThat(server.requests()).isEmpty();
    }

    /**
     * A mirror that streams an endless body for a file of known size: the download stops at the size,
     * deletes what it wrote and fails (exit 5), and progress never passes 100 %. Before the bound, this
     * filled 3 GB in 25 s with the bar at "100% 3030 MB".
     */
    @Test
    void anEndlessBodyStopsAtTheKnownSizeAndLeavesNothing() {
        AtomicLong sent = new AtomicLong();
        server.serveEndless("/model.safetensors", CONTENT, sent);
        Source source = new Source(server.url("/model.safetensors"), "test.safetensors",
                new ExpectedSha256(sha256(CONTENT)), ExpectedSize.exactly(SIZE));

        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThatThrownBy(
                () -> downloader().fetch(weights(source), listener))
                .isInstanceOf(DownloadFailedException.class).isInstanceOf(UnavailableException.class)
                .hasMessageContaining("sent more than the " + SIZE + " bytes expected (" + SIZE + " bytes); stopped "
                        + "and deleted what it sent"));

        assertThat(partialFiles()).isEmpty();
        assertThat(cache.directory().resolve("test.safetensors")).doesNotExist();
        assertThat(listener.progress).allSatisfy(progress -> {
            assertThat(progress.bytesDone()).isLessThanOrEqualTo(SIZE);
            assertThat(progress.fraction().orElse(0)).isLessThanOrEqualTo(1.0);
        });
        // Refused, not retried: the next source (none here) is tried instead.
        assertThat(server.requestsFor("/model.safetensors")).hasSize(1);
    }

    /** An announced length beyond the limit is refused before a byte is written. */
    @Test
    void anAnnouncedLengthBeyondTheLimitIsRefusedUnread() {
        server.serveAnnouncing("/model.safetensors", CONTENT, 10L * SIZE);
        Source source = new Source(server.url("/model.safetensors"), "test.safetensors",
                new ExpectedSha256(sha256(CONTENT)), ExpectedSize.exactly(SIZE));

        assertThatThrownBy(() -> downloader().fetch(weights(source), listener))
                .isInstanceOf(DownloadFailedException.class)
                .hasMessageContaining("announces " + 10L * SIZE + " bytes, more than the " + SIZE + " expected");
        assertThat(partialFiles()).isEmpty();
        assertThat(listener.progress).isEmpty();
    }

    /** A rounded size leaves its margin: a file a little larger downloads, a body far larger is cut off. */
    @Test
    void aRoundedSizeAllowsItsMarginAndNoMore() {
        byte[] large = new byte[3 << 20];
        new Random(5).nextBytes(large);
        server.serve("/fits.bin", large);
        server.serveEndless("/too-large.bin", large, new AtomicLong());
        Source fits = new Source(server.url("/fits.bin"), "fits.bin", new ExpectedSha256(sha256(large)),
                ExpectedSize.about(3_000_000));
        Source tooLarge = new Source(server.url("/too-large.bin"), "too-large.bin",
                new ExpectedSha256(sha256(large)), ExpectedSize.about(2_000_000));

        assertThat(downloader().fetch(new KnownWeights("fits", List.of(fits), 0), listener)).exists();
        assertThatThrownBy(() -> downloader().fetch(new KnownWeights("too-large", List.of(tooLarge), 0), listener))
                .isInstanceOf(DownloadFailedException.class)
                .hasMessageContaining("sent more than the " + (2_000_000 + (1 << 20)) + " bytes expected (about "
                        + "2000000 bytes)");
        assertThat(partialFiles()).isEmpty();
    }

    /**
     * A download stops soon after the run's cancellation is requested, even while the server is
     * silent, and keeps its partial file for the next run.
     */
    @Test
    void aRequestedCancellationStopsAStalledDownloadAndKeepsThePartialFile() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        server.serveStallingOnce("/model.safetensors", CONTENT, SIZE / 3, never);
        KnownWeights weights = weights(source("/model.safetensors", "test.safetensors", sha256(CONTENT)));
        Cancellation cancellation = new Cancellation();
        DownloadSettings patient = new DownloadSettings(Duration.ofSeconds(30), Duration.ofSeconds(30), 3,
                Duration.ofMillis(10), Duration.ofSeconds(2));
        Thread stopper = new Thread(() -> {
            try {
                awaitPartialFileSize(weights, SIZE / 3);
                cancellation.request();
            } catch (Exception | AssertionError e) {
                cancellation.request();
            }
        });

        long started = System.nanoTime();
        try (Cancellation.Binding bound = cancellation.bindToThread()) {
            stopper.start();
            assertThatThrownBy(() -> new Downloader(cache, patient).fetch(weights, listener))
                    .isInstanceOf(DownloadInterruptedException.class).isInstanceOf(CancelledException.class);
        } finally {
            never.countDown();
            stopper.join();
        }
        // Well before the 30 s stall timeout.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(Files.size(cache.partialFileFor(weights.sources().get(0)))).isEqualTo(SIZE / 3);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    private Downloader downloader() {
        return new Downloader(cache, fastSettings());
    }

    private static DownloadSettings fastSettings() {
        return new DownloadSettings(Duration.ofSeconds(2), Duration.ofSeconds(2), 3, Duration.ofMillis(10),
                Duration.ofSeconds(2));
    }

    private Source source(String path, String fileName, String sha256) {
        return new Source(server.url(path), fileName, new ExpectedSha256(sha256));
    }

    private static KnownWeights weights(Source... sources) {
        return new KnownWeights("test-weights", List.of(sources), SIZE);
    }

    private void writePartial(String fileName, byte[] bytes) throws IOException {
        Files.createDirectories(cache.directory());
        Files.write(cache.directory().resolve(fileName + WeightsCache.PARTIAL_SUFFIX), bytes);
    }

    private void awaitPartialFileSize(KnownWeights weights, long size) throws InterruptedException, IOException {
        Path partial = cache.partialFileFor(weights.sources().get(0));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!(Files.exists(partial) && Files.size(partial) == size)) {
            assertThat(System.nanoTime()).as("waiting for %s to reach %d bytes", partial, size).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private List<Path> partialFiles() {
        try (Stream<Path> files = Files.list(cache.directory())) {
            return files.filter(file -> file.toString().endsWith(WeightsCache.PARTIAL_SUFFIX)).toList();
        } catch (IOException unreadable) {
            throw new AssertionError(unreadable);
        }
    }

    static byte[] content(long seed) {
        byte[] bytes = new byte[SIZE];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException impossible) {
            throw new AssertionError(impossible);
        }
    }
}
