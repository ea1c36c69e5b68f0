package dev.atelier.studio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.InvalidOptionException;
import dev.atelier.studio.AccessGuard.Request;
import dev.atelier.studio.AccessGuard.Verdict;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may use the studio: anyone on this machine by default, only token holders once it listens wider. */
class AccessGuardTest {
    private static final String TOKEN = "s3cret-token-for-tests";

    @TempDir
    Path data;

    @Test
    void withoutATokenOnlyRequestsAddressedToThisMachineAreServed() {
        AccessGuard open = new AccessGuard(null);

        assertThat(open.check(get("127.0.0.1:8080"))).isEqualTo(Verdict.ALLOW);
        assertThat(open.check(get("localhost:8080"))).isEqualTo(Verdict.ALLOW);
        assertThat(open.check(get("[::1]:8080"))).isEqualTo(Verdict.ALLOW);
        // DNS rebinding: a foreign name resolved to 127.0.0.1 by an attacker's DNS.
        assertThat(open.check(get("evil.example:8080"))).isEqualTo(Verdict.FOREIGN);
        assertThat(open.check(get(null))).isEqualTo(Verdict.FOREIGN);
    }

    @Test
    void anotherSiteCannotPostOrCancelJobs() {
        AccessGuard open = new AccessGuard(null);

        assertThat(open.check(new Request("POST", "127.0.0.1:8080", "http://127.0.0.1:8080", null, null, null)))
                .isEqualTo(Verdict.ALLOW);
        assertThat(open.check(new Request("POST", "127.0.0.1:8080", "https://evil.example", null, null, null)))
                .isEqualTo(Verdict.FOREIGN);
        assertThat(open.check(new Request("DELETE", "127.0.0.1:8080", "null", null, null, null)))
                .isEqualTo(Verdict.FOREIGN);
        assertThat(open.check(new Request("POST", "localhost", "http://localhost:80", null, null, null)))
                .isEqualTo(Verdict.ALLOW);
    }

    @Test
    void withATokenEveryRequestMustCarryIt() {
        AccessGuard guarded = new AccessGuard(TOKEN);

        assertThat(guarded.check(get("192.168.1.5:8080"))).isEqualTo(Verdict.NO_TOKEN);
        assertThat(guarded.check(new Request("GET", "h", null, "Bearer " + TOKEN, null, null)))
                .isEqualTo(Verdict.ALLOW);
        assertThat(guarded.check(new Request("GET", "h", null, "bearer " + TOKEN, null, null)))
                .isEqualTo(Verdict.ALLOW);
        assertThat(guarded.check(new Request("GET", "h", null, null, TOKEN, null))).isEqualTo(Verdict.ALLOW);
        assertThat(guarded.check(new Request("GET", "h", null, "Bearer wrong", "wrong", null)))
                .isEqualTo(Verdict.NO_TOKEN);
        assertThat(guarded.check(new Request("GET", "h", null, "Basic " + TOKEN, null, null)))
                .isEqualTo(Verdict.NO_TOKEN);
        assertThat(guarded.check(new Request("GET", "h", null, null, null, TOKEN)))
                .isEqualTo(Verdict.ALLOW_AND_REMEMBER);
        assertThat(guarded.check(new Request("POST", "h", null, null, null, TOKEN))).isEqualTo(Verdict.NO_TOKEN);
    }

    @Test
    void theTokenRedirectGoesToAPathOnThisServer() {
        assertThat(AccessGuard.localPath("/")).isEqualTo("/");
        assertThat(AccessGuard.localPath("/api/health")).isEqualTo("/api/health");
        assertThat(AccessGuard.localPath("//evil.example/")).isEqualTo("/evil.example/");
        assertThat(AccessGuard.localPath("/\\evil.example/")).isEqualTo("/evil.example/");
        assertThat(AccessGuard.localPath("\\\\evil.example\\x")).isEqualTo("/evil.example/x");
        assertThat(AccessGuard.localPath("/\\/\\evil.example")).isEqualTo("/evil.example");
        assertThat(AccessGuard.localPath("")).isEqualTo("/");
        assertThat(AccessGuard.localPath(null)).isEqualTo("/");
    }

    @Test
    void listeningBeyondLoopbackNeedsAToken() {
        assertThatThrownBy(() -> StudioOptions.builder().optHost("0.0.0.0").optDataFolder(data).build())
                .isInstanceOf(InvalidOptionException.class)
                .hasMessage("token: is required to listen on 0.0.0.0, which is not a loopback address");
        assertThat(StudioOptions.builder().optHost("0.0.0.0").optToken(TOKEN).optDataFolder(data).build().loopback())
                .isFalse();
        assertThat(StudioOptions.defaults(data).loopback()).isTrue();
        assertThat(StudioOptions.newToken()).hasSize(43).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void aStudioOnEveryAddressAnswers401WithoutTheTokenAndServesWithIt() {
        try (StudioServer server = StudioServer.start(StudioOptions.builder().optHost("0.0.0.0").optPort(0)
                .optToken(TOKEN).optDataFolder(data).build(), new FakeExecutor(1))) {
            StudioClient stranger = new StudioClient("http://127.0.0.1:" + server.port(), null);
            StudioClient.Answer refused = stranger.get("/api/health");
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.json().get("error").getAsString()).contains("access token");
            assertThat(stranger.text(stranger.request("/")).statusCode()).isEqualTo(401);

            StudioClient holder = new StudioClient("http://127.0.0.1:" + server.port(), TOKEN);
            assertThat(holder.get("/api/health").status()).isEqualTo(200);

            // Opening the printed address sets the cookie and drops the token from the address bar.
            HttpResponse<String> opened = stranger.text(stranger.request("/?token=" + TOKEN));
            assertThat(opened.statusCode()).isEqualTo(302);
            assertThat(opened.headers().firstValue("Location")).hasValue("/");
            String cookie = opened.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(cookie).startsWith(AccessGuard.COOKIE + "=" + TOKEN).contains("HttpOnly", "SameSite=Strict");
            HttpResponse<String> page = stranger.text(stranger.request("/")
                    .header("Cookie", AccessGuard.COOKIE + "=" + TOKEN));
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<title>Atelier");
        }
    }

    private static Request get(String host) {
        return new Request("GET", host, null, null, null, null);
    }
}
