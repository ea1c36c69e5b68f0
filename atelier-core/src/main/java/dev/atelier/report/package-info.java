/**
 * What a run leaves beside its output: the JSON sidecar (settings, versions, weights hash, seed,
 * losses) and loss plots.
 */
package dev.atelier.report;
