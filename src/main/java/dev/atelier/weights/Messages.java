package dev.atelier.weights;

/** Turns library exceptions into text fit for a one-line user message. */
final class Messages {
    private Messages() {
    }

    /** The first line of the exception's message, or its type when it has none. */
    static String oneLine(Throwable error) {
        String message = error.getMessage();
        if (message == null || message.isBlank()) {
            return error.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }

    /** Text taken from a file, quoted and with line breaks escaped so the message stays one line. */
    static String quoted(Object value) {
        String text = String.valueOf(value);
        StringBuilder escaped = new StringBuilder("'");
        for (int i = 0; i < text.length() && i < 200; i++) {
            char c = text.charAt(i);
            escaped.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return escaped.append(text.length() > 200 ? "...'" : "'").toString();
    }
}
