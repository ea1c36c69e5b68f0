package dev.atelier.api;

import com.google.gson.JsonObject;
import dev.atelier.BadInputException;
import dev.atelier.InvalidOptionException;
import dev.atelier.device.RunDevice;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.ReadOptions;
import dev.atelier.io.RgbImage;
import dev.atelier.method.MethodChecks;
import dev.atelier.method.MethodContext;
import dev.atelier.method.MethodResult;
import dev.atelier.method.MethodSession;
import dev.atelier.method.RunContext;
import dev.atelier.method.StyleKind;
import dev.atelier.method.StyleMethod;
import dev.atelier.method.StyleOptions;
import dev.atelier.models.ModelStore;
import dev.atelier.nn.GradientRecording;
import dev.atelier.progress.RunListener;
import dev.atelier.report.ModelUse;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * A method with its networks loaded, repainting pictures held in memory and writing nothing: the
 * open session of the entry point's three steps (a checked plan, an open stylist, a run that writes
 * outputs). Keep one open for many pictures: the networks load once, and a painting prepared once
 * ({@link #painting}) serves every photo.
 *
 * <pre>{@code
 * try (Stylist stylist = Atelier.fromEnvironment().open(StylistRequest.builder().optMethod("adain").build())) {
 *     Style starryNight = stylist.painting(ImageIO.read(paintingFile));
 *     BufferedImage result = stylist.stylize(photo, starryNight).toBufferedImage();
 * }
 * }</pre>
 *
 * <p>Threads: a stylist and the styles it made belong to one thread at a time (the networks' buffers
 * and PyTorch's gradient switch are per thread); hand it to another thread only between calls, and
 * stop a running call with its {@link StylizeControls#cancellation()}, not by closing. The
 * {@link Stylized} results are immutable and may go anywhere. {@link Atelier} may be shared; open one
 * stylist per thread that paints.
 *
 * <p>Device: a stylist's networks and every tensor of its calls live on the device its {@link Atelier}
 * resolved ({@link #device()}); each call binds it to the calling thread while it runs.
 */
public final class Stylist implements AutoCloseable {
    private final Bound<?, ?> bound;
    private final ModelStore models;
    private final RunListener loading;
    private final RunDevice device;
    private final ImageLoader loader;
    private final Set<Style> styles = new LinkedHashSet<>();
    private boolean closed;

    private Stylist(Bound<?, ?> bound, ModelStore models, RunListener loading, RunDevice device,
            ReadOptions readOptions) {
        this.bound = bound;
        this.models = models;
        this.loading = loading;
        this.device = device;
        this.loader = new ImageLoader(readOptions);
    }

    /**
     * Loads a method's networks (models by name come from the cache, a mirror or their public home;
     * their downloads and any warnings go to {@code listener}).
     */
    static Stylist open(StylistRequest request, ModelStore models, RunListener listener, RunDevice device) {
        return open(Methods.get(request.methodName()), request.options(), request.readOptions(), models, listener,
                device);
    }

    static <O extends StyleOptions, S> Stylist open(StyleMethod<O, S> method, Map<String, String> options,
            ReadOptions readOptions, ModelStore models, RunListener listener, RunDevice device) {
        O parsed = method.options().parse(options);
        return open(method, parsed, readOptions, models, listener, device);
    }

    static <O extends StyleOptions, S> Stylist open(StyleMethod<O, S> method, O options, ReadOptions readOptions,
            ModelStore models, RunListener listener, RunDevice device) {
        GradientRecording.offOnThisThread();
        MethodSession<S> session;
        try (RunDevice.Binding onDevice = device.bindToThread()) {
            session = method.open(options, new MethodContext(models, listener));
        }
        return new Stylist(new Bound<>(method, options, session), models, listener, device, readOptions);
    }

    /** Where this stylist's tensors live and which engine runs them, as reports say. */
    public RunDevice device() {
        return device;
    }

    /** The method's registered name. */
    public String method() {
        return bound.method.name();
    }

    /** Whether the styles are paintings or trained networks. */
    public StyleKind styleKind() {
        return bound.method.styleKind();
    }

    /** The options as text by key, every default included: enough to open the same stylist again. */
    public Map<String, String> options() {
        return bound.optionsText();
    }

    /** The options and what loading resolved (which backbone really ran), as reports show them. */
    public JsonObject settings() {
        return bound.settings();
    }

    /** The networks loaded, with their SHA-256. */
    public List<ModelUse> models() {
        return bound.session.models();
    }

    StyleMethod<?, ?> styleMethod() {
        return bound.method;
    }

    StyleOptions parsedOptions() {
        return bound.options;
    }

    MethodSession<?> session() {
        return bound.session;
    }

    /**
     * A painting made ready for every photo that uses it.
     *
     * @param name what reports and messages call it
     * @throws InvalidOptionException when this method's styles are trained networks
     * @throws BadInputException when the painting is too small for the method
     */
    public Style painting(String name, RgbImage painting) {
        try (RunDevice.Binding onDevice = device.bindToThread()) {
            return bound.painting(this, name, null, painting);
        }
    }

    /** As {@link #painting(String, RgbImage)}, called {@code painting}. */
    public Style painting(RgbImage painting) {
        return painting("painting", painting);
    }

    /** As {@link #painting(String, RgbImage)} for a Java 2D picture (any type; alpha over white). */
    public Style painting(BufferedImage painting) {
        return painting("painting", RgbImage.fromBufferedImage(painting));
    }

    /**
     * A painting from its encoded bytes (JPEG or PNG, as read from an upload or a database).
     *
     * @throws BadInputException when the bytes are not a usable image, naming {@code name}
     */
    public Style painting(String name, byte[] encoded) {
        return painting(name, loader.read(encoded, name));
    }

    /** A painting from a file, named by its file in reports. */
    public Style painting(Path file) {
        RgbImage painting = loader.read(file);
        try (RunDevice.Binding onDevice = device.bindToThread()) {
            return bound.painting(this, file.getFileName().toString(), file, painting);
        }
    }

    /**
     * A trained network with its painting built in, by name ({@code candy}, downloaded on first use)
     * or path (feed-forward).
     *
     * @throws InvalidOptionException when this method's styles are paintings
     * @throws BadInputException when the file cannot be used
     */
    public Style model(String nameOrPath) {
        if (styleKind() != StyleKind.MODELS) {
            throw new InvalidOptionException("model", "does not apply to " + method() + ", which takes paintings "
                    + "({style}); trained networks are for feedforward");
        }
        requireOpen();
        Path file = models.resolve(nameOrPath, "model", loading);
        String name = ModelStore.isKnown(nameOrPath) ? nameOrPath : file.getFileName().toString();
        try (RunDevice.Binding onDevice = device.bindToThread()) {
            return remember(new Style(this, bound.session.prepareModel(file), name, file, null));
        }
    }

    /** As {@link #model(String)} for a file. */
    public Style model(Path file) {
        if (!Files.exists(file)) {
            throw new BadInputException(file, "no such file (model)");
        }
        return model(file.toString());
    }

    /** Repaints a photo with one or more styles made by this stylist, silently and without end. */
    public Stylized stylize(RgbImage photo, Style... styles) {
        return stylize(photo, List.of(styles), StylizeControls.none());
    }

    /** As {@link #stylize(RgbImage, Style...)} for a Java 2D picture. */
    public Stylized stylize(BufferedImage photo, Style... styles) {
        return stylize(RgbImage.fromBufferedImage(photo), styles);
    }

    /** As {@link #stylize(RgbImage, Style...)} for an encoded photo (JPEG or PNG bytes). */
    public Stylized stylize(byte[] encodedPhoto, Style... styles) {
        return stylize(loader.read(encodedPhoto, "the photo"), styles);
    }

    /**
     * Repaints a photo: brought to the options' size (unless it is 0), checked, then painted with the
     * styles, blended by the options' weights or placed by the controls' masks.
     *
     * @throws InvalidOptionException when the styles or masks do not fit the method or its options
     * @throws BadInputException when the photo is too small for the method
     * @throws dev.atelier.NonFiniteLossException when an optimisation's loss overflows
     */
    public Stylized stylize(RgbImage photo, List<Style> styles, StylizeControls controls) {
        try (RunDevice.Binding onDevice = device.bindToThread()) {
            return bound.stylize(this, photo, styles, controls);
        }
    }

    /**
     * Repaints equally sized photos with one style; methods that can batch do them in one pass of the
     * network, others one after another.
     */
    public List<Stylized> stylizeAll(List<RgbImage> photos, Style style, StylizeControls controls) {
        try (RunDevice.Binding onDevice = device.bindToThread()) {
            return bound.stylizeAll(this, photos, style, controls);
        }
    }

    /** Whether {@link #stylizeAll} runs photos through the network together. */
    public boolean batches() {
        return bound.session.batches();
    }

    /** How many prepared styles are worth keeping at once: few when each holds a large picture. */
    public int styleCacheSize() {
        return bound.session.styleCacheSize();
    }

    private Style remember(Style style) {
        styles.add(style);
        return style;
    }

    void forget(Style style) {
        styles.remove(style);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("this stylist is closed");
        }
    }

    /** Releases every style it made and the networks. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        for (Style style : new ArrayList<>(styles)) {
            style.close();
        }
        closed = true;
        bound.session.close();
    }

    /** The method, its options and its session, with their types tied together. */
    private static final class Bound<O extends StyleOptions, S> {
        final StyleMethod<O, S> method;
        final O options;
        final MethodSession<S> session;

        Bound(StyleMethod<O, S> method, O options, MethodSession<S> session) {
            this.method = method;
            this.options = options;
            this.session = session;
        }

        Map<String, String> optionsText() {
            return method.options().toText(options);
        }

        JsonObject settings() {
            JsonObject all = method.options().toJson(options);
            session.resolvedSettings().entrySet().forEach(entry -> all.add(entry.getKey(), entry.getValue()));
            return all;
        }

        Style painting(Stylist owner, String name, Path file, RgbImage painting) {
            if (method.styleKind() != StyleKind.PAINTINGS) {
                throw new InvalidOptionException("style", "does not apply to " + method.name() + ": its styles are "
                        + "trained networks ({model})");
            }
            owner.requireOpen();
            MethodChecks.paintingProblem(method, options, painting.width(), painting.height()).ifPresent(problem -> {
                throw file != null ? new BadInputException(file, problem) : new BadInputException(name + ": " + problem);
            });
            S prepared = session.preparePainting(painting);
            return owner.remember(new Style(owner, prepared, name, file, session.picture(prepared).orElse(null)));
        }

        @SuppressWarnings("unchecked")
        private List<S> prepared(Stylist owner, List<Style> styles) {
            List<S> prepared = new ArrayList<>();
            for (Style style : styles) {
                if (style.owner() != owner) {
                    throw new IllegalArgumentException("the style '" + style.name() + "' was made by another stylist");
                }
                prepared.add((S) style.prepared());
            }
            return prepared;
        }

        Stylized stylize(Stylist owner, RgbImage photo, List<Style> styles, StylizeControls controls) {
            owner.requireOpen();
            long started = System.nanoTime();
            MethodChecks.checkStyles(method, options, styles.size(), controls.masks().size());
            RgbImage prepared = MethodChecks.preparePhoto(method, options, photo, "the photo");
            if (controls.initImage() != null && !method.iterates()) {
                throw new InvalidOptionException("init-image", "does not apply to " + method.name()
                        + ": it makes the image in one pass");
            }
            if (controls.temporal() != null && !method.iterates()) {
                throw new InvalidOptionException("temporal-weight", "does not apply to " + method.name()
                        + " as a loss: it makes the image in one pass");
            }
            GradientRecording.offOnThisThread();
            MethodResult result = session.stylize(prepared, prepared(owner, styles), controls.masks(),
                    context(controls));
            return stylized(result, prepared, (System.nanoTime() - started) / 1e9);
        }

        List<Stylized> stylizeAll(Stylist owner, List<RgbImage> photos, Style style, StylizeControls controls) {
            owner.requireOpen();
            long started = System.nanoTime();
            MethodChecks.checkStyles(method, options, 1, 0);
            List<RgbImage> prepared = new ArrayList<>();
            for (RgbImage photo : photos) {
                prepared.add(MethodChecks.preparePhoto(method, options, photo, "the photo"));
            }
            GradientRecording.offOnThisThread();
            List<MethodResult> results = session.stylizeAll(prepared, prepared(owner, List.of(style)).get(0),
                    context(controls));
            double each = (System.nanoTime() - started) / 1e9 / Math.max(1, photos.size());
            List<Stylized> stylized = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                stylized.add(stylized(results.get(i), prepared.get(i), each));
            }
            return stylized;
        }

        private Stylized stylized(MethodResult result, RgbImage photo, double seconds) {
            List<ModelUse> uses = new ArrayList<>(session.models());
            uses.addAll(result.models());
            return new Stylized(result.image(), photo, result.cancelled(), result.history(), result.details(),
                    result.stylesUsed(), uses, seconds);
        }

        private static RunContext context(StylizeControls controls) {
            RunListener listener = controls.listener();
            LongPredicate wanted = controls.imageWanted();
            return new RunContext(controls.cancellation(), listener,
                    step -> wanted.test(step) || listener.wantsImages(), controls.item(), controls.initImage(),
                    controls.checkpoint(), controls.temporal());
        }
    }
}
