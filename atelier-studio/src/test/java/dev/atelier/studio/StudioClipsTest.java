package dev.atelier.studio;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.atelier.api.Atelier;
import dev.atelier.report.StrictJson;
import dev.atelier.testing.LocalWeightsServer;
import dev.atelier.video.TestClips;
import java.awt.Color;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clips in the studio, on the library and the video module with the system's FFmpeg (which these
 * tests need, as CI installs it: without it they fail saying how to install it): checked from the
 * container when submitted, repainted frame by frame with their sound, served so a browser's player can
 * seek, and continued from their finished frames after a server stop.
 */
class StudioClipsTest {
    @TempDir
    Path folder;
    private LocalWeightsServer mirror;
    private Atelier atelier;

    @BeforeEach
    void start() throws IOException {
        TestClips.tools(); // FFmpeg, or the test fails with how to install it
        mirror = new LocalWeightsServer();
        atelier = LibraryStudios.withCandy(folder, mirror);
    }

    @AfterEach
    void stop() {
        mirror.close();
    }

    private StudioOptions.Builder options() {
        return StudioOptions.builder().optPort(0).optDataFolder(folder.resolve("studio"));
    }

    /** {@code frames} frames of FFmpeg's test pattern at {@code rate} a second, {@code size} wide and high, with a tone. */
    private Path clip(String name, int frames, int rate, String size) {
        return TestClips.ffmpeg(folder.resolve(name), "-f", "lavfi", "-i", "testsrc=size=" + size + ":rate=" + rate,
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-frames:v", Integer.toString(frames),
                "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest");
    }

    private static Multipart candyClip(Path clip, String options) throws IOException {
        return new Multipart().field("method", "feedforward").field("model", "candy").field("options", options)
                .file("content", clip.getFileName().toString(), "video/mp4", Files.readAllBytes(clip));
    }

    @Test
    void aClipIsRepaintedFrameByFrameWithItsSoundAndServedSoAPlayerCanSeek() throws IOException {
        Path clip = clip("harbour.mp4", 8, 25, "64x48");
        try (StudioServer server = StudioServer.start(options().build(), LibraryStudios.executor(atelier))) {
            StudioClient client = new StudioClient(server.port());
            JsonObject health = client.get("/api/health").json();
            assertThat(health.getAsJsonObject("clips").get("available").getAsBoolean()).isTrue();
            assertThat(health.getAsJsonObject("limits").get("clip_frames").getAsInt()).isEqualTo(1800);
            assertThat(client.get("/api/methods").json().getAsJsonArray("clip_options").toString())
                    .contains("\"temporal-weight\"").doesNotContain("max-frames", "frame-rate");

            StudioClient.Answer accepted = client.submit(candyClip(clip, "{\"temporal-weight\": 0.5}"));
            assertThat(accepted.status()).as(accepted.json().toString()).isEqualTo(202);
            assertThat(accepted.json().get("kind").getAsString()).isEqualTo("clip");
            List<StudioClient.Event> events = client.events(accepted.id());
            StudioClient.Answer done = client.awaitFinished(accepted.id());

            assertThat(done.state()).as(done.json().toString()).isEqualTo("done");
            assertThat(done.json().get("stage").getAsString()).isEqualTo("video");
            assertThat(done.json().get("step").getAsLong()).isEqualTo(8);
            assertThat(done.json().get("total").getAsLong()).isEqualTo(8);
            List<JsonObject> frames = events.stream().filter(event -> event.name().equals("progress"))
                    .map(StudioClient.Event::json).toList();
            assertThat(frames).as("one progress event per frame, counting frames").isNotEmpty()
                    .allSatisfy(progress -> {
                        assertThat(progress.get("stage").getAsString()).isEqualTo("video");
                        assertThat(progress.get("total").getAsLong()).isEqualTo(8);
                        assertThat(progress.get("item").getAsString()).endsWith("frames/s");
                    });
            assertThat(frames.get(frames.size() - 1).get("step").getAsLong()).isEqualTo(8);

            HttpResponse<byte[]> result = client.bytes("/api/jobs/" + accepted.id() + "/result");
            assertThat(result.statusCode()).isEqualTo(200);
            assertThat(result.headers().firstValue("Content-Type")).hasValue("video/mp4");
            assertThat(result.headers().firstValue("Accept-Ranges")).hasValue("bytes");
            Path served = Files.write(folder.resolve("served.mp4"), result.body());
            assertThat(TestClips.decodedFrames(served)).isEqualTo(8);
            assertThat(TestClips.probe(served, "v:0", "stream=codec_name")).isEqualTo("h264");
            assertThat(TestClips.probe(served, "v:0", "stream=width,height")).isEqualTo("64\n48");
            assertThat(TestClips.audioMd5(served)).as("the sound, copied").isEqualTo(TestClips.audioMd5(clip));

            HttpResponse<byte[]> part = client.bytes(client.request("/api/jobs/" + accepted.id() + "/result")
                    .header("Range", "bytes=100-199").GET());
            assertThat(part.statusCode()).isEqualTo(206);
            assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 100-199/" + result.body().length);
            assertThat(part.body()).isEqualTo(java.util.Arrays.copyOfRange(result.body(), 100, 200));

            JsonObject report = StrictJson.parseObject(new String(client.bytes("/api/jobs/" + accepted.id()
                    + "/report").body(), StandardCharsets.UTF_8));
            assertThat(report.get("command").getAsString()).isEqualTo("serve");
            assertThat(report.getAsJsonObject("result").get("frames").getAsLong()).isEqualTo(8);
            assertThat(report.getAsJsonObject("result").getAsJsonObject("warping_error").has("stabilised")).isTrue();
            assertThat(report.getAsJsonObject("settings").get("temporal_weight").getAsDouble()).isEqualTo(0.5);
            assertThat(folder.resolve("studio/jobs/" + accepted.id() + "/result.mp4.resume")).doesNotExist();
        }
    }

    /**
     * Each refusal is one line naming what is wrong, from the container alone, and leaves nothing
     * behind: over each of the studio's limits (naming it), not a video, no video stream.
     */
    @Test
    void clipsOverTheStudiosLimitsOrNoVideosAreRefusedInOneLineNamingTheLimit() throws IOException {
        StudioOptions limited = options().optMaxClipFrames(10).optMaxClipSeconds(1).optMaxClipPixels(64 * 48).build();
        try (StudioServer server = StudioServer.start(limited, LibraryStudios.executor(atelier))) {
            StudioClient client = new StudioClient(server.port());

            assertRefused(client, clip("long.mp4", 12, 25, "64x48"),
                    "12 frames, more than the studio's max-clip-frames 10 allows");
            assertRefused(client, clip("slow.mp4", 8, 5, "64x48"),
                    "1.6 seconds long, more than the studio's max-clip-seconds 1 allows");
            assertRefused(client, clip("wide.mp4", 4, 25, "80x60"),
                    "80x60 frames (4800 pixels), more than the studio's max-clip-pixels 3072 allows");
            Path text = Files.writeString(folder.resolve("notes.mp4"), "not a video at all\n");
            assertRefused(client, text, "not a video FFmpeg can read (Invalid data found when processing input)");
            Path sound = TestClips.ffmpeg(folder.resolve("sound.mkv"), "-f", "lavfi", "-i", "sine=duration=0.2",
                    "-c:a", "flac");
            assertRefused(client, sound, "has no video stream (only audio)");

            assertThat(client.get("/api/jobs").json().get("total").getAsInt()).isZero();
            try (Stream<Path> left = Files.list(folder.resolve("studio/incoming"))) {
                assertThat(left).isEmpty();
            }
        }
    }

    private static void assertRefused(StudioClient client, Path clip, String message) throws IOException {
        StudioClient.Answer refused = client.submit(candyClip(clip, "{}"));
        assertThat(refused.status()).as(refused.json().toString()).isEqualTo(400);
        assertThat(refused.json().get("field").getAsString()).isEqualTo("content");
        assertThat(refused.json().get("error").getAsString()).isEqualTo(message);
    }

    @Test
    void withoutFfmpegClipsAreRefusedInOneLineAndPhotosStillWork() throws IOException {
        try (StudioServer server = StudioServer.start(options().build(), LibraryStudios.withoutFfmpeg(atelier))) {
            StudioClient client = new StudioClient(server.port());
            JsonObject clips = client.get("/api/health").json().getAsJsonObject("clips");
            assertThat(clips.get("available").getAsBoolean()).isFalse();
            assertThat(clips.get("reason").getAsString()).startsWith("ffmpeg is not installed (not on the PATH)")
                    .doesNotContain("\n");

            StudioClient.Answer refused = client.submit(candyClip(clip("harbour.mp4", 4, 25, "64x48"), "{}"));
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.json().get("field").getAsString()).isEqualTo("content");
            assertThat(refused.json().get("error").getAsString())
                    .startsWith("clips cannot be repainted on this server: ffmpeg is not installed");

            StudioClient.Answer photo = client.submit(new Multipart().field("method", "feedforward")
                    .field("model", "candy").file("content", "photo.png", "image/png",
                            TestPictures.png(40, 30, Color.ORANGE)));
            assertThat(photo.status()).as(photo.json().toString()).isEqualTo(202);
            assertThat(client.awaitFinished(photo.id()).state()).isEqualTo("done");
        }
    }

    /**
     * A server stop halfway through a clip keeps its finished frames (in the job's folder, as the video
     * module keeps them), and the restarted studio continues from them rather than from the first frame.
     */
    @Test
    void aClipStoppedByAServerStopContinuesFromItsFinishedFramesAfterTheRestart() throws IOException {
        Path clip = clip("harbour.mp4", 24, 25, "64x48");
        long id;
        long doneBeforeStop;
        try (StudioServer server = StudioServer.start(options().build(),
                new PacedExecutor(LibraryStudios.executor(atelier), 150))) {
            StudioClient client = new StudioClient(server.port());
            id = client.submit(candyClip(clip, "{}")).id();
            doneBeforeStop = client.await(id, job -> job.json().get("step").getAsLong() >= 4, Duration.ofSeconds(90))
                    .json().get("step").getAsLong();
        }
        try (JobStore store = JobStore.open(folder.resolve("studio/studio.db"))) {
            assertThat(store.get(id).orElseThrow().state()).isEqualTo(JobState.QUEUED);
        }
        assertThat(folder.resolve("studio/jobs/" + id + "/result.mp4.resume")).isDirectory();

        try (StudioServer server = StudioServer.start(options().build(), LibraryStudios.executor(atelier))) {
            StudioClient client = new StudioClient(server.port());
            StudioClient.Answer done = client.await(id, job -> List.of("done", "failed").contains(job.state()),
                    Duration.ofSeconds(90));
            assertThat(done.state()).as(done.json().toString()).isEqualTo("done");
            JsonObject result = StrictJson.parseObject(new String(client.bytes("/api/jobs/" + id + "/report").body(),
                    StandardCharsets.UTF_8)).getAsJsonObject("result");
            assertThat(result.get("frames").getAsLong()).isEqualTo(24);
            assertThat(result.get("resumed_at").getAsLong()).as("frames kept from before the stop")
                    .isGreaterThanOrEqualTo(doneBeforeStop);
            Path served = Files.write(folder.resolve("served.mp4"), client.bytes("/api/jobs/" + id + "/result").body());
            assertThat(TestClips.decodedFrames(served)).isEqualTo(24);
        }
    }

    /**
     * A person cancelling keeps the finished frames too, as the video module does; the job says how far
     * it got, and continuing it goes on from them. Only a cancelled clip continues.
     */
    @Test
    void aCancelledClipKeepsItsFinishedFramesAndContinuesFromThem() throws IOException {
        Path clip = clip("harbour.mp4", 24, 25, "64x48");
        try (StudioServer server = StudioServer.start(options().build(),
                new PacedExecutor(LibraryStudios.executor(atelier), 150))) {
            StudioClient client = new StudioClient(server.port());
            long id = client.submit(candyClip(clip, "{}")).id();
            client.await(id, job -> job.json().get("step").getAsLong() >= 3, Duration.ofSeconds(90));

            client.delete("/api/jobs/" + id);
            StudioClient.Answer cancelled = client.awaitFinished(id);

            assertThat(cancelled.state()).isEqualTo("cancelled");
            assertThat(cancelled.json().get("has_result").getAsBoolean()).isFalse();
            assertThat(cancelled.json().get("step").getAsLong()).isBetween(3L, 23L);
            assertThat(cancelled.json().get("total").getAsLong()).isEqualTo(24);
            Path work = folder.resolve("studio/jobs/" + id + "/result.mp4.resume");
            assertThat(work.resolve("state.json")).isRegularFile();
            assertThat(client.bytes("/api/jobs/" + id + "/result").statusCode()).isEqualTo(404);
            long kept = cancelled.json().get("step").getAsLong();
            assertThat(cancelled.json().getAsJsonObject("links").get("continue").getAsString())
                    .isEqualTo("/api/jobs/" + id + "/continue");

            StudioClient.Answer continued = client.send(client.request("/api/jobs/" + id + "/continue")
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
            assertThat(continued.status()).as(continued.json().toString()).isEqualTo(202);
            assertThat(continued.state()).isIn("queued", "running");
            StudioClient.Answer done = client.await(id, job -> List.of("done", "failed").contains(job.state()),
                    Duration.ofSeconds(90));
            assertThat(done.state()).as(done.json().toString()).isEqualTo("done");
            JsonObject result = StrictJson.parseObject(new String(client.bytes("/api/jobs/" + id + "/report").body(),
                    StandardCharsets.UTF_8)).getAsJsonObject("result");
            assertThat(result.get("resumed_at").getAsLong()).isGreaterThanOrEqualTo(kept);
            Path served = Files.write(folder.resolve("served.mp4"), client.bytes("/api/jobs/" + id + "/result").body());
            assertThat(TestClips.decodedFrames(served)).isEqualTo(24);

            StudioClient.Answer again = client.send(client.request("/api/jobs/" + id + "/continue")
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
            assertThat(again.status()).isEqualTo(409);
            assertThat(again.json().get("error").getAsString()).isEqualTo("job " + id + " is not a cancelled clip "
                    + "(done); only a cancelled clip goes on from its finished frames");
        }
    }
}
