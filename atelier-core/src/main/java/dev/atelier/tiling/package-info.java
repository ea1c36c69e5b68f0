/**
 * Pictures larger than memory allows, made in tiles: the plan of overlapping tiles and their
 * feathered blend weights ({@link dev.atelier.tiling.TilePlan}), shared by the optimisation method
 * (which refines each scale tile by tile) and the one-pass methods; the memory a process may plan
 * on ({@link dev.atelier.tiling.MemoryBudget}); and, for the one-pass networks, the decision made
 * before any work to run whole, in tiles, or not at all ({@link dev.atelier.tiling.OnePassPlan}),
 * and the run itself: each tile with a halo that is cut away, feathered into its neighbours
 * ({@link dev.atelier.tiling.OnePassTiling}, {@link dev.atelier.tiling.FeatheredCanvas}).
 *
 * <p>Method packages use this one; it uses none of them, so they share tiling without importing
 * each other.
 */
package dev.atelier.tiling;
