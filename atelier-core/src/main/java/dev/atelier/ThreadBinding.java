package dev.atelier;

/**
 * A value made current for the calling thread until closed, which restores the thread's earlier one:
 * how an entry point hands its run's cancellation and device to code deep below it without every
 * signature in between carrying them.
 */
public interface ThreadBinding extends AutoCloseable {
    @Override
    void close();

    /** Makes {@code value} the thread's value of {@code current} until the binding closes. */
    static <T> ThreadBinding bind(ThreadLocal<T> current, T value) {
        T previous = current.get();
        current.set(value);
        return () -> {
            if (previous == null) {
                current.remove();
            } else {
                current.set(previous);
            }
        };
    }
}
