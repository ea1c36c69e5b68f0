package dev.atelier.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress bar on one terminal line: bar, what is done (a count, and the share of the work,
 * labelled), elapsed time, ETA and a detail (current losses). On a terminal it redraws in place; in a
 * log (CI, a pipe) it prints a plain line now and then instead of hundreds of carriage returns.
 */
final class ProgressLine {
    private static final int BAR_WIDTH = 24;
    private static final double LOG_INTERVAL_SECONDS = 10;

    private final PrintStream out;
    private final boolean interactive;
    private final String label;
    private int lastLength;
    private double lastLoggedSeconds = -LOG_INTERVAL_SECONDS;
    private double lastLoggedFraction = -1;

    ProgressLine(PrintStream out, boolean interactive, String label) {
        this.out = out;
        this.interactive = interactive;
        this.label = label;
    }

    /** Whether standard error looks like a terminal: Java knows only whether a console exists. */
    static boolean terminalAttached() {
        return System.console() != null && System.getenv("CI") == null;
    }

    /**
     * Redraws the bar.
     *
     * @param fraction the bar's filling, 0 to 1
     * @param amount what is done, as the caller words it ({@code 152/500 iterations, work 8%})
     */
    void update(double fraction, String amount, double elapsedSeconds, double remainingSeconds, String detail) {
        String text = String.format(Locale.ROOT, "%s %s %s %s ETA %s %s", label, bar(fraction), amount,
                duration(elapsedSeconds), duration(remainingSeconds), detail);
        if (interactive) {
            int padding = Math.max(0, lastLength - text.length());
            out.print("\r" + text + " ".repeat(padding));
            out.flush();
            lastLength = text.length();
        } else if (elapsedSeconds - lastLoggedSeconds >= LOG_INTERVAL_SECONDS || fraction - lastLoggedFraction >= 0.1
                || fraction >= 1) {
            out.println(text);
            lastLoggedSeconds = elapsedSeconds;
            lastLoggedFraction = fraction;
        }
    }

    /** Prints a message on its own line without garbling the bar. */
    void message(String text) {
        if (interactive && lastLength > 0) {
            out.print("\r" + " ".repeat(lastLength) + "\r");
            lastLength = 0;
        }
        out.println(text);
    }

    /** Ends the bar's line. */
    void finish() {
        if (interactive && lastLength > 0) {
            out.println();
            lastLength = 0;
        }
    }

    private static String bar(double fraction) {
        int filled = (int) Math.round(Math.max(0, Math.min(1, fraction)) * BAR_WIDTH);
        return "[" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "]";
    }

    /** {@code 8%}: a share as a whole percentage, never 100% before it is whole. */
    static String percent(double fraction) {
        double clamped = Math.max(0, Math.min(1, fraction));
        long whole = (long) Math.floor(100 * clamped);
        return whole + "%";
    }

    /** {@code 1:05:09}, {@code 4:07}, or {@code --:--} when unknown. */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "--:--";
        }
        long total = Math.round(seconds);
        long hours = total / 3600;
        long minutes = (total % 3600) / 60;
        long rest = total % 60;
        return hours > 0
                ? String.format(Locale.ROOT, "%d:%02d:%02d", hours, minutes, rest)
                : String.format(Locale.ROOT, "%d:%02d", minutes, rest);
    }
}
