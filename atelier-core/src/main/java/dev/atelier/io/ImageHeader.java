package dev.atelier.io;

/**
 * What an image file's header says, read without decoding a pixel (see {@link ImageLoader#inspect}).
 *
 * @param format JPEG or PNG, from the file's first bytes
 * @param width stored width in pixels (before any EXIF rotation)
 * @param height stored height in pixels (before any EXIF rotation)
 */
public record ImageHeader(ImageFormat format, int width, int height) {

    /** Width times height. */
    public long pixels() {
        return (long) width * height;
    }
}
