package dev.atelier.models;

import dev.atelier.weights.download.KnownWeights;
import dev.atelier.weights.download.Source;
import java.util.ArrayList;
import java.util.List;

/**
 * A pretrained model users can name: what it is, which method uses it, and its files (several when
 * it is published in more than one format: the first that can be had is used).
 *
 * @param name what users type, e.g. {@code candy}, {@code vgg19}
 * @param description one line
 * @param usedBy the method and role, e.g. {@code feedforward model}, {@code gatys backbone}
 * @param files the published files, preferred first; empty for a model that only comes inside an archive
 * @param archive when the model is a member of a published archive: which, and the member's file name
 */
public record KnownModel(String name, String description, String usedBy, List<KnownFile> files,
        ArchiveMember archive) {

    /**
     * A model published only inside an archive (a zip).
     *
     * @param model the archive, itself a known model
     * @param entry the member's file name (matched against the last part of each entry's path)
     * @param fileName the cache's name for the extracted member
     */
    public record ArchiveMember(KnownModel model, String entry, String fileName) {}

    public KnownModel {
        files = List.copyOf(files);
        if (files.isEmpty() && archive == null) {
            throw new IllegalArgumentException("model '" + name + "' needs a file or an archive");
        }
    }

    /** What the downloader fetches: every file's sources in order. */
    public KnownWeights weights() {
        List<Source> sources = new ArrayList<>();
        files.forEach(file -> sources.addAll(file.sources()));
        return new KnownWeights(name, sources, files.isEmpty() ? 0 : files.get(0).bytes());
    }
}
