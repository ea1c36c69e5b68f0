/**
 * The files a run writes, one class per kind ({@link dev.atelier.output.Output}): the result image in
 * any writable format, the report, the loss plot, the side-by-side picture, intermediate images and the
 * optimisation's checkpoint. Each claims its files ({@link dev.atelier.output.OutputClaims}: never an
 * input, never another output) before any work, and writes itself atomically once the picture is made.
 */
package dev.atelier.output;
