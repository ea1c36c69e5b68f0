package dev.atelier.api;

import dev.atelier.Cancellation;
import dev.atelier.io.RgbImage;
import dev.atelier.method.TemporalTarget;
import dev.atelier.progress.RunListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * How one photo is repainted beyond the stylist's options: where each painting goes, where an
 * optimisation starts, who hears of progress, and when to stop. Immutable; built DJL-style; every
 * part is optional.
 *
 * @param masks empty, or one picture per style whose brightness says where that style goes
 * @param initImage where an optimisation starts (an earlier result, say), or {@code null} for its
 *     option's choice
 * @param checkpoint where an optimisation keeps what a stopped run needs to continue, resuming from
 *     it when it exists; {@code null} for none (nothing is written then)
 * @param listener receives progress, pictures as they form (when it {@linkplain RunListener#wantsImages()
 *     wants them} or {@code imageWanted} asks) and warnings, on the calling thread
 * @param cancellation checked between steps; the result is then the best so far, marked cancelled
 * @param imageWanted steps after which to send the picture as it stands, beyond what the listener wants
 * @param item what is being made, for events (a batch pair's name, a frame's number)
 * @param temporal what an optimisation's result should stay close to, and where (a video's previous
 *     frame warped into this one, weighted by the flow's reliability), or {@code null} for nothing
 */
public record StylizeControls(List<RgbImage> masks, RgbImage initImage, Path checkpoint, RunListener listener,
        Cancellation cancellation, LongPredicate imageWanted, String item, TemporalTarget temporal) {

    public StylizeControls {
        masks = List.copyOf(masks);
    }

    /** No masks, no start image, no checkpoint, nobody listening, never cancelled. */
    public static StylizeControls none() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder in DJL's style. */
    public static final class Builder {
        private final List<RgbImage> masks = new ArrayList<>();
        private RgbImage initImage;
        private Path checkpoint;
        private RunListener listener = RunListener.silent();
        private Cancellation cancellation = Cancellation.never();
        private LongPredicate imageWanted = step -> false;
        private String item = "";
        private TemporalTarget temporal;

        private Builder() {}

        public Builder optMasks(List<RgbImage> value) {
            masks.addAll(value);
            return this;
        }

        public Builder optInitImage(RgbImage value) {
            initImage = value;
            return this;
        }

        public Builder optCheckpoint(Path value) {
            checkpoint = value;
            return this;
        }

        public Builder optListener(RunListener value) {
            listener = value;
            return this;
        }

        public Builder optCancellation(Cancellation value) {
            cancellation = value;
            return this;
        }

        public Builder optImageWanted(LongPredicate value) {
            imageWanted = value;
            return this;
        }

        public Builder optItem(String value) {
            item = value;
            return this;
        }

        /** Ruder et al.'s temporal constraint, for methods that optimise (gatys). */
        public Builder optTemporal(TemporalTarget value) {
            temporal = value;
            return this;
        }

        public StylizeControls build() {
            return new StylizeControls(masks, initImage, checkpoint, listener, cancellation, imageWanted, item,
                    temporal);
        }
    }
}
