package dev.atelier.io;

import dev.atelier.Failures;
import dev.atelier.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;

/** Warnings and failures of one decode, turned into user-facing messages. */
final class DecodeProblems implements IIOReadWarningListener {
    private final List<String> fatalWarnings = new ArrayList<>();

    @Override
    public void warningOccurred(ImageReader source, String warning) {
        // libjpeg reports missing data only as a warning and fills the rest of the image with
        // gray; a picture with a gray band is not usable, so those warnings are failures. Other
        // warnings ("extraneous bytes before marker", odd ICC profiles) are common in files that
        // every viewer shows correctly, so they are ignored.
        if (warning != null && warning.toLowerCase(Locale.ROOT).contains("premature end")) {
            fatalWarnings.add(warning);
        }
    }

    void throwIfFatal(Path file, ImageFormat format) {
        if (!fatalWarnings.isEmpty()) {
            throw new BadInputException(file, "damaged or truncated " + format + " image ("
                    + Failures.flatten(fatalWarnings.get(0)) + ")");
        }
    }

    static BadInputException damaged(Path file, ImageFormat format, Exception failure) {
        return new BadInputException(file, "damaged or truncated " + format + " image ("
                + Failures.summary(failure) + ")", failure);
    }
}
