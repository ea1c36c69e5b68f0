package dev.atelier.studio;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.atelier.api.Atelier;
import dev.atelier.testing.LocalWeightsServer;
import dev.atelier.video.TestClips;
import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A clip on the page, in Debian's chromium, on the library and the video module with the system's
 * FFmpeg (which these tests need, as CI installs it): a person uploads a short clip with sound, picks a
 * trained network, watches the frames go by, plays the result in the page and downloads it; a clip over
 * the studio's limits is refused beside its field; without FFmpeg the page says clips are unavailable.
 * The finished page is saved as target/studio-clip.png.
 */
class StudioClipPageTest {
    private static final double TIMEOUT_MS = 120_000;

    @RegisterExtension
    static final SharedChromium CHROMIUM = new SharedChromium(TIMEOUT_MS);

    @TempDir
    Path folder;
    private LocalWeightsServer mirror;
    private Atelier atelier;
    private StudioServer server;
    private BrowserContext context;
    private Page page;

    @BeforeEach
    void start() throws java.io.IOException {
        TestClips.tools(); // FFmpeg, or the test fails with how to install it
        mirror = new LocalWeightsServer();
        atelier = LibraryStudios.withCandy(folder, mirror);
    }

    @AfterEach
    void stop() {
        if (context != null) {
            context.close();
        }
        if (server != null) {
            server.close();
        }
        mirror.close();
    }

    /** FFmpeg's test pattern, {@code frames} frames at 25 a second, 64x48, with a tone. */
    private Path clip(String name, int frames) {
        return TestClips.ffmpeg(folder.resolve(name), "-f", "lavfi", "-i", "testsrc=size=64x48:rate=25",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-frames:v", Integer.toString(frames),
                "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest");
    }

    @Test
    void aPersonRepaintsAClipWatchesItsFramesThenPlaysAndDownloadsIt() throws Exception {
        // A slow machine's pace (a quarter of a second a frame), so the frames can be watched going by.
        server = StudioServer.start(StudioOptions.builder().optPort(0).optDataFolder(folder.resolve("studio"))
                .optMaxClipFrames(10).build(), new PacedExecutor(LibraryStudios.executor(atelier), 250));
        Path clip = clip("harbour.mp4", 8);
        openPage();

        assertThat(page.locator("#content-hint")).containsText("10 frames");
        field("Photo or clip").setInputFiles(clip);
        assertThat(page.getByLabel("Chosen clip: harbour.mp4")).isVisible();
        field("Method").selectOption("feedforward");
        field("Model").selectOption("candy");
        assertThat(field("Temporal weight")).isVisible();
        page.evaluate("() => { window.seenProgress = []; const line = document.getElementById('job-progress-text');"
                + " new MutationObserver(() => window.seenProgress.push(line.textContent))"
                + ".observe(line, {childList: true, characterData: true, subtree: true}); }");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start")).click();

        Locator line = page.locator("#job-progress-text");
        assertThat(line).containsText(Pattern.compile("Frame [1-7] of 8"));
        assertThat(jobState()).containsText("Done", new LocatorAssertions.ContainsTextOptions().setTimeout(TIMEOUT_MS));
        assertThat(line).containsText("Frame 8 of 8 · took ");
        @SuppressWarnings("unchecked")
        List<String> seen = (List<String>) page.evaluate("() => window.seenProgress");
        assertThat(seen).as("the progress line while the frames were made")
                .anyMatch(text -> text.matches("Frame [1-7] of 8 · \\d+% of the work done · [0-9.]+ frames/s · .*"));

        Locator video = page.getByLabel("The repainted clip");
        assertThat(video).isVisible();
        assertThat(page.getByAltText("The result")).isHidden();
        page.evaluate("() => { const video = document.getElementById('result-video'); video.muted = true;"
                + " video.play(); }");
        awaitTrue("(() => { const v = document.getElementById('result-video'); return v.error === null"
                + " && v.readyState >= 2 && v.videoWidth === 64 && v.videoHeight === 48"
                + " && Math.abs(v.duration - 0.32) < 0.05; })()");
        assertThat(page.locator("#clip-report")).containsText("8 frames at 25 frames/s, 64x48");
        assertThat(page.locator("#clip-report")).containsText("warping error");
        assertThat(page.locator("#clip-report")).containsText("sound copied");

        Download download = page.waitForDownload(() -> page.getByText("Download MP4").click());
        assertThat(download.suggestedFilename()).isEqualTo("atelier-1.mp4");
        Path downloaded = Files.copy(download.path(), folder.resolve("downloaded.mp4"));
        assertThat(TestClips.decodedFrames(downloaded)).isEqualTo(8);
        assertThat(TestClips.probe(downloaded, "v:0", "stream=codec_name")).isEqualTo("h264");
        assertThat(TestClips.probe(downloaded, "a:0", "stream=codec_name")).isEqualTo("aac");

        Locator card = page.locator("#gallery > li").first();
        assertThat(card).containsText("Job 1 · feedforward");
        assertThat(card).containsText("harbour.mp4 + candy");
        assertThat(card.getByLabel("Result of job 1")).isVisible();
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "studio-clip.png")).setFullPage(true));
    }

    @Test
    void aCancelledClipGoesOnFromItsFinishedFramesWhenContinued() {
        server = StudioServer.start(StudioOptions.builder().optPort(0).optDataFolder(folder.resolve("studio")).build(),
                new PacedExecutor(LibraryStudios.executor(atelier), 250));
        Path clip = clip("harbour.mp4", 16);
        openPage();
        field("Photo or clip").setInputFiles(clip);
        field("Method").selectOption("feedforward");
        field("Model").selectOption("candy");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start")).click();

        Locator line = page.locator("#job-progress-text");
        assertThat(line).containsText(Pattern.compile("Frame ([3-9]|1[0-3]) of 16"));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Cancel").setExact(true)).click();
        assertThat(jobState()).containsText(Pattern.compile(
                "Cancelled after \\d+ of 16 frames: they are kept, and Continue goes on from them\\."));
        Locator goOn = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue"));
        assertThat(goOn).isVisible();

        goOn.click();
        assertThat(jobState()).containsText("Done", new LocatorAssertions.ContainsTextOptions().setTimeout(TIMEOUT_MS));
        assertThat(line).containsText("Frame 16 of 16");
        assertThat(goOn).isHidden();
        assertThat(page.getByLabel("The repainted clip")).isVisible();
        assertThat(page.locator("#clip-report")).containsText("16 frames at 25 frames/s");
    }

    @Test
    void aClipOverTheStudiosLimitsIsRefusedBesideItsFieldInOneLine() {
        server = StudioServer.start(StudioOptions.builder().optPort(0).optDataFolder(folder.resolve("studio"))
                .optMaxClipFrames(10).build(), LibraryStudios.executor(atelier));
        Path clip = clip("long.mp4", 12);
        openPage();

        field("Photo or clip").setInputFiles(clip);
        field("Method").selectOption("feedforward");
        field("Model").selectOption("candy");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start")).click();

        assertThat(page.locator("#content-error")).hasText("12 frames, more than the studio's max-clip-frames 10 allows");
        assertThat(field("Photo or clip")).hasAttribute("aria-invalid", "true");
        assertThat(page.locator("#gallery > li")).hasCount(0);
    }

    @Test
    void withoutFfmpegThePageSaysClipsAreUnavailableAndPhotosStillWork() throws Exception {
        server = StudioServer.start(StudioOptions.builder().optPort(0).optDataFolder(folder.resolve("studio")).build(),
                LibraryStudios.withoutFfmpeg(atelier));
        Path clip = clip("harbour.mp4", 4);
        Path photo = Files.write(folder.resolve("harbour.png"), TestPictures.png(40, 30, Color.ORANGE));
        openPage();

        Locator unavailable = page.locator("#clips-unavailable");
        assertThat(unavailable).isVisible();
        assertThat(unavailable).containsText("Clips are unavailable: ffmpeg is not installed (not on the PATH)");
        assertThat(field("Photo")).hasAttribute("accept", "image/jpeg,image/png");
        field("Photo").setInputFiles(clip);
        assertThat(page.locator("#content-error")).containsText("harbour.mp4 is a clip, and clips are unavailable here");

        field("Photo").setInputFiles(photo);
        field("Method").selectOption("feedforward");
        field("Model").selectOption("candy");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start")).click();
        assertThat(jobState()).containsText("Done", new LocatorAssertions.ContainsTextOptions().setTimeout(TIMEOUT_MS));
        assertThat(page.getByAltText("The result")).isVisible();
    }

    private void openPage() {
        context = CHROMIUM.browser().newContext(new Browser.NewContextOptions().setViewportSize(1280, 900)
                .setAcceptDownloads(true));
        context.setDefaultTimeout(TIMEOUT_MS);
        page = context.newPage();
        page.navigate(server.url());
        page.waitForSelector("body[data-ready=true]");
    }

    private void awaitTrue(String expression) {
        StudioPageQueries.awaitTrue(page, expression, TIMEOUT_MS);
    }

    private Locator jobState() {
        return StudioPageQueries.jobState(page);
    }

    private Locator field(String label) {
        return StudioPageQueries.field(page, label);
    }
}
