package dev.atelier.io;

/**
 * The eight EXIF orientations: how the stored pixels must be turned to appear upright. Cameras and
 * phones store the sensor's pixels as they come and record the way the device was held in the EXIF
 * Orientation tag (values 1 to 8); every viewer applies it, so a style transfer tool must too or
 * portraits come out lying on their side.
 */
public enum Orientation {
    /** 1: stored upright. */
    NORMAL(1),
    /** 2: stored mirrored left to right. */
    MIRROR_HORIZONTAL(2),
    /** 3: stored upside down. */
    ROTATE_180(3),
    /** 4: stored mirrored top to bottom. */
    MIRROR_VERTICAL(4),
    /** 5: stored mirrored across the main diagonal (top-left to bottom-right). */
    TRANSPOSE(5),
    /** 6: must be turned a quarter clockwise (a phone held upright, home button at the bottom). */
    ROTATE_90_CLOCKWISE(6),
    /** 7: stored mirrored across the anti-diagonal (top-right to bottom-left). */
    TRANSVERSE(7),
    /** 8: must be turned a quarter counter-clockwise. */
    ROTATE_90_COUNTERCLOCKWISE(8);

    private final int tagValue;

    Orientation(int tagValue) {
        this.tagValue = tagValue;
    }

    /** The EXIF tag value, 1 to 8. */
    public int tagValue() {
        return tagValue;
    }

    /** The orientation an EXIF tag value stands for; values outside 1 to 8 mean {@link #NORMAL}. */
    public static Orientation fromTagValue(int value) {
        for (Orientation orientation : values()) {
            if (orientation.tagValue == value) {
                return orientation;
            }
        }
        return NORMAL;
    }

    /** Whether turning upright exchanges width and height. */
    public boolean swapsSides() {
        return tagValue >= 5;
    }

    /** The stored image turned upright; {@link #NORMAL} returns {@code image} itself. */
    public RgbImage apply(RgbImage image) {
        if (this == NORMAL) {
            return image;
        }
        int width = image.width();
        int height = image.height();
        int outputWidth = swapsSides() ? height : width;
        int outputHeight = swapsSides() ? width : height;
        // Each orientation is an affine walk through the stored plane: where output (0, 0) comes
        // from, and how far the source index moves per output column and per output row.
        int last = height - 1;
        int rightEdge = width - 1;
        int start;
        int stepPerColumn;
        int stepPerRow;
        switch (this) {
            case MIRROR_HORIZONTAL -> {
                start = rightEdge;
                stepPerColumn = -1;
                stepPerRow = width;
            }
            case ROTATE_180 -> {
                start = last * width + rightEdge;
                stepPerColumn = -1;
                stepPerRow = -width;
            }
            case MIRROR_VERTICAL -> {
                start = last * width;
                stepPerColumn = 1;
                stepPerRow = -width;
            }
            case TRANSPOSE -> {
                start = 0;
                stepPerColumn = width;
                stepPerRow = 1;
            }
            case ROTATE_90_CLOCKWISE -> {
                start = last * width;
                stepPerColumn = -width;
                stepPerRow = 1;
            }
            case TRANSVERSE -> {
                start = last * width + rightEdge;
                stepPerColumn = -width;
                stepPerRow = -1;
            }
            case ROTATE_90_COUNTERCLOCKWISE -> {
                start = rightEdge;
                stepPerColumn = width;
                stepPerRow = -1;
            }
            default -> throw new IllegalStateException("unhandled orientation " + this);
        }
        float[] source = image.sharedPlanes();
        int area = width * height;
        float[] result = new float[source.length];
        for (int channel = 0; channel < 3; channel++) {
            int planeStart = channel * area;
            int target = planeStart;
            for (int row = 0; row < outputHeight; row++) {
                int sourceIndex = planeStart + start + row * stepPerRow;
                for (int column = 0; column < outputWidth; column++) {
                    result[target++] = source[sourceIndex];
                    sourceIndex += stepPerColumn;
                }
            }
        }
        return RgbImage.wrap(outputWidth, outputHeight, result);
    }
}
