package dev.atelier.io;

import dev.atelier.AtelierException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.w3c.dom.NodeList;

/**
 * Writes {@link RgbImage}s as 8-bit images in any {@link OutputFormat} (PNG, JPEG, and whatever other
 * writers the class path has), chosen by the file extension, atomically (see {@link AtomicFiles}):
 * an interrupted run never leaves a half-written picture behind; or encodes them in memory.
 *
 * <p>JPEGs are written as plain 3-channel YCbCr (from an RGB image without alpha, which the JDK
 * encoder would otherwise store as a 4-channel file other programs show in false colours) at
 * quality 95 without chroma subsampling: style transfer results are full of fine coloured detail
 * that the usual 4:2:0 subsampling smears.
 */
public final class ImageSaver {

    /** Default JPEG quality, 0 to 1. */
    public static final float DEFAULT_JPEG_QUALITY = 0.95f;

    private static final String JPEG_METADATA_FORMAT = "javax_imageio_jpeg_image_1.0";

    private final float jpegQuality;

    /** A saver writing JPEGs at {@code jpegQuality} (0 to 1). */
    public ImageSaver(float jpegQuality) {
        if (!(jpegQuality >= 0f && jpegQuality <= 1f)) {
            throw new IllegalArgumentException("JPEG quality must be between 0 and 1, got " + jpegQuality);
        }
        this.jpegQuality = jpegQuality;
    }

    /** A saver writing JPEGs at {@link #DEFAULT_JPEG_QUALITY}. */
    public ImageSaver() {
        this(DEFAULT_JPEG_QUALITY);
    }

    /**
     * Writes {@code image} to {@code file}, replacing it if present; the extension picks the format.
     *
     * @throws dev.atelier.InvalidOptionException for an extension no writer takes
     * @throws dev.atelier.UnavailableException for a missing output folder or a write failure
     */
    public void write(RgbImage image, Path file) {
        write(image, file, OutputFormat.of("output", file));
    }

    /** Writes {@code image} to {@code file} in {@code format}, whatever the file's name. */
    public void write(RgbImage image, Path file, OutputFormat format) {
        BufferedImage pixels = image.toBufferedImage();
        AtomicFiles.write(file, output -> encode(pixels, format, output));
    }

    /** {@code image} encoded in {@code format}, in memory. */
    public byte[] encode(RgbImage image, OutputFormat format) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try {
            encode(image.toBufferedImage(), format, bytes);
        } catch (IOException failure) {
            throw new AtelierException("cannot encode the image as " + format + " (" + failure.getMessage() + ")",
                    failure);
        }
        return bytes.toByteArray();
    }

    private void encode(BufferedImage pixels, OutputFormat format, OutputStream output) throws IOException {
        ImageWriter writer = writerFor(format);
        // An in-memory cache: the default would spill to a temporary file outside the target folder.
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(output)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            IIOMetadata metadata = null;
            if (format.equals(OutputFormat.JPG)) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(jpegQuality);
                metadata = fullResolutionChroma(writer, pixels, param);
            }
            writer.write(null, new IIOImage(pixels, null, metadata), param);
        } finally {
            writer.dispose();
        }
    }

    /** Default JPEG metadata with every component sampled 1x1 (4:4:4). */
    private static IIOMetadata fullResolutionChroma(ImageWriter writer, BufferedImage pixels, ImageWriteParam param)
            throws IOException {
        IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(pixels), param);
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(JPEG_METADATA_FORMAT);
        NodeList components = root.getElementsByTagName("componentSpec");
        for (int i = 0; i < components.getLength(); i++) {
            IIOMetadataNode component = (IIOMetadataNode) components.item(i);
            component.setAttribute("HsamplingFactor", "1");
            component.setAttribute("VsamplingFactor", "1");
        }
        metadata.setFromTree(JPEG_METADATA_FORMAT, root);
        return metadata;
    }

    private static ImageWriter writerFor(OutputFormat format) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format.writerName());
        if (!writers.hasNext()) {
            throw new AtelierException("this Java runtime has no " + format + " encoder");
        }
        return writers.next();
    }
}
