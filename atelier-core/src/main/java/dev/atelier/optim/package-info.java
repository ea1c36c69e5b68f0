/**
 * Optimisers for images and network parameters, written for NDArrays since DJL has no L-BFGS:
 * {@link dev.atelier.optim.Lbfgs} (two-loop recursion, strong-Wolfe line search as in Nocedal and
 * Wright, Numerical Optimization, algorithms 7.4 and 3.5–3.6), {@link dev.atelier.optim.Adam} and
 * its update rule {@link dev.atelier.optim.AdamRule} (Kingma and Ba 2015), shared with training.
 *
 * <p>Each step's temporaries live in a {@link dev.atelier.optim.StepScope}, closed when the step
 * ends, so a thousand iterations use the memory of one.
 */
package dev.atelier.optim;
