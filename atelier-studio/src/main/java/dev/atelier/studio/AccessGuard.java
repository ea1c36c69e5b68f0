package dev.atelier.studio;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * Who may use the studio. Without a token (allowed only on a loopback address) anyone on this
 * machine may; with one, every request must carry it as {@code Authorization: Bearer <token>} or in
 * the {@code atelier_token} cookie, which the page gets by being opened once as
 * {@code /?token=<token>}.
 *
 * <p>Two browser attacks are refused as well: a page elsewhere posting jobs into a local studio
 * (a state-changing request whose {@code Origin} is not this server), and DNS rebinding (a request
 * to a tokenless studio addressed to a host name other than a loopback one).
 */
final class AccessGuard {
    static final String COOKIE = "atelier_token";

    /** What to do with a request. */
    enum Verdict {
        ALLOW,
        /** The token came in the query string: set the cookie and redirect to the same page without it. */
        ALLOW_AND_REMEMBER,
        /** 401: the token is missing or wrong. */
        NO_TOKEN,
        /** 403: the request comes from another site or is addressed to a foreign host name. */
        FOREIGN
    }

    /**
     * What a request carries that matters here; any may be {@code null}.
     *
     * @param method HTTP method
     * @param host the {@code Host} header
     * @param origin the {@code Origin} header
     * @param authorization the {@code Authorization} header
     * @param cookie the {@code atelier_token} cookie
     * @param queryToken the {@code token} query parameter
     */
    record Request(String method, String host, String origin, String authorization, String cookie,
            String queryToken) {
    }

    private final byte[] token;

    /** @param token the secret, or {@code null} for none */
    AccessGuard(String token) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    Verdict check(Request request) {
        if (changesState(request.method()) && request.origin() != null && !sameHost(request.origin(), request.host())) {
            return Verdict.FOREIGN;
        }
        if (token == null) {
            return loopbackHost(request.host()) ? Verdict.ALLOW : Verdict.FOREIGN;
        }
        String bearer = bearer(request.authorization());
        if (matches(bearer) || matches(request.cookie())) {
            return Verdict.ALLOW;
        }
        if (matches(request.queryToken()) && "GET".equalsIgnoreCase(request.method())) {
            return Verdict.ALLOW_AND_REMEMBER;
        }
        return Verdict.NO_TOKEN;
    }

    /**
     * Where the token redirect goes: {@code path} as a path on this server. A path that begins with
     * several slashes or a backslash ({@code //evil.example/}) is one a browser reads as another
     * host, so they are folded into one slash.
     */
    static String localPath(String path) {
        String rest = path == null ? "" : path.replaceFirst("^[/\\\\]+", "");
        return "/" + rest.replace('\\', '/').replaceFirst("^/+", "");
    }

    private boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
    }

    private static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String trimmed = authorization.trim();
        return trimmed.regionMatches(true, 0, "Bearer ", 0, 7) ? trimmed.substring(7).trim() : null;
    }

    private static boolean changesState(String method) {
        return !("GET".equalsIgnoreCase(method) || "HEAD".equalsIgnoreCase(method)
                || "OPTIONS".equalsIgnoreCase(method));
    }

    /** Whether an {@code Origin} ({@code scheme://host[:port]}) names the host the request was sent to. */
    private static boolean sameHost(String origin, String host) {
        if (host == null || "null".equals(origin)) {
            return false;
        }
        try {
            URI uri = URI.create(origin);
            if (uri.getHost() == null) {
                return false;
            }
            String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return authority.equalsIgnoreCase(host) || withoutDefaultPort(uri).equalsIgnoreCase(host);
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    private static String withoutDefaultPort(URI uri) {
        boolean defaultPort = uri.getPort() < 0 || ("http".equals(uri.getScheme()) && uri.getPort() == 80)
                || ("https".equals(uri.getScheme()) && uri.getPort() == 443);
        return defaultPort ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }

    /** Whether a {@code Host} header names this machine by a loopback name or address. */
    static boolean loopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[")) {
            int end = name.indexOf(']');
            name = end < 0 ? name : name.substring(1, end);
        } else if (name.indexOf(':') >= 0) {
            name = name.substring(0, name.indexOf(':'));
        }
        return name.equals("localhost") || name.endsWith(".localhost") || name.equals("::1")
                || name.matches("127(\\.[0-9]{1,3}){3}");
    }
}
