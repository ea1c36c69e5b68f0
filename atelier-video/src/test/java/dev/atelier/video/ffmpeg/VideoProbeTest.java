package dev.atelier.video.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.atelier.BadInputException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What ffprobe's JSON says about a clip, read without running it: every field the plan relies on. */
class VideoProbeTest {
    private static final Path CLIP = Path.of("clip.mp4");

    private static JsonObject json(String streams, String format) {
        return JsonParser.parseString("{\"streams\": [" + streams + "], \"format\": {" + format + "}}")
                .getAsJsonObject();
    }

    private static String video(String extra) {
        return "{\"codec_type\": \"video\", \"codec_name\": \"h264\", \"width\": 64, \"height\": 48,"
                + " \"pix_fmt\": \"yuv420p\", \"r_frame_rate\": \"30/1\", \"avg_frame_rate\": \"30/1\","
                + " \"nb_read_packets\": \"12\"" + extra + "}";
    }

    @Test
    void aPlainClipIsDescribed() {
        VideoInfo info = VideoProbe.describe(CLIP, json(video("") + ", {\"codec_type\": \"audio\", \"codec_name\": "
                + "\"aac\"}", "\"format_name\": \"mov,mp4\", \"duration\": \"0.4\""));
        assertThat(info.width()).isEqualTo(64);
        assertThat(info.height()).isEqualTo(48);
        assertThat(info.frames()).isEqualTo(12);
        assertThat(info.frameRate()).isEqualTo(new Rational(30, 1));
        assertThat(info.variableFrameRate()).isFalse();
        assertThat(info.seconds()).isEqualTo(0.4);
        assertThat(info.audioCodecs()).containsExactly("aac");
        assertThat(info.rotation()).isZero();
        assertThat(info.bitsPerSample()).isEqualTo(8);
        assertThat(info.alpha()).isFalse();
    }

    @Test
    void aDisplayMatrixTurnsTheFrameAndSwapsItsSides() {
        // ffprobe gives the display matrix's counter-clockwise angle: -90 is three quarter turns.
        VideoInfo info = VideoProbe.describe(CLIP, json(video(", \"side_data_list\": [{\"side_data_type\": "
                + "\"Display Matrix\", \"rotation\": -90}]"), ""));
        assertThat(info.rotation()).isEqualTo(270);
        assertThat(info.width()).isEqualTo(48);
        assertThat(info.height()).isEqualTo(64);
        // The old tag turns clockwise.
        assertThat(VideoProbe.describe(CLIP, json(video(", \"tags\": {\"rotate\": \"90\"}"), "")).rotation())
                .isEqualTo(270);
    }

    @Test
    void variableRatesDeepSamplesAndTransparencyAreNoticed() {
        VideoInfo variable = VideoProbe.describe(CLIP, json(video("").replace("\"avg_frame_rate\": \"30/1\"",
                "\"avg_frame_rate\": \"2000/81\""), ""));
        assertThat(variable.variableFrameRate()).isTrue();
        assertThat(variable.frameRate()).isEqualTo(new Rational(2000, 81));
        // Matroska gives no average rate; six frames over 1.1 s at a nominal 10 per second are uneven.
        VideoInfo gaps = VideoProbe.describe(CLIP, json(video(", \"tags\": {\"DURATION\": \"00:00:01.100000000\"}")
                .replace("\"12\"", "\"6\"").replace("30/1", "10/1"), ""));
        assertThat(gaps.variableFrameRate()).isTrue();
        assertThat(gaps.frameRate().value()).isCloseTo(6 / 1.1, org.assertj.core.api.Assertions.within(1e-3));
        VideoInfo even = VideoProbe.describe(CLIP, json(video(", \"tags\": {\"DURATION\": \"00:00:00.400000000\"}"),
                ""));
        assertThat(even.variableFrameRate()).isFalse();
        VideoInfo deep = VideoProbe.describe(CLIP, json(video("").replace("yuv420p", "yuv420p10le"), ""));
        assertThat(deep.bitsPerSample()).isEqualTo(10);
        VideoInfo transparent = VideoProbe.describe(CLIP, json(video("").replace("yuv420p", "yuva420p"), ""));
        assertThat(transparent.alpha()).isTrue();
        assertThat(VideoProbe.hasAlpha("rgba")).isTrue();
        assertThat(VideoProbe.hasAlpha("yuvj420p")).isFalse();
        assertThat(VideoProbe.hasAlpha("gbrp10le")).isFalse();
    }

    @Test
    void clipsWithoutPicturesAreRefusedInOneLine() {
        assertThatThrownBy(() -> VideoProbe.describe(CLIP, json("{\"codec_type\": \"audio\", \"codec_name\": \"mp3\"}",
                "")))
                .isInstanceOf(BadInputException.class).hasMessage("clip.mp4: has no video stream (only audio)");
        // Cover art is a video stream in name only.
        assertThatThrownBy(() -> VideoProbe.describe(CLIP, json("{\"codec_type\": \"video\", \"codec_name\": \"png\","
                + " \"disposition\": {\"attached_pic\": 1}}, {\"codec_type\": \"audio\", \"codec_name\": \"mp3\"}", "")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("has no video stream");
        assertThatThrownBy(() -> VideoProbe.describe(CLIP, json(video("").replace("\"12\"", "\"0\""), "")))
                .isInstanceOf(BadInputException.class).hasMessage("clip.mp4: has no frames");
    }

    @Test
    void frameRatesAreReadExactly() {
        assertThat(Rational.parse("30000/1001")).contains(new Rational(30000, 1001));
        assertThat(Rational.parse("25")).contains(new Rational(25, 1));
        assertThat(Rational.parse("0/0")).isEmpty();
        assertThat(Rational.parse("x/2")).isEmpty();
        assertThat(Rational.of(29.97002997002997)).isEqualTo(new Rational(30000, 1001));
        assertThat(Rational.of(12.5)).isEqualTo(new Rational(12500, 1000));
    }

    @Test
    void ffmpegsPrefixesAreCleanedFromItsMessages() {
        assertThat(Subprocess.clean("[matroska,webm @ 0x55ad1b921740] File ended prematurely"))
                .isEqualTo("File ended prematurely");
    }
}
