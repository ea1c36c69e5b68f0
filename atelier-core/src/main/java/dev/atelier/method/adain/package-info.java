/**
 * Arbitrary style transfer with adaptive instance normalisation (Huang and Belongie, ICCV 2017):
 * a fixed VGG-19 encoder up to relu4_1, AdaIN giving the photo's features a painting's channel
 * statistics, and a trained decoder back to pixels, in one forward pass for any painting.
 *
 * <p>{@link dev.atelier.method.adain.AdainStylizer} stylizes (alpha, several styles, colour
 * preservation, masks); {@link dev.atelier.method.adain.AdainModels} reads the reference release
 * files ({@code vgg_normalised.pth}, {@code decoder.pth}) and Atelier's decoders and refuses pairs
 * that do not belong together; {@link dev.atelier.method.adain.AdainTrainer} trains a decoder with
 * the shared training loop.
 */
package dev.atelier.method.adain;
