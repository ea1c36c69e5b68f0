package dev.atelier.io;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Builds test image files byte by byte or with the JDK's encoders, independently of the code under test. */
final class TestImages {

    private TestImages() {
    }

    static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(image, format, bytes)) {
            throw new IllegalStateException("no " + format + " writer for " + image);
        }
        return bytes.toByteArray();
    }

    static Path write(Path file, byte[] content) throws IOException {
        Files.write(file, content);
        return file;
    }

    /** A JPEG of the raw samples of {@code raster} (no colour conversion), at the best quality. */
    static byte[] jpegOfRaster(Raster raster) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream output = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(output);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(1f);
            writer.write(null, new IIOImage(raster, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** {@code jpeg} with {@code segment} inserted right after the SOI marker. */
    static byte[] insertAfterSoi(byte[] jpeg, byte[] segment) {
        if ((jpeg[0] & 0xff) != 0xff || (jpeg[1] & 0xff) != 0xd8) {
            throw new IllegalArgumentException("not a JPEG");
        }
        return ByteBuffer.allocate(jpeg.length + segment.length)
                .put(jpeg, 0, 2).put(segment).put(jpeg, 2, jpeg.length - 2).array();
    }

    /** An Adobe APP14 segment; transform 0 marks 4-channel data as (inverted) CMYK, 2 as YCCK. */
    static byte[] adobeSegment(int transform) {
        return new byte[] {(byte) 0xff, (byte) 0xee, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0,
            (byte) transform};
    }

    /** A big-endian TIFF structure with one IFD holding only the Orientation tag (0x0112). */
    static byte[] exifTiff(int orientation) {
        return ByteBuffer.allocate(26)
                .put(new byte[] {'M', 'M', 0, 42}).putInt(8) // header, IFD0 at offset 8
                .putShort((short) 1) // one entry
                .putShort((short) 0x0112).putShort((short) 3).putInt(1) // Orientation, SHORT, count 1
                .putShort((short) orientation).putShort((short) 0) // value, padded to 4 bytes
                .putInt(0) // no next IFD
                .array();
    }

    /** A JPEG APP1 segment carrying {@link #exifTiff}. */
    static byte[] exifSegment(int orientation) {
        byte[] tiff = exifTiff(orientation);
        int length = 2 + 6 + tiff.length;
        return ByteBuffer.allocate(2 + length)
                .put((byte) 0xff).put((byte) 0xe1).putShort((short) length)
                .put("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1)).put(tiff)
                .array();
    }

    /** One PNG chunk: length, type, data, CRC of type and data. */
    static byte[] pngChunk(String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        return ByteBuffer.allocate(12 + data.length)
                .putInt(data.length).put(typeBytes).put(data).putInt((int) crc.getValue())
                .array();
    }

    /** {@code png} with {@code chunk} inserted right after the IHDR chunk (8 signature + 25 IHDR bytes). */
    static byte[] insertAfterIhdr(byte[] png, byte[] chunk) {
        int end = 8 + 25;
        return ByteBuffer.allocate(png.length + chunk.length)
                .put(png, 0, end).put(chunk).put(png, end, png.length - end).array();
    }

    /**
     * A PNG whose header claims {@code width x height} 8-bit RGB pixels but whose data is a few
     * bytes: decoding it would need the claimed size in memory.
     */
    static byte[] pngClaimingSize(int width, int height) {
        byte[] header = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0).array();
        Deflater deflater = new Deflater();
        deflater.setInput(new byte[64]);
        deflater.finish();
        byte[] compressed = new byte[128];
        int length = deflater.deflate(compressed);
        deflater.end();
        byte[] data = java.util.Arrays.copyOf(compressed, length);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        bytes.writeBytes(pngChunk("IHDR", header));
        bytes.writeBytes(pngChunk("IDAT", data));
        bytes.writeBytes(pngChunk("IEND", new byte[0]));
        return bytes.toByteArray();
    }

    /** The PNG colour type byte of IHDR (0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA). */
    static int pngColourType(byte[] png) {
        return png[8 + 8 + 9] & 0xff;
    }

    /** The PNG bit depth byte of IHDR. */
    static int pngBitDepth(byte[] png) {
        return png[8 + 8 + 8] & 0xff;
    }

    /** Offset of the first SOFn marker's segment (the byte after 0xFFCn), or -1. */
    static int startOfFrame(byte[] jpeg) {
        int position = 2;
        while (position + 4 <= jpeg.length && (jpeg[position] & 0xff) == 0xff) {
            int marker = jpeg[position + 1] & 0xff;
            int length = ((jpeg[position + 2] & 0xff) << 8) | (jpeg[position + 3] & 0xff);
            if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc) {
                return position + 2;
            }
            position += 2 + length;
        }
        return -1;
    }
}
