package dev.atelier.io;

import java.util.Random;

/**
 * Resizing, cropping and mirroring of {@link RgbImage}s.
 *
 * <p>Resizing uses the Catmull-Rom cubic (Keys, a = -0.5), separably, with the kernel widened by
 * the shrink factor when downscaling so that fine texture averages out instead of aliasing into
 * moiré. It is the filter behind Pillow's and Photoshop's "bicubic": sharper than a triangle
 * filter, which visibly softens brush strokes, and with much less ringing than Lanczos-3, whose
 * halos show around the hard edges of line art and stylised results when enlarging. Its slight
 * overshoot is clamped so samples stay in [0, 1]. Edges are handled by repeating the border pixel.
 */
public final class Resampler {

    private Resampler() {
    }

    /**
     * {@code image} resized to exactly {@code width x height} (aspect ratio not kept). An unchanged
     * size returns {@code image} itself; an unchanged axis is not resampled.
     */
    public static RgbImage resizeTo(RgbImage image, int width, int height) {
        checkSize(width, height);
        if (width == image.width() && height == image.height()) {
            return image;
        }
        int sourceWidth = image.width();
        int sourceHeight = image.height();
        float[] planes = image.sharedPlanes();
        // Both orders give the same picture; start with the axis that leaves less work for the other.
        long horizontalFirst = (long) sourceHeight * width * tapsPerSample(sourceWidth, width)
                + (long) height * width * tapsPerSample(sourceHeight, height);
        long verticalFirst = (long) height * sourceWidth * tapsPerSample(sourceHeight, height)
                + (long) height * width * tapsPerSample(sourceWidth, width);
        float[] result;
        if (horizontalFirst <= verticalFirst) {
            float[] narrowed = resizeRows(planes, sourceWidth, sourceHeight, width);
            result = resizeColumns(narrowed, width, sourceHeight, height);
        } else {
            float[] shortened = resizeColumns(planes, sourceWidth, sourceHeight, height);
            result = resizeRows(shortened, sourceWidth, height, width);
        }
        clampToUnitRange(result);
        return RgbImage.wrap(width, height, result);
    }

    /**
     * {@code image} scaled (up or down) so that its longer side is {@code longestSide} pixels, aspect
     * ratio kept; the other side is rounded to the nearest pixel (halves up) and is at least 1.
     */
    public static RgbImage fitLongestSide(RgbImage image, int longestSide) {
        checkSize(longestSide, longestSide);
        int[] size = fittedSize(image.width(), image.height(), longestSide);
        return resizeTo(image, size[0], size[1]);
    }

    /**
     * The size {@link #fitLongestSide} brings a {@code width x height} picture to, as
     * {@code {width, height}}: the one place this arithmetic is written, so that checks made from a
     * header agree with what the pixels become.
     */
    public static int[] fittedSize(int width, int height, int longestSide) {
        return width >= height
                ? new int[] {longestSide, scaledSide(height, longestSide, width)}
                : new int[] {scaledSide(width, longestSide, height), longestSide};
    }

    /**
     * {@code image} scaled (up or down) so that its shorter side is {@code shortestSide} pixels,
     * aspect ratio kept; the other side is rounded like in {@link #fitLongestSide}. With a crop this
     * fills a square without distortion.
     */
    public static RgbImage fitShortestSide(RgbImage image, int shortestSide) {
        checkSize(shortestSide, shortestSide);
        int width = image.width();
        int height = image.height();
        return width <= height
                ? resizeTo(image, shortestSide, scaledSide(height, shortestSide, width))
                : resizeTo(image, scaledSide(width, shortestSide, height), shortestSide);
    }

    /** The centred {@code width x height} part of {@code image}; odd margins leave the extra pixel right/bottom. */
    public static RgbImage centerCrop(RgbImage image, int width, int height) {
        checkFits(image, width, height);
        return image.crop((image.width() - width) / 2, (image.height() - height) / 2, width, height);
    }

    /** A {@code width x height} part of {@code image} at a position drawn uniformly from {@code random}. */
    public static RgbImage randomCrop(RgbImage image, int width, int height, Random random) {
        checkFits(image, width, height);
        int x = random.nextInt(image.width() - width + 1);
        int y = random.nextInt(image.height() - height + 1);
        return image.crop(x, y, width, height);
    }

    /** {@code image} mirrored left to right. */
    public static RgbImage flipHorizontal(RgbImage image) {
        return Orientation.MIRROR_HORIZONTAL.apply(image);
    }

    private static int scaledSide(int side, int target, int reference) {
        return (int) Math.max(1, Math.round((double) side * target / reference));
    }

    private static int tapsPerSample(int sourceSize, int targetSize) {
        return sourceSize == targetSize ? 0 : (int) Math.ceil(4.0 * Math.max(1.0, (double) sourceSize / targetSize));
    }

    /** Resamples every row of a (3, height, width) plane stack to {@code targetWidth}. */
    private static float[] resizeRows(float[] planes, int width, int height, int targetWidth) {
        if (targetWidth == width) {
            return planes;
        }
        FilterWeights filter = FilterWeights.catmullRom(width, targetWidth);
        int[] first = filter.first;
        int[] count = filter.count;
        float[] weights = filter.weights;
        int stride = filter.stride;
        int rows = 3 * height;
        float[] result = new float[rows * targetWidth];
        for (int row = 0; row < rows; row++) {
            int rowStart = row * width;
            int target = row * targetWidth;
            for (int x = 0; x < targetWidth; x++) {
                int source = rowStart + first[x];
                int weight = x * stride;
                int taps = count[x];
                float sum = 0f;
                for (int tap = 0; tap < taps; tap++) {
                    sum += planes[source + tap] * weights[weight + tap];
                }
                result[target + x] = sum;
            }
        }
        return result;
    }

    /** Resamples every column of a (3, height, width) plane stack to {@code targetHeight}. */
    private static float[] resizeColumns(float[] planes, int width, int height, int targetHeight) {
        if (targetHeight == height) {
            return planes;
        }
        FilterWeights filter = FilterWeights.catmullRom(height, targetHeight);
        float[] result = new float[3 * targetHeight * width];
        // Row by row (whole source rows times one weight) keeps memory access sequential.
        for (int channel = 0; channel < 3; channel++) {
            for (int y = 0; y < targetHeight; y++) {
                int target = (channel * targetHeight + y) * width;
                int taps = filter.count[y];
                for (int tap = 0; tap < taps; tap++) {
                    float weight = filter.weights[y * filter.stride + tap];
                    int source = (channel * height + filter.first[y] + tap) * width;
                    for (int x = 0; x < width; x++) {
                        result[target + x] += planes[source + x] * weight;
                    }
                }
            }
        }
        return result;
    }

    private static void clampToUnitRange(float[] samples) {
        for (int i = 0; i < samples.length; i++) {
            float value = samples[i];
            samples[i] = value > 0f ? (value < 1f ? value : 1f) : 0f;
        }
    }

    private static void checkSize(int width, int height) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("target size must be at least 1 x 1, got " + width + " x " + height);
        }
    }

    private static void checkFits(RgbImage image, int width, int height) {
        checkSize(width, height);
        if (width > image.width() || height > image.height()) {
            throw new IllegalArgumentException("cannot crop " + width + " x " + height + " from a "
                    + image.width() + " x " + image.height() + " image");
        }
    }
}
