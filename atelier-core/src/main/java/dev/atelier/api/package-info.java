/**
 * The one way into Atelier, in three steps as DJL splits criteria, model and predictor:
 * {@link dev.atelier.api.Atelier#plan a plan} checks a request whole before any work (the one place
 * every front end validates); {@link dev.atelier.api.Stylist an open stylist} holds a method's networks
 * and repaints pictures in memory, writing nothing; {@link dev.atelier.api.Atelier#run a run} puts a
 * plan on a stylist with a {@link dev.atelier.progress.RunListener} and a {@link dev.atelier.Cancellation}
 * and writes the plan's outputs. The command line, the batch and the web studio only translate their
 * own inputs into requests.
 *
 * <p>{@link dev.atelier.api.Methods} is the one registry of methods: a new method is a package of its
 * own and one line there.
 */
package dev.atelier.api;
