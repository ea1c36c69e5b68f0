package dev.atelier.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;

/**
 * Native memory for one optimizer step. DJL attaches an operation's result to its first operand's
 * manager, so arithmetic on long-lived state would pile results into the state's manager and grow
 * memory every iteration. A step scope temporarily adopts the state arrays (DJL's
 * {@code tempAttach}), so results land here and are freed when the step ends; the few results worth
 * keeping are moved to the state's manager with {@link #keep}.
 */
final class StepScope implements AutoCloseable {
    private final NDManager state;
    private final NDManager scope;
    private final List<NDArray> kept = new ArrayList<>();

    StepScope(NDManager state, Iterable<NDArray> stateArrays) {
        this.state = state;
        this.scope = state.newSubManager();
        for (NDArray array : stateArrays) {
            scope.tempAttachAll(array);
        }
    }

    NDManager manager() {
        return scope;
    }

    /**
     * Marks an array computed in this step to outlive it: it moves to the state's manager when the
     * step ends. Until then it stays here, so arithmetic on it later in the step lands here too.
     */
    NDArray keep(NDArray array) {
        kept.add(array);
        return array;
    }

    @Override
    public void close() {
        for (NDArray array : kept) {
            if (!array.isReleased()) {
                array.attach(state);
            }
        }
        scope.close();
    }
}
