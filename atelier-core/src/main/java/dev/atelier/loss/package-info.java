/**
 * Perceptual loss terms (Gatys et al., "Image Style Transfer Using Convolutional Neural
 * Networks", CVPR 2016): content as the mean squared feature difference, style as the distance
 * between Gram matrices per layer, and total variation. Terms compose, each with its weight, into
 * a {@link dev.atelier.loss.PerceptualObjective} that returns the loss and its gradient.
 */
package dev.atelier.loss;
