/**
 * Batch style transfer: every pairing of a set of photos with a set of styles (or trained models),
 * run with any method through {@link dev.atelier.batch.PairMethod}, each result named after its
 * inputs and carrying its JSON report.
 *
 * <p>{@link dev.atelier.batch.BatchRunner} is built to be left alone for hours: images are read
 * lazily (a folder of thousands of photos never sits in memory), networks are loaded once, decoding
 * and encoding overlap the network on a second thread, and a manifest in the output folder, rewritten
 * atomically as pairs finish, lets a rerun of the same command skip finished pairs and redo only what
 * failed or was cut off. Results made with other settings are never silently mixed in. A contact
 * sheet and an {@code index.html} show the results as they arrive. Clips among the photos are
 * repainted into clips by a module the core does not know, through {@link dev.atelier.batch.ClipFiles}
 * and {@link dev.atelier.batch.PairMethod#stylizeClip}.
 *
 * <p>Library code: it never prints; progress arrives through {@link dev.atelier.batch.BatchListener}
 * as immutable events, and a {@link dev.atelier.Cancellation} stops it cleanly.
 */
package dev.atelier.batch;
