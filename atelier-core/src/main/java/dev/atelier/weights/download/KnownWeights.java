package dev.atelier.weights.download;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A pretrained weights file Atelier knows how to fetch (see {@code dev.atelier.models.ModelCatalog}):
 * its id, the sources to try in order, and roughly how big it is (so progress can be shown even when
 * a server does not say).
 *
 * @param id short stable name, e.g. {@code vgg19}; also names the lock file in the cache
 * @param sources tried first to last; later ones are mirrors, possibly in another file format
 * @param approximateBytes an estimate of the size, or 0 when unknown
 */
public record KnownWeights(String id, List<Source> sources, long approximateBytes) {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    public KnownWeights {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("weights id must be lower-case letters, digits, '.', '_' or '-': '"
                    + id + "'");
        }
        sources = List.copyOf(sources);
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("weights '" + id + "' need at least one source");
        }
        // Two sources may name one cache file only when they are the same file in two places (a mirror).
        Map<String, ExpectedSha256> digests = new HashMap<>();
        for (Source source : sources) {
            ExpectedSha256 earlier = digests.putIfAbsent(source.fileName(), source.sha256());
            if (earlier != null && !earlier.equals(source.sha256())) {
                throw new IllegalArgumentException("sources of weights '" + id + "' name one file '"
                        + source.fileName() + "' with different digests");
            }
        }
        if (approximateBytes < 0) {
            throw new IllegalArgumentException("approximate size cannot be negative: " + approximateBytes);
        }
    }

    /** The same weights with {@code mirror}'s copy of each file tried before every other source. */
    public KnownWeights mirroredAt(URI mirror) {
        String base = mirror.toString().endsWith("/") ? mirror.toString() : mirror + "/";
        List<Source> mirrored = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Source source : sources) {
            if (seen.add(source.fileName())) {
                mirrored.add(source.at(URI.create(base + source.fileName())));
            }
        }
        mirrored.addAll(sources);
        return new KnownWeights(id, mirrored, approximateBytes);
    }
}
