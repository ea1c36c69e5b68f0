package dev.atelier.studio;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page in a real browser (Debian's chromium, driven by Playwright), used as a person would:
 * choose pictures, start, watch, compare, download, cancel, run again; and on a phone-sized screen.
 * Screenshots of the finished page go to target/.
 */
class StudioPageTest {
    private static final double TIMEOUT_MS = 60_000;

    @RegisterExtension
    static final SharedChromium CHROMIUM = new SharedChromium(TIMEOUT_MS);

    @TempDir
    Path folder;

    private StudioServer server;
    private BrowserContext context;
    private Page page;
    private Path photo;
    private Path painting;

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
        assertThat(status).containsText("Running");
        assertThat(page.locator("#job-progress-text")).containsText("Iteration");
        assertThat(page.locator("#job-progress-text")).containsText("of 40");
        assertThat(page.locator("#job-progress-text")).containsText("% of the work done");
        awaitTrue("document.getElementById('job-progress').value > 0.1");
        assertThat(page.getByAltText("The picture as it forms")).isVisible();
        assertThat(field("Losses")).containsText("total");

        assertThat(status).containsText("Done", new LocatorAssertions.ContainsTextOptions().setTimeout(TIMEOUT_MS));
        Locator result = page.getByAltText("The result");
        assertThat(result).isVisible();
        assertThat(page.getByRole(AriaRole.PROGRESSBAR, new Page.GetByRoleOptions().setName("Work done")))
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
        assertThat(page.locator("#job-progress-text")).containsText("of 3000");
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

    /** An optimisation that fell back to random weights says so on the page, and so does its card. */
    @Test
    void aPersonIsToldWhenAPicturePaintedWithRandomWeights() {
        openPage(1280, 900);
        field("Photo").setInputFiles(photo);
        field("Painting").setInputFiles(painting);
        field("Iterations").fill("30");
        page.getByText("More settings").click();
        field("Backbone").selectOption("auto");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start")).click();

        Locator notes = page.getByRole(AriaRole.LIST, new Page.GetByRoleOptions().setName("Notes"));
        assertThat(notes).isVisible();
        assertThat(notes).containsText("no ImageNet VGG-19 weights");
        assertThat(notes).containsText("using random-vgg19 instead");
        assertThat(jobState()).containsText("Done", new LocatorAssertions.ContainsTextOptions().setTimeout(TIMEOUT_MS));
        assertThat(page.locator("#job-settings")).containsText("used backbone random-vgg19");
        assertThat(notes).isVisible();
        assertThat(page.locator("#gallery > li").first().locator(".card-note")).containsText("no ImageNet VGG-19");

        // Opened again later (the page reloaded), the note is still there: it is kept with the job.
        page.reload();
        page.waitForSelector("body[data-ready=true]");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Open job 1")).click();
        assertThat(notes).containsText("using random-vgg19 instead");
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "studio-random-weights.png"))
                .setFullPage(true));
    }

    /** A failed job's 300-character error once stretched its gallery row. */
    @Test
    void aLongErrorWrapsInsideItsCard() {
        StudioClient client = new StudioClient(server.port());
        // The same settings on both, so that the cards differ by the error alone.
        long done = client.submitGatys(Color.RED, "{\"iterations\": 3, \"fail-at-step\": 0, \"error-length\": 300}")
                .id();
        String error = FakeExecutor.longError(300);
        long failed = client.submitGatys(Color.BLUE, "{\"iterations\": 3, \"fail-at-step\": 1, \"error-length\": 300}")
                .id();
        client.awaitFinished(done);
        assertThat(client.awaitFinished(failed).json().get("error").getAsString()).isEqualTo(error);

        openPage(1280, 900);
        Locator card = page.locator("#gallery > li[data-job-id='" + failed + "']");
        Locator doneCard = page.locator("#gallery > li[data-job-id='" + done + "']");
        Locator shown = card.locator(".card-error");
        assertThat(shown).isVisible();
        assertThat(shown).hasAttribute("title", error);
        var cardBox = card.boundingBox();
        var errorBox = shown.boundingBox();
        assertThat(errorBox.x + errorBox.width).as("the error stays inside its card")
                .isLessThanOrEqualTo(cardBox.x + cardBox.width);
        assertThat(cardBox.width).as("as wide as its neighbour").isCloseTo(doneCard.boundingBox().width,
                org.assertj.core.data.Offset.offset(1.0));
        double lineHeight = ((Number) shown.evaluate("element => parseFloat(getComputedStyle(element).lineHeight)"))
                .doubleValue();
        assertThat(errorBox.height).as("wrapped onto lines, at most three").isGreaterThan(1.5 * lineHeight)
                .isLessThanOrEqualTo(3 * lineHeight + 1);
        // Cards in a row are as tall as the tallest, so what each holds is measured: down to its buttons.
        assertThat(contentHeight(card)).as("the row is not stretched: three lines more than its neighbour at most")
                .isLessThanOrEqualTo(contentHeight(doneCard) + 3.5 * lineHeight);
        assertThat(((Number) shown.evaluate("element => element.scrollWidth - element.clientWidth")).intValue())
                .isLessThanOrEqualTo(0);
        assertThat(((Number) page.evaluate("document.documentElement.scrollWidth - window.innerWidth")).intValue())
                .isLessThanOrEqualTo(0);

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Open job " + failed)).click();
        assertThat(jobState()).hasText("Failed: " + error);
        var stateBox = jobState().boundingBox();
        assertThat(stateBox.x + stateBox.width).isLessThanOrEqualTo(page.locator("#job-view").boundingBox().x
                + page.locator("#job-view").boundingBox().width);
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "studio-long-error.png"))
                .setFullPage(true));
    }

    /**
     * Cancel's answer (the job still running, cancel asked) can reach the page after the job's own
     * stream said it ended: on a slow machine it did, and the page said "Cancelling…" for ever.
     * Here the answer is held back until the job has ended, every time.
     */
    @Test
    void aCancelAnsweredAfterTheJobEndedStillSaysCancelled() {
        StudioClient client = new StudioClient(server.port());
        openPage(1280, 900);
        List<String> heldAnswers = new CopyOnWriteArrayList<>();
        page.route(url -> url.matches(".*/api/jobs/[0-9]+$"), route -> {
            if (!route.request().method().equals("DELETE")) {
                route.resume();
                return;
            }
            APIResponse answer = route.fetch();
            heldAnswers.add(answer.text());
            long id = Long.parseLong(route.request().url().replaceAll(".*/", ""));
            client.awaitFinished(id);
            route.fulfill(new Route.FulfillOptions().setResponse(answer));
        });
        field("Photo").setInputFiles(photo);
        field("Painting").setInputFiles(painting);
        field("Iterations").fill("3000");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start")).click();
        assertThat(page.locator("#job-progress-text")).containsText("of 3000");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Cancel").setExact(true)).click();

        assertThat(jobState()).containsText("Cancelled: the picture so far is kept.");
        awaitTrue("document.getElementById('cancel').hidden");
        assertThat(heldAnswers).as("cancel was answered, late").hasSize(1);
        page.waitForTimeout(300);
        assertThat(jobState()).hasText("Cancelled: the picture so far is kept.");
    }

    /** A finished Magenta job once showed "stage null, step 0, total 0, elapsed null". */
    @Test
    void aFinishedOnePassJobSaysWhatItDid() {
        StudioClient client = new StudioClient(server.port());
        long id = client.submit(new Multipart().field("method", "magenta")
                .file("content", "harbour.png", "image/png", TestPictures.png(40, 30, Color.ORANGE))
                .file("style", "waves.png", "image/png", TestPictures.png(30, 30, Color.GRAY))).id();
        assertThat(client.awaitFinished(id).state()).isEqualTo("done");

        openPage(1280, 900);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Open job " + id)).click();
        Locator line = page.locator("#job-progress-text");
        assertThat(jobState()).containsText("Done in");
        assertThat(line).isVisible();
        assertThat(line).containsText("Picture 1 of 1 · took ");
        for (String nonsense : List.of("null", "undefined", "NaN", "step 0", "total 0")) {
            assertThat(line).not().containsText(nonsense);
        }
        assertThat(page.locator("#job-settings")).containsText("used transformer magenta-transformer");
        assertThat(page.getByRole(AriaRole.PROGRESSBAR, new Page.GetByRoleOptions().setName("Work done")))
                .hasAttribute("value", "1");
    }

    /**
     * The progress line in words: steps as counts of what they are (iterations, pictures, frames), the
     * share of the work labelled as such, times as durations; nothing shown that is not known.
     */
    @Test
    void theProgressLineCountsStepsAndLabelsTheShareOfWork() {
        openPage(1280, 900);
        String describe = "async ([progress, state]) => (await import('/static/progress-text.js'))"
                + ".describe(progress, state)";
        assertThat(page.evaluate(describe, List.of(Map.of("stage", "optimise", "step", 152, "total", 500,
                "fraction", 0.08, "elapsed_seconds", 63.0, "eta_seconds", 130.0), "running")))
                .isEqualTo("Iteration 152 of 500 · 8% of the work done · 1 min 3 s so far · about 2 min 10 s left");
        assertThat(page.evaluate(describe, List.of(Map.of("stage", "video", "step", 3, "total", 40,
                "fraction", 0.075, "elapsed_seconds", 4.25), "running")))
                .isEqualTo("Frame 3 of 40 · 7% of the work done · 4.3 s so far");
        assertThat(page.evaluate(describe, List.of(Map.of("stage", "video", "step", 3, "total", 8,
                "fraction", 0.375, "elapsed_seconds", 1.2, "eta_seconds", 2.0, "item", "2.41 frames/s"), "running")))
                .as("a clip's pace, as the library words it").isEqualTo(
                        "Frame 3 of 8 · 37% of the work done · 2.41 frames/s · 1.2 s so far · about 2 s left");
        assertThat(page.evaluate(describe, List.of(Map.of("stage", "video", "step", 8, "total", 8,
                "fraction", 1.0, "elapsed_seconds", 3.5, "item", "2.41 frames/s"), "done")))
                .isEqualTo("Frame 8 of 8 · took 3.5 s");
        assertThat(page.evaluate(describe, List.of(Map.of("stage", "stylize", "step", 1, "total", 1,
                "fraction", 1.0, "elapsed_seconds", 2.1, "eta_seconds", 0.0), "done")))
                .isEqualTo("Picture 1 of 1 · took 2.1 s");
        assertThat(page.evaluate(describe, List.of(Map.of("step", 0, "total", 0, "fraction", 0.0), "running")))
                .isEqualTo("");
        assertThat(page.evaluate(describe, List.of(Map.of("stage", "optimise", "step", 0, "total", 500,
                "fraction", 0.0), "queued"))).isEqualTo("");
    }

    /** From a card's top to the bottom of its buttons: what it holds, however tall its row makes it. */
    private static double contentHeight(Locator card) {
        var buttons = card.locator(".card-actions").boundingBox();
        return buttons.y + buttons.height - card.boundingBox().y;
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
        context = CHROMIUM.browser().newContext(new Browser.NewContextOptions().setViewportSize(width, height)
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
