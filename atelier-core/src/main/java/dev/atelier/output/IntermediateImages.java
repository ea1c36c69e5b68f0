package dev.atelier.output;

import dev.atelier.io.ImageSaver;
import dev.atelier.io.OutputFormat;
import dev.atelier.progress.ImageFormed;
import dev.atelier.progress.RunEvent;
import dev.atelier.progress.RunListener;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An optimisation's picture every so many iterations, written as it forms beside the result:
 * {@code out.iter-0100.png} for iteration 100.
 */
public final class IntermediateImages implements Output {
    private final Map<Long, Path> files;
    private final OutputFormat format;

    private IntermediateImages(Map<Long, Path> files, OutputFormat format) {
        this.files = Collections.unmodifiableMap(files);
        this.format = format;
    }

    /**
     * Every {@code every}-th of {@code steps} iterations, named after {@code result}.
     *
     * @param every iterations between pictures, at least 1
     */
    public static IntermediateImages every(int every, long steps, Path result) {
        OutputFormat format = OutputFormat.of("output", result);
        Map<Long, Path> files = new LinkedHashMap<>();
        String name = result.getFileName().toString();
        int dot = name.lastIndexOf('.');
        for (long step = every; step <= steps; step += every) {
            files.put(step, result.resolveSibling(String.format(Locale.ROOT, "%s.iter-%04d%s",
                    name.substring(0, dot), step, name.substring(dot))));
        }
        return new IntermediateImages(files, format);
    }

    /** The files by iteration. */
    public Map<Long, Path> files() {
        return files;
    }

    @Override
    public void claim(OutputClaims claims) {
        files.values().forEach(file -> claims.output("save-every", "intermediate image", file));
    }

    @Override
    public boolean wantsImageAt(long step) {
        return files.containsKey(step);
    }

    @Override
    public RunListener watching(RunListener listener) {
        ImageSaver saver = new ImageSaver();
        return new RunListener() {
            @Override
            public void onEvent(RunEvent event) {
                if (event instanceof ImageFormed formed && files.containsKey(formed.step())) {
                    saver.write(formed.image(), files.get(formed.step()), format);
                }
                listener.onEvent(event);
            }

            @Override
            public boolean wantsImages() {
                return listener.wantsImages();
            }
        };
    }

    /** Everything was written while the picture formed. */
    @Override
    public void write(Finished finished) {
        // Nothing left to write.
    }
}
