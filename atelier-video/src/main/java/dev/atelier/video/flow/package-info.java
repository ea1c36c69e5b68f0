/**
 * Optical flow in plain Java: DIS (Kroeger et al., "Fast Optical Flow using Dense Inverse Search",
 * ECCV 2016) on grey images, warping by the flow, and Ruder et al.'s check of where a flow can be
 * trusted (forward-backward consistency and motion boundaries).
 */
package dev.atelier.video.flow;
