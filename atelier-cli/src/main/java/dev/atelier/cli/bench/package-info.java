/**
 * {@code atelier bench}: the measurements behind BENCHMARKS.md (matrix-multiply peak, Gatys
 * iteration cost and overhead, loss-versus-time curves, resident memory over long runs,
 * feed-forward speed). Benchmarks, not tests: they report figures and assert nothing.
 */
package dev.atelier.cli.bench;
