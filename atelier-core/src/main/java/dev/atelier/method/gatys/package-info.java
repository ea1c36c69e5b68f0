/**
 * Style transfer by optimising the image (Gatys et al., CVPR 2016): the photo is repainted by
 * L-BFGS or Adam against a frozen VGG network's content and style losses, coarse to fine over
 * several scales, and tile by tile where a scale is larger than memory allows.
 * {@link dev.atelier.method.gatys.GatysStylizer} runs it, sending one
 * {@link dev.atelier.progress.StepFinished} per iteration to the run's listener; the options live,
 * with their defaults, in {@link dev.atelier.method.gatys.GatysOptions}; the plan of scales and tiles
 * is a {@link dev.atelier.method.gatys.RunPlan}; a {@link dev.atelier.method.gatys.GatysCheckpoint}
 * lets a long run resume where it stopped.
 */
package dev.atelier.method.gatys;
