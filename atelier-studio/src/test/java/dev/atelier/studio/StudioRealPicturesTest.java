package dev.atelier.studio;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.atelier.api.Atelier;
import dev.atelier.io.ReadOptions;
import dev.atelier.models.ModelStore;
import dev.atelier.testing.LocalWeightsServer;
import dev.atelier.testing.SharedFiles;
import dev.atelier.weights.download.DownloadSettings;
import dev.atelier.weights.download.WeightsCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page on the library itself, in Debian's chromium: a person repaints a shared photo with the
 * Magenta method (Google's real networks, fetched by name from a mirror on 127.0.0.1 on first use)
 * and watches an optimisation form. The finished page is saved as target/studio-real.png.
 */
class StudioRealPicturesTest {
    private static final double TIMEOUT_MS = 120_000;

    @RegisterExtension
    static final SharedChromium CHROMIUM = new SharedChromium(TIMEOUT_MS);

    @TempDir
    Path folder;
    private LocalWeightsServer mirror;
    private StudioServer server;
    private BrowserContext context;
    private Page page;

    @BeforeEach
    void start() throws IOException {
        mirror = new LocalWeightsServer();
        mirror.serve("/models/magenta-style_predict_quantized_256.tflite", Files.readAllBytes(
                SharedFiles.model(SharedFiles.MAGENTA, SharedFiles.MAGENTA_PREDICTOR)));
        mirror.serve("/models/magenta-style_transfer_f16_384.tflite", Files.readAllBytes(
                SharedFiles.model(SharedFiles.MAGENTA, SharedFiles.MAGENTA_TRANSFORMER_F16)));
        ModelStore models = new ModelStore(new WeightsCache(folder.resolve("home")), new DownloadSettings(
                Duration.ofSeconds(2), Duration.ofSeconds(5), 1, Duration.ofMillis(10), Duration.ofSeconds(5)),
                mirror.url("/models"), false);
        server = StudioServer.start(StudioOptions.builder().optPort(0).optDataFolder(folder.resolve("studio")).build(),
                JobExecutors.fromLibrary(new Atelier(models), ReadOptions.defaults()));
        context = CHROMIUM.browser().newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
        context.setDefaultTimeout(TIMEOUT_MS);
        page = context.newPage();
        page.navigate(server.url());
        page.waitForSelector("body[data-ready=true]");
    }

    @AfterEach
    void stop() {
        context.close();
        server.close();
        mirror.close();
    }

    @Test
    void aSharedPhotoIsRepaintedByMagentaAndAnOptimisationFormsBeforeTheEyes() throws IOException {
        field("Method").selectOption("magenta");
        // Where the server has FFmpeg, the field takes clips too and says so.
        page.getByLabel(Pattern.compile("^Photo( or clip)?$")).setInputFiles(SharedFiles.content("tubingen.jpg"));
        // Methods that blend several paintings call the field "Paintings".
        page.getByLabel(Pattern.compile("^Paintings?$")).setInputFiles(SharedFiles.style("starry_night.jpg"));
        field("Size").fill("384");
        // Magenta's strength is a closed range, so the form offers a slider.
        assertThat(field("Alpha")).hasAttribute("type", "range");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start")).click();

        Locator status = jobState();
        assertThat(status).containsText("Done", new LocatorAssertions.ContainsTextOptions().setTimeout(TIMEOUT_MS));
        awaitTrue("document.getElementById('result-image').naturalWidth === 384");
        assertThat(mirror.requestsFor("/models/magenta-style_predict_quantized_256.tflite")).hasSize(1);
        Path screenshot = Path.of("target", "studio-real.png");
        page.screenshot(new Page.ScreenshotOptions().setPath(screenshot).setFullPage(true));
        assertThat(Files.size(screenshot)).isPositive();

        field("Method").selectOption("gatys");
        field("Size").fill("96");
        field("Iterations").fill("30");
        page.getByText("More settings").click();
        field("Backbone").selectOption("random-vgg19");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start")).click();
        assertThat(page.getByAltText("The picture as it forms")).isVisible();
        assertThat(status).containsText("Done", new LocatorAssertions.ContainsTextOptions().setTimeout(TIMEOUT_MS));
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Past jobs"))).isVisible();
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
