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
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page in a real browser (Debian's chromium, driven by Playwright), used as a person would:
 * choose pictures, start, watch, compare, download, cancel, run again; and on a phone-sized screen.
 * Screenshots of the finished page go to target/.
 */
class StudioPageTest {
    private static final double TIMEOUT_MS = 60_000;

    private static DebianChromium chromium;
    private static Browser browser;

    @TempDir
    Path folder;

    private StudioServer server;
    private BrowserContext context;
    private Page page;
    private Path photo;
    private Path painting;

    @BeforeAll
    static void launchBrowser() {
        chromium = DebianChromium.launch(TIMEOUT_MS);
        browser = chromium.browser();
    }

    @AfterAll
    static void closeBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void start() throws Exception {
        server = StudioServer.start(StudioOptions.builder().optPort(0).optDataFolder(folder.resolve("data")).build(),
                new FakeExecutor(60));
        photo = Files.write(folder.resolve("harbour.png"), picture(160, 120, new Color(40, 110, 190), "png"));
        painting = Files.write(folder.resolve("starry-night.jpg"), picture(120, 120, new Color(230, 190, 40), "jpeg"));
    }

    @AfterEach
    void stop() {
        if (context != null) {
            context.close();
        }
        server.close();
    }

    @Test
    void aPersonStylisesAPhotoWatchesItFormComparesDownloadsCancelsAndRunsAgain() throws Exception {
        openPage(1280, 900);

        field("Photo").setInputFiles(photo);
        field("Painting").setInputFiles(painting);
        field("Method").selectOption("gatys");
        field("Size").fill("64");
        field("Iterations").fill("40");
        assertThat(page.getByAltText("Chosen photo: harbour.png")).isVisible();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start")).click();

        Locator status = jobState();
        assertThat(status).containsText("Running: step");
        awaitTrue("document.getElementById('job-progress').value > 0.1");
        assertThat(page.getByAltText("The picture as it forms")).isVisible();
        assertThat(field("Losses")).containsText("total");

        assertThat(status).containsText("Done", new LocatorAssertions.ContainsTextOptions().setTimeout(TIMEOUT_MS));
        Locator result = page.getByAltText("The result");
        assertThat(result).isVisible();
        assertThat(page.getByRole(AriaRole.PROGRESSBAR, new Page.GetByRoleOptions().setName("Progress")))
                .hasAttribute("value", "1");
        awaitTrue("document.getElementById('result-image').naturalWidth > 0");

        field("Compare with the photo").fill("20");
        assertThat(page.locator(".compare-result")).hasCSS("clip-path", "inset(0px 0px 0px 20%)");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Side by side")).click();
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Side by side")))
                .hasAttribute("aria-pressed", "true");
        assertThat(page.locator("#compare figcaption").first()).hasText("Photo");
        assertThat(page.locator("#compare figcaption").first()).isVisible();

        Download download = page.waitForDownload(() -> page.getByText("Download PNG").click());
        assertThat(download.suggestedFilename()).matches("atelier-[0-9]+\\.png");
        byte[] downloaded = Files.readAllBytes(download.path());
        assertThat(TestPictures.centre(downloaded)).isEqualTo(new Color(40, 110, 190));

        Path screenshot = Path.of("target", "studio-finished.png");
        page.screenshot(new Page.ScreenshotOptions().setPath(screenshot).setFullPage(true));
        assertThat(Files.size(screenshot)).isPositive();

        // A second, long job, cancelled while it runs: its picture so far is kept.
        field("Iterations").fill("3000");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start")).click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Job 2").setExact(true)))
                .isVisible();
        assertThat(status).containsText("Running: step");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Cancel").setExact(true)).click();
        assertThat(status).containsText("Cancelled: the picture so far is kept.");

        Locator cards = page.locator("#gallery > li");
        assertThat(cards).hasCount(2);
        assertThat(cards.nth(0)).containsText("Job 2 · gatys");
        assertThat(cards.nth(0)).containsText("Cancelled");
        assertThat(cards.nth(1)).containsText("Done");
        assertThat(cards.nth(1)).containsText("harbour.png + starry-night.jpg");
        assertThat(cards.nth(1)).containsText("iterations 40");
        assertThat(page.getByAltText("Result of job 1")).isVisible();

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Run job 1 again")).click();
        assertThat(field("Iterations")).hasValue("40");
        assertThat(page.getByAltText("Chosen painting: starry-night.jpg")).isVisible();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start")).click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Job 3").setExact(true)))
                .isVisible();
        assertThat(status).containsText("Done", new LocatorAssertions.ContainsTextOptions().setTimeout(TIMEOUT_MS));
        assertThat(cards).hasCount(3);
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "studio-finished.png"))
                .setFullPage(true));
    }

    @Test
    void aRefusedUploadIsExplainedBesideItsField() throws Exception {
        openPage(1280, 900);
        Path notes = Files.write(folder.resolve("notes.png"), "not a picture".getBytes(StandardCharsets.UTF_8));

        field("Photo").setInputFiles(notes);
        field("Painting").setInputFiles(painting);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start")).click();

        assertThat(page.locator("#content-error")).hasText("not an image (expected JPEG or PNG)");
        assertThat(field("Photo")).hasAttribute("aria-invalid", "true");
        assertThat(page.locator("#gallery > li")).hasCount(0);
    }

    @Test
    void onAPhoneSizedScreenEverythingFitsTheWidth() throws Exception {
        openPage(390, 844);

        for (String label : List.of("Photo", "Painting", "Method", "Iterations")) {
            assertThat(field(label)).isVisible();
        }
        field("Photo").setInputFiles(photo);
        field("Painting").setInputFiles(painting);
        field("Iterations").fill("5");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start")).click();
        assertThat(jobState()).containsText("Done",
                new LocatorAssertions.ContainsTextOptions().setTimeout(TIMEOUT_MS));
        assertThat(page.getByAltText("The result")).isVisible();

        Object overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth");
        assertThat(((Number) overflow).intValue()).as("horizontal overflow in pixels").isLessThanOrEqualTo(0);
        double startWidth = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start"))
                .boundingBox().width;
        assertThat(startWidth).isGreaterThanOrEqualTo(44);
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "studio-phone.png")).setFullPage(true));
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

    private void openPage(int width, int height) {
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(width, height)
                .setAcceptDownloads(true));
        context.setDefaultTimeout(TIMEOUT_MS);
        page = context.newPage();
        page.navigate(server.url());
        page.waitForSelector("body[data-ready=true]");
    }

    /** A picture with a gentle gradient, so it looks like something; its mean colour is {@code colour}. */
    private static byte[] picture(int width, int height, Color colour, String format) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int shift = (x - width / 2) * 20 / width;
                image.setRGB(x, y, new Color(clamp(colour.getRed() + shift), clamp(colour.getGreen() - shift),
                        colour.getBlue()).getRGB());
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, format, bytes);
        return bytes.toByteArray();
    }

    private static int clamp(int value) {
        return Math.max(0, Math.min(255, value));
    }
}
