package dev.atelier.method.gatys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.atelier.Cancellation;
import dev.atelier.optim.DifferentiableFunction;
import dev.atelier.optim.FunctionValue;
import dev.atelier.optim.Lbfgs;
import dev.atelier.optim.Scalars;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A stop requested during an L-BFGS line search takes effect before the next evaluation, not after the step. */
class StoppableObjectiveTest {

    @Test
    void aStopDuringALineSearchEndsTheStepBeforeItsNextEvaluationLeavingTheLastIterate() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray curvature = manager.create(new float[] {1, 10, 100, 1000});
            NDArray centre = manager.create(new float[] {1, 2, 3, 4});
            AtomicInteger evaluations = new AtomicInteger();
            Cancellation cancellation = new Cancellation();
            int stopDuring = 4;
            // f(x) = Σ c (x − m)², gradient 2 c (x − m); asks for a stop while computing its fourth value.
            DifferentiableFunction<Void> quadratic = (point, scope) -> {
                if (evaluations.incrementAndGet() == stopDuring) {
                    cancellation.request();
                }
                NDArray offset = point.sub(centre);
                double value = Scalars.toDouble(offset.square().mul(curvature).sum());
                NDArray gradient = offset.mul(curvature).mul(2);
                gradient.attach(scope);
                return new FunctionValue<>(value, gradient, null);
            };
            try (Lbfgs<Void> optimizer = new Lbfgs<>(new StoppableObjective<>(quadratic, cancellation),
                    Lbfgs.Settings.defaults(), manager)) {
                optimizer.start(manager.zeros(new ai.djl.ndarray.types.Shape(4)));
                float[] before = null;
                boolean stopped = false;
                for (int step = 0; step < 20 && !stopped; step++) {
                    before = optimizer.point().toFloatArray();
                    try {
                        optimizer.step();
                    } catch (StoppableObjective.Stopped expected) {
                        stopped = true;
                    }
                }
                assertThat(stopped).isTrue();
                assertThat(evaluations.get()).as("no evaluation after the one that saw the stop").isEqualTo(stopDuring);
                assertThat(optimizer.point().toFloatArray()).as("the point is the last iterate").isEqualTo(before);
                assertThatThrownBy(optimizer::step).isInstanceOf(StoppableObjective.Stopped.class);
                assertThat(evaluations.get()).isEqualTo(stopDuring);
            }
        }
    }
}
