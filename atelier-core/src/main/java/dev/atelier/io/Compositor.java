package dev.atelier.io;

import java.util.List;

/**
 * Puts several pictures into one, for before/after comparisons and contact sheets of a run's
 * results. Images are scaled with {@link Resampler}; the space around them is a background colour
 * given as {@code {red, green, blue}} in [0, 1].
 */
public final class Compositor {

    private Compositor() {
    }

    /**
     * The images in a row, all scaled to the height of the smallest one (so nothing is enlarged and
     * blurred), aspect ratios kept, {@code gap} pixels of background between them.
     */
    public static RgbImage sideBySide(List<RgbImage> images, int gap, float[] background) {
        checkNotEmpty(images);
        int smallest = images.stream().mapToInt(RgbImage::height).min().orElseThrow();
        return sideBySide(images, smallest, gap, background);
    }

    /**
     * The images in a row, each scaled to {@code height} with its aspect ratio kept (width rounded
     * to the nearest pixel, at least 1), {@code gap} pixels of background between them.
     */
    public static RgbImage sideBySide(List<RgbImage> images, int height, int gap, float[] background) {
        checkNotEmpty(images);
        if (height < 1 || gap < 0) {
            throw new IllegalArgumentException("height must be at least 1 and gap at least 0, got "
                    + height + " and " + gap);
        }
        Canvas.checkColour(background);
        RgbImage[] scaled = new RgbImage[images.size()];
        long width = (long) gap * (images.size() - 1);
        for (int i = 0; i < scaled.length; i++) {
            RgbImage image = images.get(i);
            int scaledWidth = (int) Math.max(1, Math.round((double) image.width() * height / image.height()));
            scaled[i] = Resampler.resizeTo(image, scaledWidth, height);
            width += scaledWidth;
        }
        if (width * height > RgbImage.MAX_PIXELS) {
            throw new IllegalArgumentException("side-by-side picture of " + width + " x " + height + " is too large");
        }
        Canvas canvas = new Canvas((int) width, height, background);
        int x = 0;
        for (RgbImage image : scaled) {
            canvas.paste(image, x, 0);
            x += image.width() + gap;
        }
        return canvas.toImage();
    }

    /**
     * A contact sheet: image {@code i} scaled to fit {@code layout.cellOfImage(i)} with its aspect
     * ratio kept ({@link Region#centeredFit}), on {@code background}. A {@code null} entry leaves its
     * cell empty (e.g. a failed run), as do cells past the end of the list.
     */
    public static RgbImage grid(List<RgbImage> images, ContactSheetLayout layout, float[] background) {
        if (images.size() > layout.capacity()) {
            throw new IllegalArgumentException(images.size() + " images do not fit a sheet holding "
                    + layout.capacity());
        }
        Canvas canvas = new Canvas(layout.width(), layout.height(), background);
        for (int i = 0; i < images.size(); i++) {
            RgbImage image = images.get(i);
            if (image == null) {
                continue;
            }
            Region place = layout.cellOfImage(i).centeredFit(image.width(), image.height());
            canvas.paste(Resampler.resizeTo(image, place.width(), place.height()), place.x(), place.y());
        }
        return canvas.toImage();
    }

    private static void checkNotEmpty(List<RgbImage> images) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no images to put side by side");
        }
    }
}
