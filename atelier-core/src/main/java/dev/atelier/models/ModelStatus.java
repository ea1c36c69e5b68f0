package dev.atelier.models;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A known model and what the cache holds of it.
 *
 * @param cachedFile its verified cached file, if any
 * @param recordedSha256 for a file without a published digest: the digest recorded at its first download
 */
public record ModelStatus(KnownModel model, Optional<Path> cachedFile, Optional<String> recordedSha256) {}
