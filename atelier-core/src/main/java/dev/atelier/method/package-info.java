/**
 * What every style transfer method offers the entry point ({@code dev.atelier.api.Atelier}): its
 * options ({@link dev.atelier.method.StyleMethod#options()}), and sessions that load its networks
 * once and repaint any number of photos ({@link dev.atelier.method.MethodSession}). Methods that
 * train networks also offer a {@link dev.atelier.method.TrainingMethod}.
 *
 * <p>Each method lives in a sub-package of its own ({@code gatys}, {@code feedforward},
 * {@code adain}, …) and none imports another; the entry point's registry lists them.
 */
package dev.atelier.method;
