/**
 * Images in and out: reading JPEG and PNG files the way viewers show them ({@link
 * dev.atelier.io.ImageLoader}), the float CHW form the networks take ({@link
 * dev.atelier.io.RgbImage}), resizing and cropping ({@link dev.atelier.io.Resampler}), comparison
 * pictures and contact sheets ({@link dev.atelier.io.Compositor}), and all-or-nothing file writing
 * ({@link dev.atelier.io.ImageSaver}, {@link dev.atelier.io.AtomicFiles}) that the other packages
 * reuse for reports and model files.
 *
 * <p>Problems with the user's files are reported as one-line {@link dev.atelier.BadInputException}s
 * naming the file; misuse of the API (a crop larger than the image) as {@link
 * IllegalArgumentException}.
 */
package dev.atelier.io;
