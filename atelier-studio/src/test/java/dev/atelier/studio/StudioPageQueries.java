package dev.atelier.studio;

import static org.junit.jupiter.api.Assertions.fail;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

/** How the browser tests find things on the studio page and wait for it, as a person reads it. */
final class StudioPageQueries {
    private StudioPageQueries() {}

    /**
     * Waits until a script expression is true. (Playwright's waitForFunction evaluates a string,
     * which the page's Content-Security-Policy rightly forbids.)
     */
    static void awaitTrue(Page page, String expression, double timeoutMillis) {
        long deadline = System.nanoTime() + (long) (timeoutMillis * 1e6);
        while (!Boolean.TRUE.equals(page.evaluate(expression))) {
            if (System.nanoTime() > deadline) {
                fail("still false after " + timeoutMillis + " ms: " + expression);
            }
            page.waitForTimeout(50);
        }
    }

    /** The job's state line; a slider's value is a status too (an output element), so not by role alone. */
    static Locator jobState(Page page) {
        return page.locator("#job-state");
    }

    /** The control labelled exactly {@code label}. */
    static Locator field(Page page, String label) {
        return page.getByLabel(label, new Page.GetByLabelOptions().setExact(true));
    }
}
