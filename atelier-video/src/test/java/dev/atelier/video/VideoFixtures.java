package dev.atelier.video;

import dev.atelier.api.Atelier;
import dev.atelier.progress.RunEvent;
import dev.atelier.progress.RunListener;
import dev.atelier.testing.SharedFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The shared Magenta networks and a painting, for video runs in tests. */
final class VideoFixtures {
    private VideoFixtures() {}

    static Map<String, String> magenta() {
        return Map.of("predictor", SharedFiles.model(SharedFiles.MAGENTA, SharedFiles.MAGENTA_PREDICTOR).toString(),
                "transformer", SharedFiles.model(SharedFiles.MAGENTA, SharedFiles.MAGENTA_TRANSFORMER_F16).toString());
    }

    static Path painting() {
        return SharedFiles.style("starry_night.jpg");
    }

    /** A Magenta request for a clip, ready for more options. */
    static VideoRequest.Builder magentaRequest(Path clip, Path output) {
        return VideoRequest.builder().optMethod("magenta").optContent(clip).optStyle(painting())
                .optOptions(magenta()).optOutput(output);
    }

    static Atelier atelier() {
        return Atelier.fromEnvironment();
    }

    /** Every event, in order. */
    static final class Events implements RunListener {
        final List<RunEvent> all = new ArrayList<>();

        @Override
        public void onEvent(RunEvent event) {
            all.add(event);
        }

        <T extends RunEvent> List<T> of(Class<T> type) {
            return all.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }
}
