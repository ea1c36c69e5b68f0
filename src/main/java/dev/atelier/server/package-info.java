/**
 * The web studio behind {@code atelier serve}: a JSON API and a page for stylising photos from a
 * browser, with a job queue persisted in SQLite.
 *
 * <p>The studio depends on the library through one narrow seam, {@link dev.atelier.server.JobExecutor}
 * (with {@link dev.atelier.server.JobSubmission}, {@link dev.atelier.server.JobFiles},
 * {@link dev.atelier.server.JobListener}, {@link dev.atelier.server.JobProgress},
 * {@link dev.atelier.server.JobOutcome}, {@link dev.atelier.server.MethodInfo},
 * {@link dev.atelier.server.MethodOption}, {@link dev.atelier.server.ModelInfo} and the two
 * exceptions); {@link dev.atelier.server.JobExecutors#fromLibrary()} supplies the real one. Everything
 * else here (queue, files, HTTP, page) knows nothing of methods or tensors.
 *
 * <p>The API is described in {@code docs/api.md}.
 */
package dev.atelier.server;
