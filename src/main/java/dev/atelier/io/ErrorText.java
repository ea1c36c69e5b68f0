package dev.atelier.io;

/** Turns library exceptions into text that fits in a one-line user message. */
final class ErrorText {

    private ErrorText() {
    }

    /** The failure's message (or its cause's, or its type's name), on one line. */
    static String summary(Throwable failure) {
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            Throwable cause = failure.getCause();
            message = cause != null && cause.getMessage() != null && !cause.getMessage().isBlank()
                    ? cause.getMessage() : failure.getClass().getSimpleName();
        }
        return oneLine(message);
    }

    static String oneLine(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }
}
