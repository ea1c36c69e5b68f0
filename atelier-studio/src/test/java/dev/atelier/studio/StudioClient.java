package dev.atelier.studio;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.Color;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Drives the studio's API over HTTP with the JDK's client, as any script would. */
final class StudioClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;

    StudioClient(String base, String token) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token;
    }

    StudioClient(int port) {
        this("http://127.0.0.1:" + port, null);
    }

    /** A JSON answer. */
    record Answer(int status, JsonObject json) {
        long id() {
            return json.get("id").getAsLong();
        }

        String state() {
            return json.get("state").getAsString();
        }
    }

    /** One server-sent event. */
    record Event(String name, String data) {
        JsonObject json() {
            return JsonParser.parseString(data).getAsJsonObject();
        }
    }

    Answer submit(Multipart form) {
        return send(request("/api/jobs").header("Content-Type", form.contentType()).POST(form.publisher()));
    }

    /** A gatys job on a photo of {@code colour} and a grey painting. */
    Answer submitGatys(Color colour, String options) {
        return submit(new Multipart().field("method", "gatys").field("options", options)
                .file("content", "photo.png", "image/png", TestPictures.png(24, 16, colour))
                .file("style", "painting.jpg", "image/jpeg", TestPictures.jpeg(16, 16, Color.GRAY)));
    }

    Answer get(String path) {
        return send(request(path).GET());
    }

    Answer delete(String path) {
        return send(request(path).DELETE());
    }

    HttpResponse<byte[]> bytes(String path) {
        return send(request(path).GET(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The bytes of a request's answer, whatever it is. */
    HttpResponse<byte[]> bytes(HttpRequest.Builder request) {
        return send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> text(HttpRequest.Builder request) {
        return send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    /** Polls the job until {@code condition} holds. */
    Answer await(long id, Predicate<Answer> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Answer job = get("/api/jobs/" + id);
            if (condition.test(job)) {
                return job;
            }
            assertThat(System.nanoTime()).as("job %d still %s after %s", id, job.json(), timeout).isLessThan(deadline);
            sleep(20);
        }
    }

    Answer awaitFinished(long id) {
        return await(id, job -> List.of("done", "failed", "cancelled").contains(job.state()), Duration.ofSeconds(60));
    }

    /** Reads the job's event stream to its end. */
    List<Event> events(long id) {
        HttpResponse<InputStream> response = send(request("/api/jobs/" + id + "/events")
                .header("Accept", "text/event-stream").GET(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        List<Event> events = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String name = "message";
            StringBuilder data = new StringBuilder();
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        events.add(new Event(name, data.toString()));
                    }
                    name = "message";
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                }
            }
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
        return events;
    }

    /** Sends a request whose answer is JSON. */
    Answer send(HttpRequest.Builder request) {
        HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.headers().firstValue("Content-Type")).as(response.body())
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        return new Answer(response.statusCode(), JsonParser.parseString(response.body()).getAsJsonObject());
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request.build(), handler);
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
