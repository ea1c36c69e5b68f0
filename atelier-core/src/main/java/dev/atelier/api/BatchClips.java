package dev.atelier.api;

import dev.atelier.batch.ClipFiles;
import dev.atelier.batch.ClipInput;
import dev.atelier.batch.PairContext;
import dev.atelier.batch.PairResult;

/**
 * Clips among a batch's photos, repainted by a module the core does not know: atelier-video's
 * {@code VideoBatchClips}, handed in by a front end ({@link BatchRequest.Builder#optClips}). The entry
 * point binds it to the batch's one {@link Stylist}, so the batch never sees a stylist and the video
 * module never sees the runner: the batch keeps its rules (names, manifest, reruns, failures per pair,
 * contact sheet, index page), the video module its own (probing, limits, flow, encoding, sound, resuming
 * a clip from its finished frames).
 */
public interface BatchClips extends ClipFiles {

    /**
     * Repaints one clip with one style on an open stylist (which stays open), writing the clip and its
     * report; a clip whose earlier run was stopped continues from its finished frames.
     *
     * @param command what made the pairs, for the report ({@code batch}, {@code stylize})
     * @return the clip's report and, when cheap, a still for the contact sheet; cancelled when the
     *     context's cancellation stopped it
     * @throws RuntimeException when this pair cannot be made (a clip FFmpeg cannot read, a limit
     *     exceeded, FFmpeg missing): only this pair fails
     */
    PairResult stylize(Stylist stylist, String command, ClipInput input, PairContext context);
}
