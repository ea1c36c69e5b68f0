package dev.atelier.video.ffmpeg;

import java.nio.file.Path;
import java.util.List;

/**
 * What a clip holds, as ffprobe reads it from the container without decoding a frame.
 *
 * @param file the clip
 * @param container FFmpeg's name for the container ({@code matroska,webm}, {@code mov,mp4,…})
 * @param codec the video stream's codec ({@code h264}, {@code vp9}, …)
 * @param width width of the frames as shown (after any rotation)
 * @param height height of the frames as shown
 * @param rotation degrees the player turns the stored frames (0, 90, 180 or 270, counter-clockwise,
 *     as ffprobe reports the display matrix); the decoded frames are already turned
 * @param frameRate the rate the frames are shown at (the average rate for variable-rate clips)
 * @param variableFrameRate whether the frames are not evenly spaced in time (the container's nominal
 *     and average rates differ)
 * @param frames the video stream's frame count (its packets, counted)
 * @param seconds the clip's duration
 * @param pixelFormat the stored samples' layout ({@code yuv420p}, {@code yuv420p10le}, {@code yuva420p}, …)
 * @param bitsPerSample bits of each stored sample (8, 10, 12…)
 * @param alpha whether the frames have transparency
 * @param audioCodecs the codec of each audio stream, in order (empty for a silent clip)
 */
public record VideoInfo(Path file, String container, String codec, int width, int height, int rotation,
        Rational frameRate, boolean variableFrameRate, long frames, double seconds, String pixelFormat,
        int bitsPerSample, boolean alpha, List<String> audioCodecs) {

    public VideoInfo {
        audioCodecs = List.copyOf(audioCodecs);
    }

    public long pixels() {
        return (long) width * height;
    }

    public boolean hasAudio() {
        return !audioCodecs.isEmpty();
    }
}
