package dev.atelier.io;

import dev.atelier.BadInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The image file formats Atelier reads and writes. Files are recognised by their first bytes, not
 * their name, since downloaded images often carry the wrong extension.
 *
 * <p>Only JPEG and PNG are accepted: they cover photos and digital paintings, and both decode
 * exactly with ImageIO. Other formats are named in the refusal so the user knows what to convert.
 */
public enum ImageFormat {
    JPEG,
    PNG;

    /** Bytes of the file start needed by {@link #detect}. */
    static final int HEADER_LENGTH = 32;

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /**
     * The format of {@code file} given its first bytes ({@code header}, up to
     * {@link #HEADER_LENGTH} of them).
     *
     * @throws BadInputException when the file is another image format or not an image
     */
    static ImageFormat detect(Path file, byte[] header) {
        if (startsWith(header, 0, (byte) 0xff, (byte) 0xd8, (byte) 0xff)) {
            return JPEG;
        }
        if (startsWith(header, 0, PNG_SIGNATURE)) {
            return PNG;
        }
        String other = otherFormat(header);
        if (other != null) {
            throw new BadInputException(file, "unsupported format " + other + " (expected JPEG or PNG)");
        }
        throw new BadInputException(file, "not an image (expected JPEG or PNG)");
    }

    private static String otherFormat(byte[] header) {
        if (startsWith(header, 0, ascii("GIF8"))) {
            return "GIF";
        }
        if (startsWith(header, 0, ascii("BM"))) {
            return "BMP";
        }
        if (startsWith(header, 0, ascii("RIFF")) && startsWith(header, 8, ascii("WEBP"))) {
            return "WebP";
        }
        if (startsWith(header, 0, ascii("II*\0")) || startsWith(header, 0, ascii("MM\0*"))) {
            return "TIFF";
        }
        if (startsWith(header, 4, ascii("ftypavi"))) {
            return "AVIF";
        }
        if (startsWith(header, 4, ascii("ftyphei")) || startsWith(header, 4, ascii("ftypmif1"))) {
            return "HEIC";
        }
        if (startsWith(header, 0, ascii("8BPS"))) {
            return "Photoshop PSD";
        }
        if (startsWith(header, 0, ascii("%PDF"))) {
            return "PDF";
        }
        return null;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static boolean startsWith(byte[] header, int offset, byte... expected) {
        return header.length >= offset + expected.length
                && Arrays.equals(header, offset, offset + expected.length, expected, 0, expected.length);
    }
}
