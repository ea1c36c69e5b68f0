package dev.atelier.batch;

import com.google.gson.JsonObject;
import dev.atelier.api.Atelier;
import dev.atelier.api.Style;
import dev.atelier.api.StylistPairs;
import dev.atelier.api.StylistRequest;
import dev.atelier.api.Stylist;
import dev.atelier.report.StrictJson;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.ImageSaver;
import dev.atelier.io.RgbImage;
import dev.atelier.method.feedforward.ModelFile;
import dev.atelier.method.feedforward.TransformerLayout;
import dev.atelier.method.feedforward.TransformerNetwork;
import dev.atelier.testing.TestPictures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** Small inputs for batch tests: generated pictures, untrained model files, a corrupt file, test methods. */
final class BatchFixtures {
    private BatchFixtures() {}

    static Path photo(Path folder, String name, int width, int height, long seed) {
        Path file = folder.resolve(name);
        new ImageSaver().write(TestPictures.photo(width, height, seed), file);
        return file;
    }

    static Path painting(Path folder, String name, int width, int height, long seed) {
        Path file = folder.resolve(name);
        new ImageSaver().write(TestPictures.painting(width, height, seed), file);
        return file;
    }

    /** A single-colour PNG; levels are 0–255 so the colour survives 8-bit files exactly. */
    static Path solid(Path folder, String name, int width, int height, int red, int green, int blue) {
        Path file = folder.resolve(name);
        new ImageSaver().write(RgbImage.solid(width, height, red / 255f, green / 255f, blue / 255f), file);
        return file;
    }

    /** An untrained (seeded) feed-forward network in Atelier's model file format. */
    static Path model(Path folder, String name, long seed) {
        Path file = folder.resolve(name);
        ModelFile.write(file, new ModelFile.Model(TransformerLayout.PYTORCH_EXAMPLES,
                TransformerNetwork.initialStateDict(TransformerLayout.PYTORCH_EXAMPLES, seed), name, new JsonObject(),
                null));
        return file;
    }

    /** A file named like an image that is not one. */
    static Path corrupt(Path folder, String name) {
        Path file = folder.resolve(name);
        try {
            Files.write(file, "this is not a picture".getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    static JsonObject json(Path file) {
        try {
            return StrictJson.parseObject(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RgbImage read(Path file) {
        return new ImageLoader().read(file);
    }

    /**
     * Trained feed-forward networks as the entry point runs them in a batch (each style a model file),
     * through a stylist the returned method closes.
     */
    static CountingMethod<Style> feedForward() {
        return stylist(StylistRequest.builder().optMethod("feedforward").build());
    }

    /** Any method as the entry point runs it in a batch, through a stylist the returned method closes. */
    static CountingMethod<Style> stylist(StylistRequest request) {
        Stylist stylist = Atelier.fromEnvironment().open(request);
        return new CountingMethod<>(new StylistPairs("batch", stylist), stylist);
    }

    /** Wraps a method and records which pairs it really ran, in order. */
    static final class CountingMethod<S> implements PairMethod<S> {
        private final PairMethod<S> method;
        private final AutoCloseable owned;
        final List<String> ran = Collections.synchronizedList(new ArrayList<>());
        final List<Path> prepared = Collections.synchronizedList(new ArrayList<>());

        CountingMethod(PairMethod<S> method) {
            this(method, () -> { });
        }

        /** @param owned closed with the method (a stylist the method runs on) */
        CountingMethod(PairMethod<S> method, AutoCloseable owned) {
            this.method = method;
            this.owned = owned;
        }

        @Override
        public String name() {
            return method.name();
        }

        @Override
        public JsonObject settings() {
            return method.settings();
        }

        @Override
        public boolean stylesAreImages() {
            return method.stylesAreImages();
        }

        @Override
        public int defaultSize() {
            return method.defaultSize();
        }

        @Override
        public S prepareStyle(Path file) {
            prepared.add(file);
            return method.prepareStyle(file);
        }

        @Override
        public Optional<RgbImage> picture(S style) {
            return method.picture(style);
        }

        @Override
        public boolean batches() {
            return method.batches();
        }

        @Override
        public PairResult stylize(PairInput input, S style, PairContext context) {
            ran.add(input.name());
            return method.stylize(input, style, context);
        }

        @Override
        public List<PairResult> stylizeAll(List<PairInput> inputs, S style, PairContext context) {
            inputs.forEach(input -> ran.add(input.name()));
            return method.stylizeAll(inputs, style, context);
        }

        @Override
        public void close() {
            method.close();
            try {
                owned.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A stand-in method computing each result from the pair's photo and painting by a given rule. */
    static class StubMethod implements PairMethod<RgbImage> {
        private final java.util.function.BinaryOperator<RgbImage> rule;

        StubMethod(java.util.function.BinaryOperator<RgbImage> rule) {
            this.rule = rule;
        }

        /** The result is a flat colour: the photo's red, the painting's green, blue 0.5. */
        static StubMethod flatColour() {
            return new StubMethod((content, style) -> RgbImage.solid(content.width(), content.height(),
                    content.sample(0, 0, 0), style.sample(1, 0, 0), 0.5f));
        }

        /** The result is the photo as the method received it. */
        static StubMethod identity() {
            return new StubMethod((content, style) -> content);
        }

        @Override
        public String name() {
            return "stub";
        }

        @Override
        public JsonObject settings() {
            return new JsonObject();
        }

        @Override
        public boolean stylesAreImages() {
            return true;
        }

        @Override
        public int defaultSize() {
            return 0;
        }

        @Override
        public RgbImage prepareStyle(Path file) {
            return new ImageLoader().read(file);
        }

        @Override
        public Optional<RgbImage> picture(RgbImage style) {
            return Optional.of(style);
        }

        @Override
        public PairResult stylize(PairInput input, RgbImage style, PairContext context) {
            return PairResult.of(rule.apply(input.content(), style), new JsonObject());
        }

        @Override
        public void close() {}
    }
}
