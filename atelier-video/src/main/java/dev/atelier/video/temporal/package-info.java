/**
 * What ties one frame's result to the last: the motion between frames and its reliable share (scene
 * cuts), the blend of one-pass results with the warped previous result, and Lai et al.'s warping
 * error that measures flicker.
 */
package dev.atelier.video.temporal;
