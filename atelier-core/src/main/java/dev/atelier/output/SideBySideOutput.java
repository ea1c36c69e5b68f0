package dev.atelier.output;

import dev.atelier.io.Compositor;
import dev.atelier.io.ImageSaver;
import dev.atelier.io.OutputFormat;
import dev.atelier.io.RgbImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The photo, the paintings as the method used them, and the result, side by side on white. */
public record SideBySideOutput(Path file, OutputFormat format) implements Output {
    private static final int GAP = 8;

    /**
     * The picture at {@code file}, in the format of its extension.
     *
     * @throws dev.atelier.InvalidOptionException naming {@code side-by-side} when no writer takes it
     */
    public static SideBySideOutput of(Path file) {
        return new SideBySideOutput(file, OutputFormat.of("side-by-side", file));
    }

    @Override
    public void claim(OutputClaims claims) {
        claims.output("side-by-side", "side-by-side picture", file);
    }

    @Override
    public void write(Finished finished) {
        List<RgbImage> panels = new ArrayList<>();
        panels.add(finished.photo());
        panels.addAll(finished.stylesUsed());
        panels.add(finished.image());
        new ImageSaver().write(Compositor.sideBySide(panels, GAP, new float[] {1, 1, 1}), file, format);
        finished.report().output("side_by_side", file);
    }
}
