package dev.atelier.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

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

    /** Moves an array computed in this step to the state's manager, where it outlives the step. */
    NDArray keep(NDArray array) {
        array.attach(state);
        return array;
    }

    @Override
    public void close() {
        scope.close();
    }
}
