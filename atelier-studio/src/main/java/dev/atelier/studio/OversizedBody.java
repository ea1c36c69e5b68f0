package dev.atelier.studio;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * How the studio refuses a request body over its limit so that the client reads the refusal.
 *
 * <p>Answering 413 and closing the connection while the client is still sending loses the answer
 * now and then: the client, meeting the closed connection while it writes, gives up on the
 * exchange ("header parser received no bytes" in Java's client, a reset in a browser) instead of
 * reading the one line saying which limit was passed. Here the rest of the body is read and thrown
 * away first, as web servers' "lingering close" does, so the answer arrives and the connection
 * stays usable. Nothing is kept, so no size needs bounding; the time does: a body still arriving
 * after {@link #LINGER} is left unread and the connection closed after the answer, and Jetty's idle
 * timeout ends a client that stops sending mid-body.
 */
final class OversizedBody {
    static final Duration LINGER = Duration.ofSeconds(10);
    private static final int CHUNK = 64 * 1024;

    private OversizedBody() {}

    /**
     * Reads and discards what is left of a body refused from its declared length, before anything
     * read it, for at most {@link #LINGER}, and marks the connection to close when the body did not
     * end by then (or could not be read).
     */
    static void discard(Context ctx) {
        if (!drained(ctx, System.nanoTime() + LINGER.toNanos())) {
            ctx.header("Connection", "close");
        }
    }

    /**
     * As {@link #discard}, for a body the multipart parser stopped reading: the connection is then
     * closed after the answer all the same (Jetty does not reuse it after a failed parse, and a
     * client told so does not send its next request down it), but only once the body has been read.
     */
    static void discardAndClose(Context ctx) {
        drained(ctx, System.nanoTime() + LINGER.toNanos());
        ctx.header("Connection", "close");
    }

    private static boolean drained(Context ctx, long deadline) {
        byte[] chunk = new byte[CHUNK];
        try {
            InputStream body = ctx.req().getInputStream();
            while (System.nanoTime() - deadline < 0) {
                if (body.read(chunk) < 0) {
                    return true;
                }
            }
            return false;
        } catch (IOException | IllegalStateException unreadable) {
            // A broken stream, or one the multipart parser already holds in another form.
            return false;
        }
    }
}
