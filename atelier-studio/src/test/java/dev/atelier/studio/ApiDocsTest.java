package dev.atelier.studio;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.atelier.api.Atelier;
import dev.atelier.io.ReadOptions;
import dev.atelier.models.ModelStore;
import dev.atelier.testing.SharedFiles;
import dev.atelier.weights.download.DownloadSettings;
import dev.atelier.weights.download.WeightsCache;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/api.md's example answer of {@code GET /api/methods} is the server's own: every method, field
 * and option it shows has the value the server gives (it shows a part; {@code "..."} stands for a
 * description). It once showed a backbone default and choices the server had long stopped giving.
 */
class ApiDocsTest {
    private static final String ELIDED = "...";

    @TempDir
    Path folder;

    @Test
    void theMethodsExampleIsTheServersAnswer() throws IOException {
        JsonObject example = exampleAfter("### `GET /api/methods`");
        ModelStore models = new ModelStore(new WeightsCache(folder.resolve("home")), DownloadSettings.defaults(), null,
                false);
        JsonObject real;
        try (StudioServer server = StudioServer.start(StudioOptions.builder().optPort(0)
                .optDataFolder(folder.resolve("studio")).build(),
                JobExecutors.fromLibrary(new Atelier(models), ReadOptions.defaults()))) {
            real = new StudioClient(server.port()).get("/api/methods").json();
        }

        JsonArray shown = example.getAsJsonArray("methods");
        assertThat(shown).isNotEmpty();
        for (JsonElement method : shown) {
            String name = method.getAsJsonObject().get("name").getAsString();
            JsonObject served = named(real.getAsJsonArray("methods"), name);
            assertThat(served).as("the server's method " + name).isNotNull();
            assertPartOf(method.getAsJsonObject(), served, name);
        }
    }

    /** Every field of {@code shown} is in {@code served} with the same value; lists of named things match by name. */
    private static void assertPartOf(JsonObject shown, JsonObject served, String where) {
        for (Map.Entry<String, JsonElement> field : shown.entrySet()) {
            String path = where + "." + field.getKey();
            JsonElement value = field.getValue();
            assertThat(served.has(field.getKey())).as(path + " (the server answers " + served + ")").isTrue();
            JsonElement real = served.get(field.getKey());
            if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString() && value.getAsString().equals(ELIDED)) {
                continue;
            }
            if (value.isJsonArray() && !value.getAsJsonArray().isEmpty()
                    && value.getAsJsonArray().get(0).isJsonObject()) {
                for (JsonElement item : value.getAsJsonArray()) {
                    String name = item.getAsJsonObject().get("name").getAsString();
                    JsonObject match = named(real.getAsJsonArray(), name);
                    assertThat(match).as(path + " " + name + " (the server answers " + real + ")").isNotNull();
                    assertPartOf(item.getAsJsonObject(), match, path + "." + name);
                }
                continue;
            }
            assertThat(value).as(path + " (the server answers " + served + ")").isEqualTo(real);
        }
    }

    private static JsonObject named(JsonArray items, String name) {
        for (JsonElement item : items) {
            if (item.getAsJsonObject().get("name").getAsString().equals(name)) {
                return item.getAsJsonObject();
            }
        }
        return null;
    }

    /** The first JSON block after {@code heading} in docs/api.md. */
    private static JsonObject exampleAfter(String heading) throws IOException {
        String text = Files.readString(SharedFiles.projectRoot().resolve("docs/api.md"), StandardCharsets.UTF_8);
        int at = text.indexOf(heading);
        assertThat(at).as(heading + " in docs/api.md").isNotNegative();
        int start = text.indexOf("```json\n", at) + "```json\n".length();
        int end = text.indexOf("```", start);
        return JsonParser.parseString(text.substring(start, end)).getAsJsonObject();
    }
}
