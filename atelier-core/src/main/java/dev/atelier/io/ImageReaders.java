package dev.atelier.io;

import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi;
import dev.atelier.AtelierException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;

/** Picks the ImageIO decoder for each format. */
final class ImageReaders {

    private ImageReaders() {
    }

    /**
     * A fresh reader for {@code format}. JPEG must be decoded by TwelveMonkeys: the JDK's own reader
     * refuses YCCK files and shows CMYK files with wrong, washed-out colours. TwelveMonkeys registers
     * itself through {@code META-INF/services}; if a repackaged jar lost that file, failing loudly
     * beats quietly producing wrong colours.
     */
    static ImageReader create(ImageFormat format) {
        return switch (format) {
            case PNG -> first(ImageIO.getImageReadersByFormatName("png"));
            case JPEG -> twelveMonkeysJpeg();
        };
    }

    private static ImageReader twelveMonkeysJpeg() {
        ImageReader found = findTwelveMonkeysJpeg();
        if (found == null) {
            ImageIO.scanForPlugins();
            found = findTwelveMonkeysJpeg();
        }
        if (found == null) {
            throw new AtelierException("the TwelveMonkeys JPEG decoder is not registered with ImageIO"
                    + " (is META-INF/services missing from a repackaged jar?)");
        }
        return found;
    }

    private static ImageReader findTwelveMonkeysJpeg() {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            if (reader.getOriginatingProvider() instanceof JPEGImageReaderSpi) {
                return reader;
            }
            reader.dispose();
        }
        return null;
    }

    private static ImageReader first(Iterator<ImageReader> readers) {
        if (!readers.hasNext()) {
            throw new AtelierException("this Java runtime has no PNG decoder");
        }
        return readers.next();
    }
}
