/**
 * Video through the entry point: a clip or a frame sequence repainted with any method, frame by
 * frame on one open {@link dev.atelier.api.Stylist}, held steady by optical flow (Ruder, Dosovitskiy
 * and Brox, "Artistic style transfer for videos", GCPR 2016), with the sound copied and the run
 * resumable. {@link dev.atelier.video.Videos} plans and runs; the subpackages hold FFmpeg's
 * subprocesses ({@code ffmpeg}), the optical flow ({@code flow}), frame sequences ({@code sequence})
 * and what ties frames together ({@code temporal}). The core knows nothing of this module.
 */
package dev.atelier.video;
