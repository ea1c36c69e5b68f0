package dev.atelier.batch;

import dev.atelier.Cancellation;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;

/**
 * What a method may use while running a pair.
 *
 * @param cancellation checked by long methods between steps
 * @param progress receives the share of the current pair done, 0 to 1, for methods that take long
 * @param warnings receives things the user should know that do not stop the pair
 */
public record PairContext(Cancellation cancellation, DoubleConsumer progress, Consumer<String> warnings) {}
