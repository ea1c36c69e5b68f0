package dev.atelier.studio;

import static org.junit.jupiter.api.Assertions.fail;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's chromium driven by Playwright, as the browser tests use it: no browser download (NOTES.md),
 * headless, nothing reaching the network, and one generous timeout for a busy two-core machine.
 */
final class DebianChromium implements AutoCloseable {
    static final Path EXECUTABLE = Path.of("/usr/bin/chromium");

    private final Playwright playwright;
    private final Browser browser;

    private DebianChromium(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    /** Starts the browser, failing the test with the command that installs it when it is missing. */
    static DebianChromium launch(double timeoutMillis) {
        if (!Files.isExecutable(EXECUTABLE)) {
            fail("chromium is missing at " + EXECUTABLE + ": install it with 'apt-get install -y chromium'");
        }
        Playwright playwright = Playwright.create();
        Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(EXECUTABLE)
                .setHeadless(true).setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                        "--no-first-run", "--disable-background-networking", "--disable-component-update",
                        "--disable-sync")));
        PlaywrightAssertions.setDefaultAssertionTimeout(timeoutMillis);
        return new DebianChromium(playwright, browser);
    }

    Browser browser() {
        return browser;
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
