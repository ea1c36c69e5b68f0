package dev.atelier.studio;

/**
 * The most a clip submitted to the studio may hold, checked from its container before any frame is
 * decoded (see {@link StudioOptions}): a web studio shares its cores with everyone who uses it, so a
 * clip is bounded by what it costs to repaint, frame by frame.
 *
 * @param seconds longest duration
 * @param frames most frames
 * @param pixels most pixels a frame may have (width times height)
 */
public record ClipLimits(double seconds, int frames, long pixels) {
}
