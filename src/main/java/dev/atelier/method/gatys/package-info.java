/**
 * Style transfer by optimising the image (Gatys et al., CVPR 2016): the photo is repainted by
 * L-BFGS or Adam against a frozen VGG network's content and style losses, optionally coarse to fine
 * over several scales. {@link dev.atelier.method.gatys.GatysStylizer} runs it, sending one
 * {@link dev.atelier.method.gatys.IterationEvent} per iteration to a listener; the options live,
 * with their defaults, in {@link dev.atelier.method.gatys.GatysOptions}.
 */
package dev.atelier.method.gatys;
