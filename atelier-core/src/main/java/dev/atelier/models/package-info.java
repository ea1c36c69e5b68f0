/**
 * Pretrained models by name: the {@link dev.atelier.models.ModelCatalog} of every file Atelier knows
 * (where it is published, its size and SHA-256), and the {@link dev.atelier.models.ModelStore} that
 * turns a name into a verified local file, from the cache, a mirror ({@code ATELIER_MIRROR}) or its
 * public home, or takes a path to the user's own file.
 */
package dev.atelier.models;
