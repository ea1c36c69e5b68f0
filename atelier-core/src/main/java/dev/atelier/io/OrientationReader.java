package dev.atelier.io;

import com.drew.imaging.jpeg.JpegMetadataReader;
import com.drew.imaging.png.PngMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifReader;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.util.List;

/** Finds the EXIF orientation of a JPEG (APP1 segment) or PNG ({@code eXIf} chunk). */
final class OrientationReader {

    private OrientationReader() {
    }

    /**
     * The orientation recorded in the image {@code opener} reads, or {@link Orientation#NORMAL} when there is none or
     * the metadata cannot be parsed. Damaged metadata is common in files that display fine (edited
     * by tools that rewrite EXIF carelessly), and the pixel decoder, not this reader, decides whether
     * a file is usable, so any failure here means "no orientation".
     */
    static Orientation read(EncodedImage.Opener opener, ImageFormat format) {
        try (InputStream input = new BufferedInputStream(opener.open())) {
            Metadata metadata = switch (format) {
                // Only the EXIF segments: the reader then stops at the start of the pixel data.
                case JPEG -> JpegMetadataReader.readMetadata(input, List.of(new ExifReader()));
                case PNG -> PngMetadataReader.readMetadata(input);
            };
            for (ExifIFD0Directory directory : metadata.getDirectoriesOfType(ExifIFD0Directory.class)) {
                if (directory.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
                    return Orientation.fromTagValue(directory.getInt(ExifIFD0Directory.TAG_ORIENTATION));
                }
            }
            return Orientation.NORMAL;
        } catch (Exception unreadableMetadata) {
            return Orientation.NORMAL;
        }
    }
}
