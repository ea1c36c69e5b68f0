package dev.atelier.video;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.atelier.BadInputException;
import dev.atelier.Cancellation;
import dev.atelier.InvalidOptionException;
import dev.atelier.api.Methods;
import dev.atelier.api.StylistRequest;
import dev.atelier.io.ImageHeader;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.OutputFormat;
import dev.atelier.io.ReadOptions;
import dev.atelier.io.RgbImage;
import dev.atelier.method.MethodChecks;
import dev.atelier.method.StyleKind;
import dev.atelier.method.StyleMethod;
import dev.atelier.method.StyleOptions;
import dev.atelier.models.ModelStore;
import dev.atelier.options.OptionInfo;
import dev.atelier.output.OutputClaims;
import dev.atelier.report.Report;
import dev.atelier.video.ffmpeg.FfmpegTools;
import dev.atelier.video.ffmpeg.Rational;
import dev.atelier.video.ffmpeg.VideoFormat;
import dev.atelier.video.ffmpeg.VideoInfo;
import dev.atelier.video.ffmpeg.VideoProbe;
import dev.atelier.video.flow.DisFlow;
import dev.atelier.video.sequence.ImageSequence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every rule a video request must meet, checked before any frame is made: the method's own rules as
 * for a photo (the same {@link MethodChecks}), FFmpeg present, the clip readable and within the limits
 * (from the container alone), the output a video container, no output overwriting an input, and an
 * interrupted run's settings matched when resuming.
 */
final class VideoPlanner {
    private VideoPlanner() {}

    static VideoPlan plan(VideoRequest request, Cancellation cancellation) {
        return plan(Methods.get(request.methodName()), request, cancellation);
    }

    private static <O extends StyleOptions> VideoPlan plan(StyleMethod<O, ?> method, VideoRequest request,
            Cancellation cancellation) {
        O options = method.options().parse(request.options());
        VideoOptions video = VideoOptions.SCHEMA.parse(request.videoOptions());
        boolean withModels = method.styleKind() == StyleKind.MODELS;
        List<String> styles = styleReferences(method, request);
        MethodChecks.checkStyles(method, options, styles.size(), 0);
        Path output = request.output();
        boolean framesOut = ImageSequence.isPattern(output) || Files.isDirectory(output);
        VideoFormat format = null;
        OutputFormat frameFormat = null;
        int crf = 0;
        if (framesOut) {
            frameFormat = ImageSequence.formatOf(output).orElseThrow(() -> new InvalidOptionException("output", output
                    + ": frames are written as pictures named like frame_%04d.png or .jpg"));
            if (video.crf() != null) {
                throw new InvalidOptionException("crf", "does not apply to frames written as pictures");
            }
        } else {
            format = VideoFormat.of(output).orElseThrow(() -> new InvalidOptionException("output", output
                    + ": a repainted clip needs a video file name (." + String.join(", .", VideoFormat.extensions())
                    + "), a folder or a picture pattern such as frames/frame_%04d.png"));
            crf = format.crf(video.crf());
        }

        Path content = request.content();
        boolean sequenceIn = ImageSequence.isPattern(content) || Files.isDirectory(content);
        FfmpegTools tools = sequenceIn && framesOut ? null : FfmpegTools.locate();
        OutputClaims claims = new OutputClaims();
        ImageSequence sequence = null;
        VideoInfo info;
        if (sequenceIn) {
            sequence = ImageSequence.of(content, video.maxFrames());
            sequence.files().forEach(file -> claims.input("content", "frame", file));
            info = sequenceInfo(sequence, video, request.readOptions());
        } else {
            claims.input("content", "clip", content);
            info = new VideoProbe(tools).probe(content, cancellation);
        }
        checkLimits(info, video, request.readOptions().maxPixels());
        MethodChecks.photoProblem(method, options, info.width(), info.height()).ifPresent(problem -> {
            throw new BadInputException(content, "frames of " + problem);
        });
        int[] size = MethodChecks.preparedSize(options, info.width(), info.height());

        ImageLoader loader = new ImageLoader(request.readOptions());
        JsonArray styleStamps = new JsonArray();
        for (String style : styles) {
            if (withModels) {
                if (!ModelStore.isKnown(style)) {
                    Path file = ModelStore.localFile(style, "model");
                    claims.input("model", "model", file);
                    styleStamps.add(FileStamp.of(file));
                } else {
                    styleStamps.add(style);
                }
                continue;
            }
            Path file = Path.of(style);
            if (!Files.isRegularFile(file)) {
                throw new BadInputException(file, Files.exists(file) ? "not a regular file (style)" : "no such file "
                        + "(style)");
            }
            ImageHeader painting = loader.inspect(file);
            MethodChecks.paintingProblem(method, options, painting.width(), painting.height()).ifPresent(problem -> {
                throw new BadInputException(file, problem);
            });
            claims.input("style", "painting", file);
            styleStamps.add(FileStamp.of(file));
        }
        for (OptionInfo option : method.options().describe()) {
            String text = method.options().text(options, option.key());
            if (option.inputFile() && ModelStore.namesAFile(text)) {
                claims.input(option.key(), option.key() + " file", ModelStore.localFile(text, option.key()));
            }
        }
        Path named = framesOut ? ImageSequence.folderOf(output) : output;
        Path report = request.report() != null ? request.report() : framesOut
                ? named.resolveSibling(named.getFileName() + ".json") : Report.sidecarOf(output);
        Path workFolder = workFolderOf(named);
        if (framesOut) {
            if (sequence != null && OutputClaims.identity(named).equals(OutputClaims.identity(
                    ImageSequence.folderOf(content)))) {
                throw new InvalidOptionException("output", named + ": the repainted frames would go into the folder of "
                        + "the frames they are made from; choose another folder");
            }
            if (!request.resume() && Files.isDirectory(named) && Files.exists(ImageSequence.frameFile(output, 1))) {
                throw new InvalidOptionException("output", ImageSequence.frameFile(output, 1) + " exists: the frames "
                        + "would overwrite earlier ones; choose another folder or delete them");
            }
            OutputClaims.requireWritableOrCreatable(named);
        } else {
            claims.output("output", "clip", output);
        }
        claims.output("report", "report", report);
        claims.output("output", "folder of finished frames", workFolder);
        claims.requireWritable();

        JsonObject settings = new JsonObject();
        settings.addProperty("method", method.name());
        JsonObject optionText = new JsonObject();
        method.options().toText(options).forEach(optionText::addProperty);
        settings.add("options", optionText);
        settings.add("styles", styleStamps);
        settings.addProperty("content", sequence == null ? FileStamp.of(content) : sequence.files().size()
                + " pictures, the first " + FileStamp.of(sequence.files().get(0)) + ", the last "
                + FileStamp.of(sequence.files().get(sequence.files().size() - 1)));
        settings.addProperty("temporal_weight", video.temporalWeight());
        settings.addProperty("compare_per_frame", video.comparePerFrame());
        settings.addProperty("format", framesOut ? "frames " + frameFormat.name() : format.extension());
        settings.addProperty("crf", crf);
        settings.addProperty("width", size[0]);
        settings.addProperty("height", size[1]);
        DisFlow.Settings flow = DisFlow.Settings.defaults();
        settings.addProperty("flow", String.format(Locale.ROOT, "dis %d/%d/%d/%d", flow.patchSize(),
                flow.patchStride(), flow.iterations(), flow.finestScale()));

        if (Files.exists(workFolder)) {
            if (!request.resume()) {
                throw new InvalidOptionException("resume", workFolder + ": an interrupted run's finished frames are "
                        + "here; continue it with {resume}, or delete the folder to start over");
            }
            ResumeState.load(workFolder).requireSettings(settings, workFolder);
        }
        StylistRequest stylist = StylistRequest.builder().optMethod(method.name())
                .optOptions(method.options().toText(options)).optReadOptions(request.readOptions()).build();
        return new VideoPlan(stylist, withModels, styles, info, sequence, size[0], size[1], format, crf, frameFormat, video,
                output, report, workFolder, request.resume(), settings, warnings(info, format, size), tools,
                request.command());
    }

    /**
     * An image sequence as a clip: its frame count, the first frame's size (every frame must share it)
     * and the rate the options give it.
     */
    private static VideoInfo sequenceInfo(ImageSequence sequence, VideoOptions video, ReadOptions readOptions) {
        Path first = sequence.files().get(0);
        ImageLoader loader = new ImageLoader(readOptions);
        ImageHeader header = loader.inspect(first);
        // Every frame's header now, so that a stray picture of another size stops nothing half-way.
        for (Path file : sequence.files()) {
            ImageHeader other = loader.inspect(file);
            if (other.width() != header.width() || other.height() != header.height()) {
                throw new BadInputException(file, other.width() + "x" + other.height() + ", but the sequence's first "
                        + "frame is " + header.width() + "x" + header.height() + "; every frame must have one size");
            }
        }
        RgbImage picture = loader.read(first);
        Rational rate = Rational.of(video.frameRate());
        long frames = sequence.files().size();
        if (header.pixels() <= 0) {
            throw new BadInputException(first, "has no pixels");
        }
        return new VideoInfo(sequence.source(), "image sequence", header.format().name().toLowerCase(Locale.ROOT),
                picture.width(), picture.height(), 0, rate, false, frames, frames / rate.value(), "rgb24", 8, false,
                List.of());
    }

    /** Where an output's finished frames wait: {@code out.mp4.resume} beside it. */
    static Path workFolderOf(Path output) {
        return output.resolveSibling(output.getFileName() + ".resume");
    }

    private static List<String> styleReferences(StyleMethod<?, ?> method, VideoRequest request) {
        if (method.styleKind() == StyleKind.MODELS) {
            if (!request.styles().isEmpty()) {
                throw new InvalidOptionException("style", "does not apply to " + method.name() + ": its styles are "
                        + "trained networks ({model})");
            }
            return List.copyOf(request.models());
        }
        if (!request.models().isEmpty()) {
            throw new InvalidOptionException("model", "does not apply to " + method.name() + ", which takes "
                    + "paintings ({style}); trained networks are for feedforward");
        }
        return request.styles().stream().map(Path::toString).toList();
    }

    /** The limits a clip must fit, read from its container before any frame is decoded. */
    static void checkLimits(VideoInfo info, VideoOptions options, long maxPixels) {
        if (info.frames() > options.maxFrames()) {
            throw new BadInputException(info.file(), info.frames() + " frames, more than {max-frames} "
                    + options.maxFrames() + " allows");
        }
        if (options.maxSeconds() > 0 && info.seconds() > options.maxSeconds()) {
            throw new BadInputException(info.file(), String.format(Locale.ROOT, "%.1f seconds long, more than "
                    + "{max-seconds} %s allows", info.seconds(), trim(options.maxSeconds())));
        }
        long pixels = info.pixels();
        if (pixels > maxPixels || pixels > RgbImage.MAX_PIXELS) {
            throw new BadInputException(info.file(), info.width() + "x" + info.height() + " frames (" + pixels
                    + " pixels), more than {max-pixels} " + Math.min(maxPixels, RgbImage.MAX_PIXELS) + " allows");
        }
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    /** What the clip asks Atelier to give up or change, said before the work starts. */
    static List<String> warnings(VideoInfo info, VideoFormat format, int[] size) {
        List<String> warnings = new ArrayList<>();
        if (info.rotation() != 0) {
            warnings.add(info.file() + ": its frames are stored turned (a display rotation of " + info.rotation()
                    + "°); they are repainted and written as shown, " + info.width() + "x" + info.height());
        }
        if (info.bitsPerSample() > 8) {
            warnings.add(info.file() + ": " + info.bitsPerSample() + "-bit samples (" + info.pixelFormat() + ") are "
                    + "repainted and written with 8 bits");
        }
        if (info.alpha()) {
            warnings.add(info.file() + ": transparent frames (" + info.pixelFormat() + ") are composited over white");
        }
        if (info.variableFrameRate()) {
            warnings.add(info.file() + ": variable frame rate; every frame is kept and written at the average rate ("
                    + String.format(Locale.ROOT, "%.3f", info.frameRate().value()) + " frames per second), so the "
                    + "frame count and duration stay");
        }
        if (format != null && format.needsEvenSides() && (size[0] % 2 != 0 || size[1] % 2 != 0)) {
            warnings.add("H.264 needs even sides: the " + size[0] + "x" + size[1] + " frames are written at "
                    + (size[0] + size[0] % 2) + "x" + (size[1] + size[1] % 2) + ", the last column or row repeated");
        }
        return warnings;
    }
}
