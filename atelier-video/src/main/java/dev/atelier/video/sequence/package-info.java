/** Frame sequences as clips: a folder of pictures in natural order, or a printf pattern, read and written. */
package dev.atelier.video.sequence;
