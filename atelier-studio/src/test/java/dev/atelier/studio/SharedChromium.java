package dev.atelier.studio;

import com.microsoft.playwright.Browser;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One Debian chromium for a browser test class ({@code @RegisterExtension static}): launched before
 * its first test, closed after its last, so each test opens only a fresh context.
 */
final class SharedChromium implements BeforeAllCallback, AfterAllCallback {
    private final double timeoutMillis;
    private DebianChromium chromium;

    SharedChromium(double timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        chromium = DebianChromium.launch(timeoutMillis);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (chromium != null) {
            chromium.close();
            chromium = null;
        }
    }

    Browser browser() {
        return chromium.browser();
    }
}
