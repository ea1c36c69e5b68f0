package dev.atelier.studio;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.atelier.report.StrictJson;
import dev.atelier.testing.LocalWeightsServer;
import dev.atelier.testing.TestFiles;
import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network trained on several paintings, on the page in Debian's chromium and on the library: a
 * person gives the studio a model file of their own, sees its paintings as a choice, blends them with
 * a slider each, and finds the blend in the job's settings and report; "Run again" brings the blend
 * back. The page is saved as target/studio-paintings.png.
 */
class StudioPaintingsPageTest {
    private static final double TIMEOUT_MS = 120_000;
    private static final List<String> SEASONS = List.of("spring.jpg", "summer.jpg", "winter.jpg");

    @RegisterExtension
    static final SharedChromium CHROMIUM = new SharedChromium(TIMEOUT_MS);

    @TempDir
    Path folder;
    private LocalWeightsServer mirror;
    private StudioServer server;
    private BrowserContext context;
    private Page page;

    @BeforeEach
    void start() throws java.io.IOException {
        mirror = new LocalWeightsServer();
        server = StudioServer.start(StudioOptions.builder().optPort(0).optDataFolder(folder.resolve("studio")).build(),
                LibraryStudios.executor(LibraryStudios.withCandy(folder, mirror)));
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
    void aPersonBlendsThePaintingsOfTheirOwnNetworkAndFindsTheBlendInTheReport() throws Exception {
        Path model = TestFiles.multiStyleModel(folder, "seasons.safetensors", SEASONS, 3);
        Path photo = Files.write(folder.resolve("harbour.png"), TestPictures.png(48, 32, new Color(40, 110, 190)));

        page.locator("#content-file").setInputFiles(photo);
        field("Method").selectOption("feedforward");
        assertThat(page.locator("#paintings-field")).isHidden();
        field("Own model file").setInputFiles(model);

        assertThat(page.locator("#model-file-chosen")).hasText("Chosen model: seasons.safetensors (3 paintings)");
        assertThat(field("Model")).isDisabled();
        Locator choice = field("Which painting");
        assertThat(choice.locator("option")).hasText(new String[] {"spring.jpg", "summer.jpg", "winter.jpg",
            "A blend of them"});
        assertThat(field("spring.jpg")).isHidden();
        choice.selectOption("blend");
        for (String painting : SEASONS) {
            assertThat(field(painting)).isVisible();
            assertThat(field(painting)).hasValue("1");
        }
        field("spring.jpg").fill("0.5");
        field("summer.jpg").fill("0");
        // The generic controls for the same options step aside while the choice sets them (with "More
        // settings", which holds nothing else for this method).
        assertThat(page.locator("#option-style-weights")).isHidden();
        assertThat(page.locator("#option-style-index")).isHidden();
        assertThat(page.getByText("More settings")).isHidden();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start")).click();

        assertThat(jobState()).containsText("Done", new LocatorAssertions.ContainsTextOptions().setTimeout(TIMEOUT_MS));
        assertThat(page.locator("#job-settings")).containsText("seasons.safetensors");
        assertThat(page.locator("#job-settings")).containsText("style weights 0.5,0,1");
        assertThat(page.getByAltText("The result")).isVisible();
        StudioClient client = new StudioClient(server.port());
        assertThat(painting(client, 1)).isEqualTo("0.333 spring.jpg + 0.667 winter.jpg");
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "studio-paintings.png"))
                .setFullPage(true));

        // Run again: the same model and blend come back; then one painting alone.
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Run job 1 again")).click();
        assertThat(page.locator("#model-file-chosen")).hasText("Chosen model: seasons.safetensors (3 paintings)");
        assertThat(choice).hasValue("blend");
        assertThat(field("spring.jpg")).hasValue("0.5");
        assertThat(field("summer.jpg")).hasValue("0");
        choice.selectOption("summer.jpg");
        assertThat(field("spring.jpg")).isHidden();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start")).click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Job 2").setExact(true)))
                .isVisible();
        assertThat(jobState()).containsText("Done", new LocatorAssertions.ContainsTextOptions().setTimeout(TIMEOUT_MS));
        assertThat(page.locator("#job-settings")).containsText("style index 2");
        assertThat(painting(client, 2)).isEqualTo("summer.jpg");

        // Back to the list's models: a network of one painting offers no choice.
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Use the list's model")).click();
        assertThat(field("Model")).isEnabled();
        assertThat(page.locator("#paintings-field")).isHidden();
        page.getByText("More settings").click();
        assertThat(page.locator("#option-style-weights")).isVisible();
    }

    @Test
    void aFileThatIsNoModelIsRefusedBesideItsField() throws Exception {
        Path notes = Files.writeString(folder.resolve("notes.safetensors"), "not a model", StandardCharsets.UTF_8);
        field("Method").selectOption("feedforward");
        field("Own model file").setInputFiles(notes);

        assertThat(page.locator("#model_file-error")).hasText("not a safetensors file");
        assertThat(field("Own model file")).hasAttribute("aria-invalid", "true");
        assertThat(page.locator("#paintings-field")).isHidden();
        assertThat(field("Model")).isEnabled();
    }

    /** The painting (or blend) a job's report says its network painted with. */
    private static String painting(StudioClient client, long id) {
        JsonObject report = StrictJson.parseObject(new String(client.bytes("/api/jobs/" + id + "/report").body(),
                StandardCharsets.UTF_8));
        return report.getAsJsonObject("result").get("painting").getAsString();
    }

    private Locator jobState() {
        return StudioPageQueries.jobState(page);
    }

    private Locator field(String label) {
        return StudioPageQueries.field(page, label);
    }
}
