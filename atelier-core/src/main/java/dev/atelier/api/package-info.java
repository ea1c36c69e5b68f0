/**
 * The one way into Atelier: {@link dev.atelier.api.Atelier} takes a request (the method, its
 * inputs, its options by name and its outputs), checks all of it before any work starts, resolves
 * models by name, runs with a {@link dev.atelier.progress.RunListener} and a
 * {@link dev.atelier.Cancellation}, and writes the image, its report and any extras. The command line,
 * the batch and the web studio only translate their own inputs into requests.
 *
 * <p>{@link dev.atelier.api.Methods} is the one registry of methods: a new method is a package of its
 * own and one line there.
 */
package dev.atelier.api;
