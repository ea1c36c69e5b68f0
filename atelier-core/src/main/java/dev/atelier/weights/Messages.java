package dev.atelier.weights;

/** Text from weights files, made fit for a one-line user message. */
final class Messages {
    private Messages() {
    }

    /**
     * Text taken from a file, quoted and with line breaks escaped so the message stays one line. A
     * container is named by its type only: printing a crafted, deeply nested one would overflow the stack.
     */
    static String quoted(Object value) {
        if (!(value == null || value instanceof String || value instanceof Number || value instanceof Boolean)) {
            return PickleValues.typeName(value);
        }
        String text = String.valueOf(value);
        StringBuilder escaped = new StringBuilder("'");
        for (int i = 0; i < text.length() && i < 200; i++) {
            char c = text.charAt(i);
            escaped.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return escaped.append(text.length() > 200 ? "...'" : "'").toString();
    }
}
