package dev.atelier.studio;

import dev.atelier.progress.RunListener;
import dev.atelier.progress.ImageFormed;
import dev.atelier.progress.StepFinished;
import dev.atelier.progress.Warning;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.atelier.BadInputException;
import dev.atelier.Cancellation;
import dev.atelier.io.AtomicFiles;
import dev.atelier.io.ImageHeader;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.ImageSaver;
import dev.atelier.io.RgbImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic stand-in for the library: validates like the real thing (kinds, ranges, choices,
 * models, image sizes), runs for {@code iterations} steps of {@code stepMillis} each, and paints a
 * result 32 pixels wide, shaped like the photo, in the photo's mean colour, so every result shows
 * which input it came from. Like the library, only the optimisation (gatys) sends steps and
 * previews; the one-pass methods send nothing until they are done. Cancelled gatys runs keep their
 * picture; an option {@code fail-at-step} makes a run fail (with a message {@code error-length} long
 * when given); {@code backbone auto} falls back to random weights with the library's warning, as it does
 * offline.
 */
final class FakeExecutor implements JobExecutor {
    /** Shortest side an input may have. */
    static final int MIN_SIDE = 8;

    /** Fake only: a run failing at {@code fail-at-step} gives {@link #longError} of this length. */
    private static final MethodOption ERROR = new MethodOption("error-length", "integer", "0",
            "Fake only: the length of the failure's message.", 0.0, 2000.0, List.of(), false);
    /** What the library says when {@code backbone auto} cannot have the ImageNet weights. */
    static final String RANDOM_WEIGHTS_WARNING = "no ImageNet VGG-19 weights (could not download vgg19: offline); "
            + "using random-vgg19 instead, which paints less faithfully.";

    private final long stepMillis;
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger runningNow = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();

    FakeExecutor(long stepMillis) {
        this.stepMillis = stepMillis;
    }

    /** Runs started so far. */
    int started() {
        return started.get();
    }

    /** The most runs that were going at the same time. */
    int mostAtOnce() {
        return mostAtOnce.get();
    }

    @Override
    public List<MethodInfo> methods() {
        MethodOption size = new MethodOption("size", "integer", "512", "Longest side of the result, in pixels.",
                16.0, 4096.0, List.of(), true);
        MethodOption preserve = new MethodOption("preserve-color", "boolean", "false", "Keep the photo's colours.",
                null, null, List.of(), true);
        MethodOption fail = new MethodOption("fail-at-step", "integer", "0", "Fake only: fail at this step.",
                0.0, 1e6, List.of(), false);
        return List.of(
                new MethodInfo("gatys", "Optimisation (Gatys et al.)", "Paints the photo step by step.", 1, 1,
                        false, true, List.of(size,
                        new MethodOption("iterations", "integer", "20", "How many steps to optimise.", 1.0,
                                10000.0, List.of(), true),
                        new MethodOption("style-weight", "number", "100000", "How strongly to paint the style.",
                                0.0, 1e12, List.of(), true),
                        preserve,
                        new MethodOption("backbone", "choice", "vgg19", "The network that judges the picture.",
                                null, null, List.of("vgg19", "vgg16", "random-vgg19", "auto"), false),
                        fail, ERROR)),
                new MethodInfo("feedforward", "Trained network", "One pass through a network trained on a painting.",
                        0, 0, true, false, List.of(size, fail)),
                new MethodInfo("adain", "Any style (AdaIN)", "Any painting in one pass.", 1, 4, false, false,
                        List.of(size,
                        new MethodOption("alpha", "number", "1", "Style strength, 0 (the photo) to 1.", 0.0, 1.0,
                                List.of(), true),
                        preserve,
                        new MethodOption("style-weights", "list", "", "One weight per painting.", 0.0, null,
                                List.of(), false),
                        fail)),
                new MethodInfo("magenta", "Any style (Magenta)", "Google's fast arbitrary style network.", 1, 1,
                        false, false, List.of(size, preserve, fail)));
    }

    @Override
    public List<ModelInfo> models() {
        return List.of(new ModelInfo("wave", "feedforward", "The Great Wave off Kanagawa", true, 6_700_000),
                new ModelInfo("candy", "feedforward", "Candy", false, 6_700_000));
    }

    @Override
    public void validate(JobSubmission submission) {
        MethodInfo method = methods().stream().filter(m -> m.name().equals(submission.method())).findFirst()
                .orElseThrow(() -> new JobRejectedException("method", "unknown method " + submission.method()));
        submission.options().forEach((key, text) -> {
            MethodOption option = method.option(key);
            if (option == null) {
                throw new JobRejectedException("options." + key, "unknown option");
            }
            check(option, text);
        });
        checkStyles(method, submission);
        if (method.usesModel() && models().stream().noneMatch(model -> model.name().equals(submission.model()))) {
            throw new JobRejectedException("model", "unknown model '" + submission.model() + "'");
        }
        checkSide(submission.content(), "content");
        for (Path style : submission.styles()) {
            checkSide(style, "style");
        }
    }

    /** What the library's plan checks of the styles, in the studio's words. */
    private static void checkStyles(MethodInfo method, JobSubmission submission) {
        int styles = submission.styles().size();
        if (method.usesModel()) {
            if (submission.model() == null) {
                throw new JobRejectedException("model", "missing: method " + method.name() + " needs a model name");
            }
            if (styles > 0) {
                throw new JobRejectedException("style", "method " + method.name()
                        + " paints with its model's style; send no style image");
            }
            return;
        }
        if (submission.model() != null) {
            throw new JobRejectedException("model", "method " + method.name() + " takes style images, not a model");
        }
        if (styles < method.minStyles()) {
            throw new JobRejectedException("style", "missing: method " + method.name() + " needs a style image");
        }
        if (styles > method.maxStyles()) {
            throw new JobRejectedException("style", "method " + method.name() + " takes at most "
                    + method.maxStyles() + " style images, got " + styles);
        }
    }

    private static void check(MethodOption option, String text) {
        String field = "options." + option.name();
        switch (option.kind()) {
            case "integer", "number" -> {
                double value;
                try {
                    value = option.kind().equals("integer") ? Long.parseLong(text) : Double.parseDouble(text);
                } catch (NumberFormatException notANumber) {
                    throw new JobRejectedException(field, "expected a number, got '" + text + "'");
                }
                if ((option.min() != null && value < option.min()) || (option.max() != null && value > option.max())) {
                    throw new JobRejectedException(field, "must be between " + option.min() + " and " + option.max()
                            + ", got " + text);
                }
            }
            case "boolean" -> {
                if (!text.equals("true") && !text.equals("false")) {
                    throw new JobRejectedException(field, "expected true or false, got '" + text + "'");
                }
            }
            case "choice" -> {
                if (!option.choices().contains(text)) {
                    throw new JobRejectedException(field, "expected one of " + option.choices() + ", got '" + text
                            + "'");
                }
            }
            default -> { }
        }
    }

    private static void checkSide(Path image, String field) {
        ImageHeader header;
        try {
            header = new ImageLoader().inspect(image);
        } catch (BadInputException unusable) {
            throw new JobRejectedException(field, unusable.getMessage());
        }
        if (Math.min(header.width(), header.height()) < MIN_SIDE) {
            throw new JobRejectedException(field, "image is " + header.width() + " x " + header.height()
                    + ", smaller than " + MIN_SIDE + " pixels on a side");
        }
    }

    @Override
    public JobOutcome run(JobSubmission submission, JobFiles files, RunListener listener, Cancellation cancellation) {
        started.incrementAndGet();
        mostAtOnce.accumulateAndGet(runningNow.incrementAndGet(), Math::max);
        try {
            return paint(submission, files, listener, cancellation);
        } finally {
            runningNow.decrementAndGet();
        }
    }

    private JobOutcome paint(JobSubmission submission, JobFiles files, RunListener listener,
            Cancellation cancellation) {
        boolean optimises = submission.method().equals("gatys");
        int total = Integer.parseInt(submission.options().getOrDefault("iterations", optimises ? "20" : "5"));
        int failAt = Integer.parseInt(submission.options().getOrDefault("fail-at-step", "0"));
        Map<String, String> networks = new LinkedHashMap<>();
        if (optimises) {
            String backbone = submission.options().getOrDefault("backbone", "vgg19");
            if (backbone.equals("auto")) {
                listener.onEvent(new Warning(RANDOM_WEIGHTS_WARNING));
                backbone = "random-vgg19";
            }
            networks.put("backbone", backbone);
        } else if (submission.method().equals("magenta")) {
            networks.put("predictor", "magenta-predictor");
            networks.put("transformer", "magenta-transformer");
        }
        RgbImage photo = new ImageLoader().read(submission.content());
        float[] colour = meanColour(photo);
        int width = 32;
        int height = Math.max(1, Math.round(32f * photo.height() / photo.width()));
        long start = System.nanoTime();
        for (int step = 1; step <= total; step++) {
            if (cancellation.isRequested()) {
                if (optimises && step > 1) {
                    write(files, width, height, colour, submission, step - 1, true);
                    return JobOutcome.cancelled(true).withNetworks(networks);
                }
                return JobOutcome.cancelled(false).withNetworks(networks);
            }
            sleep(stepMillis);
            if (step == failAt) {
                int length = Integer.parseInt(submission.options().getOrDefault("error-length", "0"));
                throw new JobFailedException(length > 0 ? longError(length) : "fake failure at step " + step);
            }
            if (!optimises) {
                continue;
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            Map<String, Double> losses = new LinkedHashMap<>();
            losses.put("content", 100.0 / step);
            losses.put("style", 1000.0 / step);
            losses.put("total", 1100.0 / step);
            listener.onEvent(new StepFinished("optimise", step, total, step / (double) total, elapsed,
                    step == 1 ? Double.NaN : elapsed / step * (total - step), losses, ""));
            if (step % 2 == 0 && listener.wantsImages()) {
                float shade = 0.5f + 0.5f * step / total;
                listener.onEvent(new ImageFormed(step, RgbImage.solid(width, height, colour[0] * shade,
                        colour[1] * shade, colour[2] * shade)));
            }
        }
        write(files, width, height, colour, submission, total, false);
        return JobOutcome.completed().withNetworks(networks);
    }

    private static void write(JobFiles files, int width, int height, float[] colour, JobSubmission submission,
            int steps, boolean cancelled) {
        new ImageSaver().write(RgbImage.solid(width, height, colour[0], colour[1], colour[2]), files.result());
        JsonObject report = new JsonObject();
        report.addProperty("method", submission.method());
        report.addProperty("steps", steps);
        report.addProperty("cancelled", cancelled);
        JsonArray mean = new JsonArray();
        for (float channel : colour) {
            mean.add(Math.round(channel * 255));
        }
        report.add("content_colour", mean);
        JsonObject options = new JsonObject();
        submission.options().forEach(options::addProperty);
        report.add("options", options);
        byte[] text = report.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(files.report(), output -> output.write(text));
    }

    /** A failure's message {@code length} long, with a word of 160 letters in it that no line can hold. */
    static String longError(int length) {
        StringBuilder text = new StringBuilder("the network could not be loaded: " + "W".repeat(160)
                + " was refused because it holds layers this method does not know");
        while (text.length() < length) {
            text.append(" and more");
        }
        return text.substring(0, length);
    }

    static float[] meanColour(RgbImage image) {
        float[] planes = image.planes();
        int area = image.pixelCount();
        float[] mean = new float[3];
        for (int channel = 0; channel < 3; channel++) {
            double sum = 0;
            for (int i = 0; i < area; i++) {
                sum += planes[channel * area + i];
            }
            mean[channel] = (float) (sum / area);
        }
        return mean;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
