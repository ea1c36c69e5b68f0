package dev.atelier.report;

import dev.atelier.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Loss curves as a PNG: one line per named series against iteration (or step), on a log scale,
 * since losses fall over orders of magnitude. Drawn with Java 2D so that the library needs no
 * charting dependency.
 */
public final class LossPlot {
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};
    private static final int MARGIN_LEFT = 80;
    private static final int MARGIN_RIGHT = 24;
    private static final int MARGIN_TOP = 44;
    private static final int MARGIN_BOTTOM = 56;

    private final String title;
    private final String xLabel;
    private final Map<String, List<double[]>> series = new LinkedHashMap<>();

    public LossPlot(String title, String xLabel) {
        this.title = title;
        this.xLabel = xLabel;
    }

    /** Adds a point to a series; non-positive or non-finite values are skipped (log scale). */
    public LossPlot add(String seriesName, double x, double y) {
        if (y > 0 && Double.isFinite(y) && Double.isFinite(x)) {
            series.computeIfAbsent(seriesName, name -> new ArrayList<>()).add(new double[] {x, y});
        }
        return this;
    }

    /**
     * The curves of a loss history: each weighted term, the total, and the validation loss where
     * measured, against the step.
     */
    public static LossPlot of(List<HistoryEntry> history, String title, String xLabel) {
        LossPlot plot = new LossPlot(title, xLabel);
        for (HistoryEntry entry : history) {
            plot.add("total", entry.step(), entry.total());
            entry.losses().forEach((name, value) -> plot.add(name, entry.step(), value));
            if (entry.validated()) {
                plot.add("validation", entry.step(), entry.validation());
            }
        }
        return plot;
    }

    /** The series drawn, by name, each as its (x, y) points. */
    Map<String, List<double[]>> series() {
        return series;
    }

    /** Draws the chart. */
    public BufferedImage render(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            graphics.setColor(Color.WHITE);
            graphics.fillRect(0, 0, width, height);
            draw(graphics, width, height);
        } finally {
            graphics.dispose();
        }
        return image;
    }

    private void draw(Graphics2D graphics, int width, int height) {
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (List<double[]> points : series.values()) {
            for (double[] point : points) {
                minX = Math.min(minX, point[0]);
                maxX = Math.max(maxX, point[0]);
                minY = Math.min(minY, point[1]);
                maxY = Math.max(maxY, point[1]);
            }
        }
        if (series.isEmpty()) {
            minX = 0;
            maxX = 1;
            minY = 1;
            maxY = 10;
        }
        if (maxX <= minX) {
            maxX = minX + 1;
        }
        // Whole decades on the log axis, so every tick is a power of ten.
        int lowDecade = (int) Math.floor(Math.log10(minY));
        int highDecade = (int) Math.ceil(Math.log10(maxY));
        if (highDecade <= lowDecade) {
            highDecade = lowDecade + 1;
        }
        int left = MARGIN_LEFT;
        int right = width - MARGIN_RIGHT;
        int top = MARGIN_TOP;
        int bottom = height - MARGIN_BOTTOM;
        Axes axes = new Axes(left, right, top, bottom, minX, maxX, lowDecade, highDecade);

        Font base = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        graphics.setFont(base.deriveFont(Font.BOLD, 15f));
        FontMetrics titleMetrics = graphics.getFontMetrics();
        graphics.setColor(Color.BLACK);
        graphics.drawString(title, (width - titleMetrics.stringWidth(title)) / 2, MARGIN_TOP - 16);

        graphics.setFont(base);
        FontMetrics metrics = graphics.getFontMetrics();
        int decadeStep = Math.max(1, (highDecade - lowDecade + 7) / 8);
        for (int decade = lowDecade; decade <= highDecade; decade += decadeStep) {
            int y = axes.y(Math.pow(10, decade));
            graphics.setColor(new Color(0xe6e6e6));
            graphics.drawLine(left, y, right, y);
            graphics.setColor(Color.DARK_GRAY);
            String label = "1e" + decade;
            graphics.drawString(label, left - 8 - metrics.stringWidth(label), y + metrics.getAscent() / 2 - 1);
        }
        double xStep = niceStep((maxX - minX) / 8);
        for (double x = Math.ceil(minX / xStep) * xStep; x <= maxX + 1e-9; x += xStep) {
            int px = axes.x(x);
            graphics.setColor(new Color(0xe6e6e6));
            graphics.drawLine(px, top, px, bottom);
            graphics.setColor(Color.DARK_GRAY);
            String label = format(x);
            graphics.drawString(label, px - metrics.stringWidth(label) / 2, bottom + metrics.getHeight() + 2);
        }
        graphics.setColor(Color.BLACK);
        graphics.drawRect(left, top, right - left, bottom - top);
        graphics.drawString(xLabel, (left + right - metrics.stringWidth(xLabel)) / 2, height - 12);
        Graphics2D rotated = (Graphics2D) graphics.create();
        String yLabel = "loss (log scale)";
        rotated.rotate(-Math.PI / 2);
        rotated.drawString(yLabel, -(top + bottom + metrics.stringWidth(yLabel)) / 2, 18);
        rotated.dispose();

        graphics.setStroke(new BasicStroke(1.6f));
        int index = 0;
        int legendY = top + 8;
        for (Map.Entry<String, List<double[]>> entry : series.entrySet()) {
            Color color = PALETTE[index++ % PALETTE.length];
            graphics.setColor(color);
            Path2D.Double line = new Path2D.Double();
            List<double[]> points = entry.getValue();
            for (int i = 0; i < points.size(); i++) {
                double px = axes.x(points.get(i)[0]);
                double py = axes.y(points.get(i)[1]);
                if (i == 0) {
                    line.moveTo(px, py);
                } else {
                    line.lineTo(px, py);
                }
            }
            graphics.draw(line);
            int legendX = right - 130;
            graphics.drawLine(legendX, legendY + metrics.getAscent() / 2, legendX + 22, legendY
                    + metrics.getAscent() / 2);
            graphics.setColor(Color.BLACK);
            graphics.drawString(entry.getKey(), legendX + 28, legendY + metrics.getAscent());
            legendY += metrics.getHeight() + 2;
        }
    }

    /** 1, 2 or 5 times a power of ten, at least {@code rough}. */
    private static double niceStep(double rough) {
        double power = Math.pow(10, Math.floor(Math.log10(rough)));
        for (double factor : new double[] {1, 2, 5, 10}) {
            if (factor * power >= rough) {
                return factor * power;
            }
        }
        return 10 * power;
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e9 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.3g", value);
    }

    /** From data to pixels: linear in x, log in y over whole decades. */
    private record Axes(int left, int right, int top, int bottom, double minX, double maxX, int lowDecade,
            int highDecade) {
        int x(double value) {
            return (int) Math.round(left + (value - minX) / (maxX - minX) * (right - left));
        }

        int y(double value) {
            double decades = (Math.log10(value) - lowDecade) / (highDecade - lowDecade);
            return (int) Math.round(bottom - decades * (bottom - top));
        }
    }

    /** Writes the chart as a PNG, atomically. */
    public void write(Path file, int width, int height) {
        BufferedImage image = render(width, height);
        AtomicFiles.write(file, output -> {
            if (!ImageIO.write(image, "png", output)) {
                throw new java.io.IOException("no PNG writer");
            }
        });
    }
}
