package dev.atelier.batch;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A contact sheet cell holding a name in place of a picture: the header of a model's column, since
 * a trained network has no painting to show.
 */
final class NameCard {
    private static final Color BACKGROUND = new Color(235, 235, 235);
    private static final Color TEXT = new Color(40, 40, 40);

    private NameCard() {}

    /** The name, wrapped to the cell's width, centred; {@code null} where no font can be drawn. */
    static BufferedImage of(String name, int cell) {
        try {
            BufferedImage card = new BufferedImage(cell, cell, BufferedImage.TYPE_INT_RGB);
            Graphics2D graphics = card.createGraphics();
            try {
                graphics.setColor(BACKGROUND);
                graphics.fillRect(0, 0, cell, cell);
                graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
                        RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                graphics.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(8, cell / 9)));
                graphics.setColor(TEXT);
                FontMetrics metrics = graphics.getFontMetrics();
                List<String> lines = wrap(name, metrics, cell - 8);
                int lineHeight = metrics.getHeight();
                int y = (cell - lineHeight * lines.size()) / 2 + metrics.getAscent();
                for (String line : lines) {
                    graphics.drawString(line, (cell - metrics.stringWidth(line)) / 2, y);
                    y += lineHeight;
                }
            } finally {
                graphics.dispose();
            }
            return card;
        } catch (RuntimeException | Error noFonts) {
            // A headless system without fonts: the column simply has no header.
            return null;
        }
    }

    /** Breaks the name into lines no wider than {@code width}, character by character (names have few spaces). */
    private static List<String> wrap(String name, FontMetrics metrics, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            line.append(name.charAt(i));
            if (line.length() > 1 && metrics.stringWidth(line.toString()) > width) {
                lines.add(line.substring(0, line.length() - 1));
                line.delete(0, line.length() - 1);
            }
        }
        lines.add(line.toString());
        return lines;
    }
}
