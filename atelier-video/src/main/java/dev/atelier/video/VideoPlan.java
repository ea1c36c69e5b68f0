package dev.atelier.video;

import com.google.gson.JsonObject;
import dev.atelier.api.StylistRequest;
import dev.atelier.io.OutputFormat;
import dev.atelier.video.ffmpeg.FfmpegTools;
import dev.atelier.video.ffmpeg.VideoFormat;
import dev.atelier.video.ffmpeg.VideoInfo;
import dev.atelier.video.sequence.ImageSequence;
import java.nio.file.Path;
import java.util.List;

/**
 * A checked video request: the clip as ffprobe describes it, the size its frames are repainted at, the
 * container and quality it is written in, every file it reads and writes, and the settings an
 * interrupted run must share to be resumed. Made by {@link Videos#plan}, which does no work.
 *
 * @param stylistRequest the stylist to open for it
 * @param stylesAreModels whether {@code styles} are trained networks (names or files) rather than paintings
 * @param styles the paintings' paths or the models' references
 * @param info the clip (for an image sequence: its frame count, size and the rate it is given)
 * @param sequence the pictures the frames are read from, or {@code null} for a clip FFmpeg decodes
 * @param width frames are repainted at this width (the method's size option applied)
 * @param height and this height
 * @param format the output's container and codec, or {@code null} when frames are written as pictures
 * @param crf the encoder's quality
 * @param frameFormat the pictures' format when frames are written as pictures (into the folder or
 *     pattern {@code output} names), else {@code null}
 * @param options the video's options
 * @param output the clip to write, or the folder or pattern ({@code out/frame_%04d.png}) of pictures
 * @param report the report to write
 * @param workFolder where finished frames wait (as encoded segments) until the clip is whole
 * @param resume whether an interrupted run's frames are continued
 * @param settings what an interrupted run must have been made with to be continued
 * @param warnings compromises the clip asks for (rotation, 10-bit samples, transparency, variable rate)
 * @param tools FFmpeg's programs, or {@code null} when neither side is a clip
 * @param command what made the request, for the report
 */
public record VideoPlan(StylistRequest stylistRequest, boolean stylesAreModels, List<String> styles,
        VideoInfo info, ImageSequence sequence, int width, int height, VideoFormat format, int crf,
        OutputFormat frameFormat, VideoOptions options, Path output,
        Path report, Path workFolder, boolean resume, JsonObject settings, List<String> warnings, FfmpegTools tools,
        String command) {

    public VideoPlan {
        styles = List.copyOf(styles);
        warnings = List.copyOf(warnings);
        settings = settings.deepCopy();
    }

    /** Whether frames are written as pictures rather than encoded into a clip. */
    public boolean framesOut() {
        return format == null;
    }

    /** The method's registered name. */
    public String method() {
        return stylistRequest.methodName();
    }

    @Override
    public JsonObject settings() {
        return settings.deepCopy();
    }
}
