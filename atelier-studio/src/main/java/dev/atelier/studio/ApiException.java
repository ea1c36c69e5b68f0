package dev.atelier.studio;

/**
 * A request the studio refuses; answered with {@code status} and the JSON body
 * {@code {"error": message, "field": field}}.
 */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String field;

    ApiException(int status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    static ApiException badRequest(String field, String message) {
        return new ApiException(400, field, message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, null, message);
    }

    int status() {
        return status;
    }

    /** The request field at fault, or {@code null}. */
    String field() {
        return field;
    }
}
