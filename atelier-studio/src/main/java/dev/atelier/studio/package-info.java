/**
 * The web studio behind {@code atelier serve}: a JSON API and a page for stylising photos and clips
 * from a browser, with a job queue persisted in SQLite.
 *
 * <p>The studio depends on the library through one narrow seam, {@link dev.atelier.studio.JobExecutor}
 * (with {@link dev.atelier.studio.JobSubmission}, {@link dev.atelier.studio.JobFiles},
 * {@link dev.atelier.studio.JobOutcome}, {@link dev.atelier.studio.ClipLimits}, {@link dev.atelier.studio.MethodInfo},
 * {@link dev.atelier.studio.MethodOption}, {@link dev.atelier.studio.ModelOption},
 * {@link dev.atelier.studio.ModelInfo}, the two exceptions, and the library's run events in
 * {@code dev.atelier.progress}); {@link dev.atelier.studio.JobExecutors#fromLibrary} supplies the real
 * one, which plans and runs every job through {@code dev.atelier.api.Atelier} (a clip through
 * {@code dev.atelier.video.Videos}). Everything else here (queue, files, HTTP, page) knows nothing of
 * methods or tensors; it tells clips from photos by their names and keeps a clip's finished frames.
 *
 * <p>The API is described in {@code docs/api.md}.
 */
package dev.atelier.studio;
