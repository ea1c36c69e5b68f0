package dev.atelier.batch;

import com.google.gson.JsonObject;
import dev.atelier.io.ClipNames;
import dev.atelier.io.RgbImage;
import java.nio.file.Path;

/**
 * What the batch must know of clips among its photos ({@link ClipNames#isClip by name}) to name,
 * claim, record and show them, when a module that repaints clips (atelier-video) is plugged in; the
 * making itself is {@link PairMethod#stylizeClip}. The core knows nothing more of video: a batch
 * without one lists no clips in its folders.
 */
public interface ClipFiles {

    /** The extension of the clip made from {@code clip} ({@code mp4}, …), without the dot. */
    String resultExtension(Path clip);

    /**
     * A frame of a clip (an input or a result), for the contact sheet.
     *
     * @throws RuntimeException when the clip cannot be read; its cell is then left empty
     */
    RgbImage still(Path clip);

    /**
     * Every setting of the clips' own that changes their results (temporal weight, quality): recorded
     * in the manifest of a batch with clips, so that a rerun with others does not mix them.
     */
    JsonObject clipSettings();

    /** Whether {@code content} is a clip that {@code clips} (which may be {@code null}: none) repaint. */
    static boolean repaints(ClipFiles clips, Path content) {
        return clips != null && ClipNames.isClip(content);
    }
}
