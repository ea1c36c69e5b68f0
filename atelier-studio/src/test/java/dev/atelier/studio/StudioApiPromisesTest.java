package dev.atelier.studio;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.Color;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API's small promises (docs/api.md): redirects stay on this server, indices and pages are
 * checked, every error is the API's JSON (the HTTP layer's own refusals too), and options are strict
 * JSON.
 */
class StudioApiPromisesTest {
    private static final String TOKEN = "promises-token-1234";

    @TempDir
    Path data;

    private StudioServer server;
    private StudioClient client;

    @BeforeEach
    void start() {
        server = StudioServer.start(StudioOptions.builder().optPort(0).optDataFolder(data).build(),
                new FakeExecutor(1));
        client = new StudioClient(server.port());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theTokenRedirectNeverLeavesThisServer() {
        server.close();
        server = StudioServer.start(StudioOptions.builder().optPort(0).optDataFolder(data).optToken(TOKEN).build(),
                new FakeExecutor(1));
        for (String path : List.of("//evil.example/", "///evil.example/x", "/\\evil.example/", "/\\/evil.example/")) {
            RawHttp.Answer answer = RawHttp.get(server.port(), path + "?token=" + TOKEN);
            if (path.contains("\\")) {
                // Jetty refuses a backslash in a path itself; should it ever pass one, it is folded too.
                assertThat(answer.status()).as(path).isIn(302, 303, 400);
                if (answer.status() == 400) {
                    assertThat(answer.header("Content-Type")).startsWith("application/json");
                    continue;
                }
            }
            assertThat(answer.status()).as(path).isIn(302, 303);
            String location = answer.header("Location");
            assertThat(location).as(path).startsWith("/").doesNotStartWith("//").doesNotContain("\\")
                    .doesNotStartWith("/\\");
            assertThat(location).as(path).isEqualTo("/evil.example/" + (path.endsWith("x") ? "x" : ""));
        }
        RawHttp.Answer plain = RawHttp.get(server.port(), "/?token=" + TOKEN);
        assertThat(plain.header("Location")).isEqualTo("/");
    }

    @Test
    void paintingsAreNumberedFromOneAndNoIndexReachesThePhoto() {
        long id = client.submitGatys(Color.RED, "{\"iterations\": 1}").id();
        client.awaitFinished(id);

        for (String n : List.of("0", "-1", "2", "99999999999", "00")) {
            StudioClient.Answer refused = client.get("/api/jobs/" + id + "/style/" + n);
            assertThat(refused.status()).as(n).isEqualTo(404);
            assertThat(refused.json().get("error").getAsString()).as(n)
                    .isEqualTo("job " + id + " has no painting " + n.replaceFirst("^0+(?=.)", "")
                            + " (paintings are numbered from 1; it has 1)");
        }
        assertThat(client.get("/api/jobs/" + id + "/style/x").json().get("field").getAsString()).isEqualTo("n");
        assertThat(client.bytes("/api/jobs/" + id + "/style/1").statusCode()).isEqualTo(200);
    }

    @Test
    void pagesAndLimitsAreCheckedNotWrappedAround() {
        long id = client.submitGatys(Color.RED, "{\"iterations\": 1}").id();
        client.awaitFinished(id);

        StudioClient.Answer far = client.get("/api/jobs?page=2147483647");
        assertThat(far.status()).isEqualTo(200);
        assertThat(far.json().getAsJsonArray("jobs")).isEmpty();
        assertThat(far.json().get("next_before").isJsonNull()).isTrue();
        assertThat(client.get("/api/jobs?page=1").json().getAsJsonArray("jobs")).hasSize(1);

        assertRefused(client.get("/api/jobs?page=0"), 400, "page", "must be between 1 and 2147483647, got 0");
        assertRefused(client.get("/api/jobs?page=99999999999"), 400, "page",
                "must be between 1 and 2147483647, got 99999999999");
        assertRefused(client.get("/api/jobs?limit=99999999999"), 400, "limit",
                "must be between 1 and 100, got 99999999999");
        assertRefused(client.get("/api/jobs?before=0"), 400, "before", "must be at least 1, got 0");
        assertRefused(client.get("/api/jobs?before=-3"), 400, "before", "must be at least 1, got -3");
        assertRefused(client.get("/api/jobs?page=2.5"), 400, "page", "expected a whole number, got '2.5'");
        assertRefused(client.get("/api/jobs/99999999999"), 404, null, "no job 99999999999");
        assertRefused(client.get("/api/jobs/99999999999999999999"), 400, "id",
                "expected a whole number, got '99999999999999999999'");
    }

    /** Paths Jetty itself refuses (a NUL, an encoded slash or dot segment) are answered as the API answers. */
    @Test
    void theHttpLayersOwnRefusalsAreTheApisJson() {
        for (String target : List.of("/api/jobs/%00", "/api/jobs%2F1", "/api/jobs/1/%2e%2e/%2e%2e/x",
                "/static/..%2Fstudio.db", "/api/jobs/1/style/%2e%2e%2f1", "/%")) {
            RawHttp.Answer answer = RawHttp.get(server.port(), target);
            assertThat(answer.status()).as(target + " " + answer.body()).isBetween(400, 499);
            assertThat(answer.header("Content-Type")).as(target + " " + answer.body()).startsWith("application/json");
            JsonObject body = JsonParser.parseString(answer.body()).getAsJsonObject();
            assertThat(body.keySet()).as(target).containsExactlyInAnyOrder("error", "field");
            assertThat(body.get("error").getAsString()).as(target).isNotBlank().doesNotContain("<");
        }
        for (String target : List.of("/nothing-here", "/static/nothing.js", "/api/nothing")) {
            RawHttp.Answer answer = RawHttp.get(server.port(), target);
            assertThat(answer.status()).as(target).isEqualTo(404);
            assertThat(answer.header("Content-Type")).as(target + " " + answer.body()).startsWith("application/json");
        }
        RawHttp.Answer badVersion = RawHttp.send(server.port(), "GET / HTTP/7.3\r\nHost: 127.0.0.1\r\n\r\n");
        assertThat(badVersion.status()).isBetween(400, 505);
        assertThat(badVersion.header("Content-Type")).startsWith("application/json");
    }

    @Test
    void optionsMustBeStrictJsonWithEachKeyOnce() {
        assertRefused(submit("{size: 64}"), 400, "options", "is not strict JSON");
        assertRefused(submit("{'size': 64}"), 400, "options", "is not strict JSON");
        assertRefused(submit("{\"size\": 'big'}"), 400, "options", "is not strict JSON");
        assertRefused(submit("{\"size\": 64} // small"), 400, "options", "is not strict JSON");
        assertRefused(submit("{\"size\": 64,}"), 400, "options", "is not strict JSON");
        assertRefused(submit("{\"size\": 64, \"iterations\": 2, \"size\": 128}"), 400, "options.size",
                "size is given twice");
        assertThat(client.get("/api/jobs").json().get("total").getAsInt()).isZero();
        assertThat(submit("{\"size\": 64, \"iterations\": 2}").status()).isEqualTo(202);
    }

    private StudioClient.Answer submit(String options) {
        return client.submitGatys(Color.GREEN, options);
    }

    private static void assertRefused(StudioClient.Answer answer, int status, String field, String message) {
        assertThat(answer.status()).as(answer.json().toString()).isEqualTo(status);
        assertThat(answer.json().get("error").getAsString()).contains(message);
        if (field == null) {
            assertThat(answer.json().get("field").isJsonNull()).as(answer.json().toString()).isTrue();
        } else {
            assertThat(answer.json().get("field").getAsString()).isEqualTo(field);
        }
    }

    @SuppressWarnings("unused")
    private static boolean json(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
    }
}
