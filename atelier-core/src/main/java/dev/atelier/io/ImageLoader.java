package dev.atelier.io;

import dev.atelier.Failures;
import dev.atelier.BadInputException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads JPEG and PNG files into {@link RgbImage}s the way an image viewer shows them: upright
 * (EXIF orientation applied), transparency over white, gray and 16-bit samples at their exact
 * values, CMYK and YCCK JPEGs (from print workflows and Photoshop) in correct colours.
 *
 * <p>Every problem with the file becomes a one-line {@link BadInputException} naming it. Images
 * larger than {@link ReadOptions#maxPixels()} are refused from their header, before any pixel is
 * decoded.
 */
public final class ImageLoader {

    private final ReadOptions options;

    public ImageLoader(ReadOptions options) {
        this.options = options;
    }

    /** A loader with {@link ReadOptions#defaults()}. */
    public ImageLoader() {
        this(ReadOptions.defaults());
    }

    public ReadOptions options() {
        return options;
    }

    /**
     * Decodes {@code file}, upright and in RGB.
     *
     * @throws BadInputException when the file is missing, a folder, empty, unreadable, not a JPEG
     *     or PNG, damaged or truncated, of zero size, or over the pixel limit
     */
    public RgbImage read(Path file) {
        checkIsReadableFile(file);
        return read(EncodedImage.file(file));
    }

    /**
     * Decodes an image held in memory (an upload, a database row), as {@link #read(Path)} decodes a
     * file.
     *
     * @param name what to call it in messages, e.g. {@code the photo}
     * @throws BadInputException as {@link #read(Path)} does, naming {@code name}
     */
    public RgbImage read(byte[] encoded, String name) {
        return read(EncodedImage.bytes(encoded, name));
    }

    private RgbImage read(EncodedImage source) {
        byte[] header = readHeader(source);
        Path file = source.name();
        ImageFormat format = ImageFormat.detect(file, header);
        if (format == ImageFormat.PNG) {
            checkPngHeaderSize(file, header);
        }
        BufferedImage decoded = decode(source, format);
        Orientation orientation = OrientationReader.read(source::open, format);
        return orientation.apply(RgbImage.fromBufferedImage(decoded));
    }

    /**
     * Checks {@code file} the way {@link #read} would, from its header only: a readable JPEG or PNG
     * of non-zero size within the pixel limit. Costs a few kilobytes of reading however large the
     * image, so a server can refuse an oversized upload before decoding it.
     *
     * @throws BadInputException for the same problems as {@link #read}, except damage that only
     *     decoding the pixels reveals
     */
    public ImageHeader inspect(Path file) {
        checkIsReadableFile(file);
        return inspect(EncodedImage.file(file));
    }

    /** As {@link #inspect(Path)} for an image held in memory, named {@code name} in messages. */
    public ImageHeader inspect(byte[] encoded, String name) {
        return inspect(EncodedImage.bytes(encoded, name));
    }

    private ImageHeader inspect(EncodedImage source) {
        Path file = source.name();
        byte[] header = readHeader(source);
        ImageFormat format = ImageFormat.detect(file, header);
        if (format == ImageFormat.PNG) {
            checkPngHeaderSize(file, header);
        }
        ImageReader reader = ImageReaders.create(format);
        try (ImageInputStream input = source.imageStream()) {
            reader.setInput(input, true, true);
            int[] size = checkSize(file, format, reader);
            return new ImageHeader(format, size[0], size[1]);
        } catch (IOException failure) {
            throw new BadInputException(file, "cannot read file (" + Failures.summary(failure) + ")", failure);
        } finally {
            reader.dispose();
        }
    }

    private static void checkIsReadableFile(Path file) {
        if (Files.isDirectory(file)) {
            throw new BadInputException(file, "is a folder, not an image file");
        }
        if (!Files.exists(file)) {
            throw new BadInputException(file, "file not found");
        }
        if (!Files.isReadable(file)) {
            throw new BadInputException(file, "cannot read file (permission denied)");
        }
    }

    private static byte[] readHeader(EncodedImage source) {
        Path file = source.name();
        try (InputStream input = source.open()) {
            byte[] header = input.readNBytes(ImageFormat.HEADER_LENGTH);
            if (header.length == 0) {
                throw new BadInputException(file, "file is empty");
            }
            return header;
        } catch (NoSuchFileException gone) {
            throw new BadInputException(file, "file not found", gone);
        } catch (AccessDeniedException denied) {
            throw new BadInputException(file, "cannot read file (permission denied)", denied);
        } catch (IOException failure) {
            throw new BadInputException(file, "cannot read file (" + Failures.summary(failure) + ")", failure);
        }
    }

    /**
     * The JDK's PNG decoder rejects a zero width or height with a vague "I/O error reading PNG
     * header", so the IHDR fields (right after the signature and chunk header) are checked first.
     */
    private static void checkPngHeaderSize(Path file, byte[] header) {
        if (header.length >= 24) {
            ByteBuffer fields = ByteBuffer.wrap(header);
            long width = Integer.toUnsignedLong(fields.getInt(16));
            long height = Integer.toUnsignedLong(fields.getInt(20));
            if (width == 0 || height == 0) {
                throw new BadInputException(file, "image has zero size (" + width + " x " + height + ")");
            }
        }
    }

    private BufferedImage decode(EncodedImage source, ImageFormat format) {
        Path file = source.name();
        ImageReader reader = ImageReaders.create(format);
        try (ImageInputStream input = source.imageStream()) {
            reader.setInput(input, true, true);
            checkSize(file, format, reader);
            DecodeProblems problems = new DecodeProblems();
            reader.addIIOReadWarningListener(problems);
            BufferedImage image = read(file, format, reader);
            problems.throwIfFatal(file, format);
            return image;
        } catch (IOException failure) {
            throw new BadInputException(file, "cannot read file (" + Failures.summary(failure) + ")", failure);
        } finally {
            reader.dispose();
        }
    }

    /** The stored width and height, checked against the limits. */
    private int[] checkSize(Path file, ImageFormat format, ImageReader reader) {
        int width;
        int height;
        try {
            width = reader.getWidth(0);
            height = reader.getHeight(0);
        } catch (IOException | RuntimeException failure) {
            throw DecodeProblems.damaged(file, format, failure);
        }
        if (width <= 0 || height <= 0) {
            throw new BadInputException(file, "image has zero size (" + width + " x " + height + ")");
        }
        long pixels = (long) width * height;
        long limit = Math.min(options.maxPixels(), RgbImage.MAX_PIXELS);
        if (pixels > limit) {
            // One decimal reads well for photos; tiny images (tests, low limits) show exact values.
            String amount = pixels >= 100_000 ? String.format(Locale.ROOT, "%.1f", pixels / 1e6) : megapixels(pixels);
            String size = "image is " + width + " x " + height + " (" + amount + " megapixels)";
            String problem = limit == options.maxPixels()
                    ? size + ", over the " + megapixels(limit) + " megapixel limit (raise it with {max-pixels})"
                    : size + ", more than the " + megapixels(limit) + " megapixels Atelier can hold";
            throw new BadInputException(file, problem);
        }
        return new int[] {width, height};
    }

    private static BufferedImage read(Path file, ImageFormat format, ImageReader reader) {
        try {
            return reader.read(0);
        } catch (IOException | RuntimeException failure) {
            throw DecodeProblems.damaged(file, format, failure);
        }
    }

    /** {@code 50000000} as {@code 50}, {@code 2500000} as {@code 2.5}. */
    private static String megapixels(long pixels) {
        return BigDecimal.valueOf(pixels).movePointLeft(6).stripTrailingZeros().toPlainString();
    }
}
