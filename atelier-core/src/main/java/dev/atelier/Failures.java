package dev.atelier;

/** Turning any failure into what a user reads: one line, and out-of-memory recognised as such. */
public final class Failures {
    private Failures() {}

    /**
     * The failure's message on one line: an {@link AtelierException}'s own, an out-of-memory failure
     * said in words, anything else with its type (it is likely a bug, and the type helps the report).
     */
    public static String oneLine(Throwable failure) {
        if (failure instanceof AtelierException) {
            return flatten(failure.getMessage());
        }
        if (isOutOfMemory(failure)) {
            return "out of memory; try a smaller size";
        }
        String message = summary(failure);
        return failure.getMessage() == null || failure.getMessage().isBlank() ? message
                : failure.getClass().getSimpleName() + ": " + message;
    }

    /** The message of a failure (or its cause's, or its type's name), on one line. */
    public static String summary(Throwable failure) {
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            Throwable cause = failure.getCause();
            message = cause != null && cause.getMessage() != null && !cause.getMessage().isBlank()
                    ? cause.getMessage() : failure.getClass().getSimpleName();
        }
        return flatten(message);
    }

    /** Whether the JVM or the native engine ran out of memory anywhere in the chain of causes. */
    public static boolean isOutOfMemory(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage());
            if (cause instanceof OutOfMemoryError || message.contains("DefaultCPUAllocator: can't allocate memory")
                    || message.contains("not enough memory")) {
                return true;
            }
        }
        return false;
    }

    /** Text with line breaks and runs of spaces made single spaces. */
    public static String flatten(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s+", " ");
    }
}
