/**
 * Fetching pretrained weights files on first use and keeping them in a local cache.
 *
 * <p>{@link dev.atelier.weights.download.KnownWeights} describes each downloadable artifact and
 * the mirrors it can come from, {@link dev.atelier.weights.download.WeightsCache} says where files
 * live ({@code $ATELIER_HOME/weights}, default {@code ~/.atelier/weights}) and which are already
 * verified, and {@link dev.atelier.weights.download.Downloader} fetches the missing ones.
 *
 * <p>Guarantees a user relies on: a file under its final name has always passed its SHA-256 check
 * (downloads go to {@code <name>.part} and are renamed atomically); an interrupted download resumes
 * with an HTTP range request next time; two processes never write the same file at once (an OS
 * file lock); and nothing is printed: progress and failures reach the caller through a
 * {@link dev.atelier.progress.RunListener} (download events) and one-line exception messages.
 */
package dev.atelier.weights.download;
