package dev.atelier.output;

import dev.atelier.io.ImageSaver;
import dev.atelier.io.OutputFormat;
import java.nio.file.Path;

/**
 * The result image, in the format its name asks for.
 *
 * @param file where it goes
 * @param format the format, from the file's extension
 */
public record ImageOutput(Path file, OutputFormat format) implements Output {

    /**
     * The result at {@code file}, in the format of its extension.
     *
     * @throws dev.atelier.InvalidOptionException naming {@code output} when no writer takes the extension
     */
    public static ImageOutput of(Path file) {
        return new ImageOutput(file, OutputFormat.of("output", file));
    }

    @Override
    public void claim(OutputClaims claims) {
        claims.output("output", "result image", file);
    }

    @Override
    public void write(Finished finished) {
        new ImageSaver().write(finished.image(), file, format);
        finished.report().output("image", file);
    }
}
