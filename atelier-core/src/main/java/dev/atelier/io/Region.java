package dev.atelier.io;

/** A rectangle of pixels: top-left corner {@code (x, y)} and size, in the coordinates of a larger image. */
public record Region(int x, int y, int width, int height) {

    public Region {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("a region must be at least 1 x 1, got " + width + " x " + height);
        }
    }

    /**
     * Where a {@code contentWidth x contentHeight} picture goes when scaled (up or down) to fit inside
     * this region with its aspect ratio kept, centred. The scaled sides are rounded to the nearest
     * pixel (at least 1); leftover margins split evenly, any odd pixel going right or bottom.
     */
    public Region centeredFit(int contentWidth, int contentHeight) {
        if (contentWidth < 1 || contentHeight < 1) {
            throw new IllegalArgumentException("content must be at least 1 x 1, got "
                    + contentWidth + " x " + contentHeight);
        }
        double scale = Math.min((double) width / contentWidth, (double) height / contentHeight);
        int fittedWidth = (int) Math.min(width, Math.max(1, Math.round(contentWidth * scale)));
        int fittedHeight = (int) Math.min(height, Math.max(1, Math.round(contentHeight * scale)));
        return new Region(x + (width - fittedWidth) / 2, y + (height - fittedHeight) / 2, fittedWidth, fittedHeight);
    }

    /** Whether the pixel {@code (pixelX, pixelY)} lies inside. */
    public boolean contains(int pixelX, int pixelY) {
        return pixelX >= x && pixelX < x + width && pixelY >= y && pixelY < y + height;
    }
}
