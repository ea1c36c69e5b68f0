package dev.atelier.studio;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The HTTP server's own refusals (a request line it cannot parse, a path with a NUL or an encoded
 * slash, an unknown HTTP version) answered as every other error of the API: the JSON body
 * {@code {"error": …, "field": null}}, never Jetty's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
    /** What the server says of a refusal: its status's reason, and Jetty's detail when it gives one. */
    static String describe(int status, String message) {
        String reason = HttpStatus.getMessage(status);
        String detail = message == null || message.isBlank() || message.equalsIgnoreCase(reason) ? null
                : message.replaceAll("\\p{Cntrl}", " ").strip();
        String text = "the server cannot serve this request: " + reason.toLowerCase(java.util.Locale.ROOT)
                + (detail == null ? "" : " (" + detail + ")");
        return text.length() > 300 ? text.substring(0, 300) : text;
    }

    static byte[] body(int status, String message) {
        JsonObject body = new JsonObject();
        body.addProperty("error", describe(status, message));
        body.add("field", JsonNull.INSTANCE);
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Every method gets its answer in JSON (Jetty writes a body for GET and POST only). */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        fields.put(HttpHeader.CACHE_CONTROL, "no-store");
        return ByteBuffer.wrap(body(status, reason));
    }
}
