package dev.atelier.studio;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.atelier.AtelierException;
import dev.atelier.BadInputException;
import dev.atelier.InvalidOptionException;
import dev.atelier.api.Atelier;
import dev.atelier.api.StylizeRequest;
import dev.atelier.io.ReadOptions;
import dev.atelier.models.ModelStore;
import dev.atelier.weights.download.DownloadSettings;
import dev.atelier.weights.download.WeightsCache;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One rule, one place: the same requests, good and bad, go to the library's plan
 * ({@link Atelier#plan(StylizeRequest)}) and to the studio's API as a browser sends them (multipart,
 * the real executor); both must accept the same ones and refuse the same ones, naming the same field.
 * Where the studio's answer comes from the plan, its words are the library's too; the rows the
 * studio answers itself (the form's shape, and its policy that networks are named, never given as
 * paths) say so.
 *
 * <p>Style masks are not in the table: the studio's form has no field for them.
 */
class PlanParityTest {
    private static final Color PHOTO = new Color(200, 120, 40);
    private static final Color PAINTING = new Color(40, 60, 160);

    @TempDir
    static Path folder;
    private static Atelier atelier;
    private static StudioServer server;
    private static StudioClient client;

    /**
     * A request as both front ends take it.
     *
     * @param photo the photo's size, {width, height}
     * @param paintings each painting's size
     * @param options the option values as text, as the command line and the studio's JSON give them
     * @param field what both must name, or {@code null} when both must accept the request
     * @param studioOwnWords whether the studio answers in its own words (its form's shape and its
     *     policy), so that only the field is compared
     */
    record Case(String name, String method, int[] photo, List<int[]> paintings, List<String> models,
            Map<String, String> options, String field, boolean studioOwnWords) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        int[] photo = {64, 48};
        int[] painting = {48, 48};
        List<int[]> one = List.of(painting);
        List<int[]> nine = new ArrayList<>();
        for (int n = 0; n < 9; n++) {
            nine.add(painting);
        }
        Map<String, String> small = Map.of("size", "64");
        return Stream.of(
                accepted("gatys with one painting", "gatys", photo, one, List.of(), options("size", "64",
                        "iterations", "2", "backbone", "random-vgg19")),
                accepted("adain blending two paintings", "adain", photo, List.of(painting, painting), List.of(),
                        options("size", "64", "style-weights", "1,3")),
                accepted("feedforward with a model by name", "feedforward", photo, List.of(), List.of("candy"), small),
                accepted("magenta's int8 transformer by name", "magenta", photo, one, List.of(),
                        options("size", "64", "transformer", "magenta-transformer-int8")),
                accepted("eight paintings on gatys, its most", "gatys", photo, nine.subList(0, 8), List.of(), small),
                refusedInOwnWords("unknown method", "cubism", photo, one, List.of(), Map.of(), "method"),
                refusedInOwnWords("unknown option", "gatys", photo, one, List.of(), options("brush", "3"),
                        "options.brush"),
                refused("out-of-range value", "gatys", photo, one, List.of(), options("iterations", "-1"),
                        "options.iterations"),
                refused("not a number", "gatys", photo, one, List.of(), options("iterations", "many"),
                        "options.iterations"),
                refused("unknown choice", "gatys", photo, one, List.of(), options("backbone", "alexnet"),
                        "options.backbone"),
                refused("the same layer twice", "gatys", photo, one, List.of(),
                        options("style-layers", "conv1_1=1,relu1_1=2"), "options.style-layers"),
                refused("9 paintings on gatys", "gatys", photo, nine, List.of(), small, "style"),
                refused("9 paintings on magenta", "magenta", photo, nine, List.of(), small, "style"),
                refused("no painting on gatys", "gatys", photo, List.of(), List.of(), small, "style"),
                refusedInOwnWords("2 models on feedforward", "feedforward", photo, List.of(),
                        List.of("candy", "mosaic"), small, "model"),
                refused("no model on feedforward", "feedforward", photo, List.of(), List.of(), small, "model"),
                refusedInOwnWords("an unknown model", "feedforward", photo, List.of(), List.of("mona-lisa"), small,
                        "model"),
                refused("a model for a paintings method", "gatys", photo, one, List.of("candy"), small, "model"),
                refused("a painting for a models method", "feedforward", photo, one, List.of("candy"), small,
                        "style"),
                refused("weights that do not fit the paintings", "adain", photo, List.of(painting, painting),
                        List.of(), options("style-weights", "1,2,3"), "options.style-weights"),
                refused("a photo too small for the network", "gatys", photo, one, List.of(),
                        options("size", "16", "backbone", "random-vgg19"), "content"),
                refused("a painting too small for AdaIN's style size", "adain", photo, List.of(new int[] {200, 10}),
                        List.of(), options("size", "64", "style-size", "16"), "style"));
    }

    @BeforeAll
    static void start() {
        // No mirror and no public homes: planning never downloads, and an accepted job cannot either.
        ModelStore models = new ModelStore(new WeightsCache(folder.resolve("home")), DownloadSettings.defaults(),
                null, false);
        atelier = new Atelier(models);
        // Planning only: whether this server can have the networks is the studio's own question
        // (StudioModelsTest), and here it has none of them.
        server = StudioServer.start(StudioOptions.builder().optPort(0).optDataFolder(folder.resolve("studio")).build(),
                new PlanningOnly(JobExecutors.fromLibrary(atelier, ReadOptions.defaults())));
        client = new StudioClient(server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theLibraryAndTheStudioAcceptAndRefuseAlike(Case request) throws IOException {
        Refusal library = library(request);
        Refusal studio = studio(request);

        assertThat(library == null ? null : library.field()).as("the library's field").isEqualTo(request.field());
        assertThat(studio == null ? null : studio.field()).as("the studio's field").isEqualTo(request.field());
        if (library != null && !request.studioOwnWords()) {
            assertThat(studio.message()).as("the studio's words").isEqualTo(library.message());
        }
    }

    /** A refusal: the field at fault and the words shown for it. */
    record Refusal(String field, String message) {}

    /** What the library's plan says of the request, as a form field; {@code null} when it accepts it. */
    private static Refusal library(Case request) throws IOException {
        Path inputs = Files.createTempDirectory(folder, "library-");
        Path photo = write(inputs.resolve("content.png"), request.photo(), PHOTO);
        List<Path> paintings = new ArrayList<>();
        for (int n = 0; n < request.paintings().size(); n++) {
            paintings.add(write(inputs.resolve("style-" + (n + 1) + ".png"), request.paintings().get(n), PAINTING));
        }
        try {
            atelier.plan(StylizeRequest.builder().optMethod(request.method()).optContent(photo).optStyles(paintings)
                    .optModels(request.models()).optOptions(request.options())
                    .optOutput(inputs.resolve("result.png")).build());
            return null;
        } catch (InvalidOptionException invalid) {
            String key = invalid.option();
            String field = key == null ? "options" : List.of("method", "content", "style", "model").contains(key) ? key
                    : "options." + key;
            return new Refusal(field, AtelierException.spell(invalid.problem(), UnaryOperator.identity()));
        } catch (BadInputException unusable) {
            Path file = unusable.file();
            String field = photo.equals(file) ? "content" : paintings.contains(file) ? "style"
                    : request.models().stream().map(Path::of).anyMatch(model -> model.equals(file)) ? "model" : null;
            String message = unusable.getMessage();
            return new Refusal(field, message.startsWith(file + ": ") ? message.substring((file + ": ").length())
                    : message);
        }
    }

    /** What the studio answers the same request sent as a browser's form; {@code null} when it accepts it. */
    private static Refusal studio(Case request) {
        Multipart form = new Multipart().field("method", request.method());
        request.models().forEach(model -> form.field("model", model));
        JsonObject options = new JsonObject();
        request.options().forEach(options::addProperty);
        form.field("options", options.toString());
        form.file("content", "photo.png", "image/png", TestPictures.png(request.photo()[0], request.photo()[1], PHOTO));
        for (int[] painting : request.paintings()) {
            form.file("style", "painting.png", "image/png", TestPictures.png(painting[0], painting[1], PAINTING));
        }
        StudioClient.Answer answer = client.submit(form);
        if (answer.status() == 202) {
            client.delete("/api/jobs/" + answer.id());
            return null;
        }
        assertThat(answer.status()).as(answer.json().toString()).isEqualTo(400);
        JsonObject json = answer.json();
        return new Refusal(json.get("field").isJsonNull() ? null : json.get("field").getAsString(),
                json.get("error").getAsString());
    }

    /** The library's executor without its check that the networks can be had. */
    private record PlanningOnly(JobExecutor library) implements JobExecutor {
        @Override
        public List<MethodInfo> methods() {
            return library.methods();
        }

        @Override
        public List<ModelInfo> models() {
            return library.models();
        }

        @Override
        public void validate(JobSubmission submission) {
            library.validate(submission);
        }

        @Override
        public JobOutcome run(JobSubmission submission, JobFiles files, dev.atelier.progress.RunListener listener,
                dev.atelier.Cancellation cancellation) {
            return library.run(submission, files, listener, cancellation);
        }
    }

    private static Path write(Path file, int[] size, Color colour) throws IOException {
        return Files.write(file, TestPictures.png(size[0], size[1], colour));
    }

    private static Case accepted(String name, String method, int[] photo, List<int[]> paintings, List<String> models,
            Map<String, String> options) {
        return new Case(name, method, photo, paintings, models, options, null, false);
    }

    private static Case refused(String name, String method, int[] photo, List<int[]> paintings, List<String> models,
            Map<String, String> options, String field) {
        return new Case(name, method, photo, paintings, models, options, field, false);
    }

    private static Case refusedInOwnWords(String name, String method, int[] photo, List<int[]> paintings,
            List<String> models, Map<String, String> options, String field) {
        return new Case(name, method, photo, paintings, models, options, field, true);
    }

    private static Map<String, String> options(String... keysAndValues) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            options.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return options;
    }
}
