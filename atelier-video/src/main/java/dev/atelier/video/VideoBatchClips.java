package dev.atelier.video;

import com.google.gson.JsonObject;
import dev.atelier.BadInputException;
import dev.atelier.Cancellation;
import dev.atelier.api.BatchClips;
import dev.atelier.api.Stylist;
import dev.atelier.batch.ClipInput;
import dev.atelier.batch.PairContext;
import dev.atelier.batch.PairResult;
import dev.atelier.io.ReadOptions;
import dev.atelier.io.RgbImage;
import dev.atelier.method.StyleKind;
import dev.atelier.progress.RunListener;
import dev.atelier.progress.StepFinished;
import dev.atelier.progress.Warning;
import dev.atelier.video.ffmpeg.CancelledException;
import dev.atelier.video.ffmpeg.FfmpegTools;
import dev.atelier.video.ffmpeg.FrameDecoder;
import dev.atelier.video.ffmpeg.VideoFormat;
import dev.atelier.video.ffmpeg.VideoInfo;
import dev.atelier.video.ffmpeg.VideoProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Clips among a batch's photos, each repainted by this module exactly as {@code stylize} repaints one
 * ({@link Videos#plan}, then {@link Videos#run} on the batch's open stylist): the same frame rate,
 * frame count, duration and orientation, the sound copied, the frames held steady by the flow. The
 * batch keeps its own rules (names, manifest, reruns, one pair's failure failing only that pair); this
 * class only turns a pair into a {@link VideoRequest}, so every rule about clips stays in
 * {@link VideoPlanner} and {@link VideoRun}.
 *
 * <p>A clip is written in its own container when Atelier writes that container (MP4, MOV, Matroska,
 * WebM), else in Matroska, which takes any sound unchanged. A clip the previous run stopped part-way
 * continues from its finished frames ({@code <result>.resume/}, as {@code stylize --resume}); one
 * made with other settings there fails its pair with the one line saying so.
 */
public final class VideoBatchClips implements BatchClips {
    private static final String FALLBACK_EXTENSION = "mkv";

    private final Map<String, String> videoOptions;
    private final VideoOptions parsed;
    private final ReadOptions readOptions;

    private VideoBatchClips(Map<String, String> videoOptions, ReadOptions readOptions) {
        this.videoOptions = Map.copyOf(videoOptions);
        this.parsed = VideoOptions.SCHEMA.parse(videoOptions);
        this.readOptions = readOptions;
    }

    /**
     * Clips repainted with the video's options ({@link VideoOptions#SCHEMA}: {@code temporal-weight},
     * {@code crf}, {@code max-frames}, …) as text.
     *
     * @throws dev.atelier.InvalidOptionException for a bad video option, before any work
     */
    public static VideoBatchClips of(Map<String, String> videoOptions, ReadOptions readOptions) {
        return new VideoBatchClips(new LinkedHashMap<>(videoOptions), readOptions);
    }

    @Override
    public String resultExtension(Path clip) {
        String name = clip.getFileName().toString().toLowerCase(Locale.ROOT);
        String extension = name.substring(name.lastIndexOf('.') + 1);
        return VideoFormat.of(clip).filter(format -> format != VideoFormat.GIF).isPresent() ? extension
                : FALLBACK_EXTENSION;
    }

    /** The clip's first frame, as shown (turned by its rotation), within the batch's pixel limit. */
    @Override
    public RgbImage still(Path clip) {
        FfmpegTools tools = FfmpegTools.locate();
        Cancellation cancellation = Cancellation.current();
        VideoInfo info = new VideoProbe(tools).probe(clip, cancellation);
        if (info.pixels() > readOptions.maxPixels() || info.pixels() > RgbImage.MAX_PIXELS) {
            throw new BadInputException(clip, info.width() + "x" + info.height() + " frames, more than {max-pixels} "
                    + readOptions.maxPixels() + " allows");
        }
        try (FrameDecoder decoder = FrameDecoder.open(tools, info, cancellation)) {
            RgbImage first = decoder.next(cancellation);
            if (first == null) {
                throw new BadInputException(clip, "no frame could be decoded");
            }
            return first;
        }
    }

    /** The temporal weight and the quality: what changes a repainted clip beyond the method's settings. */
    @Override
    public JsonObject clipSettings() {
        JsonObject settings = new JsonObject();
        settings.addProperty("temporal_weight", parsed.temporalWeight());
        settings.addProperty("crf", parsed.crf() == null ? "the codec's default" : parsed.crf().toString());
        return settings;
    }

    @Override
    public PairResult stylize(Stylist stylist, String command, ClipInput input, PairContext context) {
        Path output = input.output();
        VideoRequest.Builder request = VideoRequest.builder().optMethod(stylist.method()).optContent(input.clip())
                .optOptions(stylist.options()).optVideoOptions(videoOptions).optOutput(output)
                .optReport(input.report()).optReadOptions(readOptions).optCommand(command)
                // Resumed only when an earlier run left frames: a fresh clip gets no "nothing to resume" warning.
                .optResume(Files.exists(VideoPlanner.workFolderOf(output)));
        if (stylist.styleKind() == StyleKind.MODELS) {
            request.optModel(input.style().toString());
        } else {
            request.optStyle(input.style());
        }
        Cancellation cancellation = context.cancellation();
        VideoOutcome outcome;
        try {
            VideoPlan plan = Videos.plan(request.build(), cancellation);
            outcome = Videos.run(plan, stylist, progress(context.listener()), cancellation);
        } catch (CancelledException stopped) {
            return new PairResult(null, new JsonObject(), true);
        }
        if (outcome.cancelled()) {
            return new PairResult(null, new JsonObject(), true);
        }
        return PairResult.of(null, outcome.report());
    }

    /**
     * The clip's events as the batch takes a pair's: its progress over frames (not an optimisation's
     * iterations within a frame, which would make the batch's bar run back and forth) and its warnings.
     */
    private static RunListener progress(RunListener batch) {
        return event -> {
            if (event instanceof StepFinished step && step.stage().equals("video")) {
                batch.onEvent(step);
            } else if (event instanceof Warning) {
                batch.onEvent(event);
            }
        };
    }
}
