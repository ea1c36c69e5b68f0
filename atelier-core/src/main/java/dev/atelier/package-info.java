/**
 * Atelier: neural style transfer for the JVM. The library (the {@code atelier-core} module) is these
 * packages, each depending only on those listed before it, except {@code api}, which ties them
 * together:
 * <ul>
 *   <li>{@code dev.atelier}: the one-line exceptions every front end maps to exit codes and HTTP
 *       statuses, {@link dev.atelier.Cancellation}, and {@link dev.atelier.ThreadBinding}, how a
 *       run's cancellation and device reach the code below it;</li>
 *   <li>{@code io}: images (decoding with EXIF orientation, resampling, formats, atomic writes);</li>
 *   <li>{@code color}: colour statistics and transfer, luminance;</li>
 *   <li>{@code progress}: the run events every method, batch, training run and download sends;</li>
 *   <li>{@code options}: options as data (schemas, value types, defaults written once);</li>
 *   <li>{@code weights}, {@code weights.tflite}, {@code weights.torch7}, {@code weights.download}:
 *       weight file formats read without executing anything, downloads and the verified cache;</li>
 *   <li>{@code models}: the catalogue of models by name and the store that resolves them;</li>
 *   <li>{@code report}: the one report schema, strict JSON, loss plots;</li>
 *   <li>{@code nn}: VGG and the network blocks several methods share;</li>
 *   <li>{@code tiling}: overlapping tiles and their feathered blend, the memory a pass may plan on,
 *       and one-pass networks run whole, in tiles or refused as memory allows;</li>
 *   <li>{@code loss}, {@code optim}: loss terms, L-BFGS and Adam;</li>
 *   <li>{@code training}: the training loop trainable methods share;</li>
 *   <li>{@code method}: what every method offers and the rules they share; one package per method,
 *       with its networks: {@code method.gatys}, {@code method.feedforward}, {@code method.adain},
 *       {@code method.magenta} (they do not import each other);</li>
 *   <li>{@code output}: the files a run writes, one class per kind;</li>
 *   <li>{@code batch}: every photo with every style into a folder, resumable;</li>
 *   <li>{@code api}: the one entry point (plans, stylists, runs) and the registry of methods.</li>
 * </ul>
 * The web studio ({@code dev.atelier.studio}, module {@code atelier-studio}), video ({@code
 * dev.atelier.video}, module {@code atelier-video}), the batch on Spark ({@code dev.atelier.spark},
 * module {@code atelier-spark}) and the command line ({@code dev.atelier.cli}, module {@code
 * atelier-cli}) are front ends over {@code api}; no library package knows them.
 */
package dev.atelier;
