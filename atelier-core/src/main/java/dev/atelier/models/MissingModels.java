package dev.atelier.models;

import dev.atelier.weights.download.DownloadFailedException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one-line failure when known models cannot be downloaded: which sources were tried and why
 * they failed, then every model still missing with the option that takes a local copy of it, and
 * the two ways to let Atelier find the files itself (a mirror, or the files placed in the cache).
 * Options are named as {@code {key}}; the front end spells them.
 */
final class MissingModels {
    /**
     * A known model a run needs and does not have.
     *
     * @param option the option that takes a local copy, or {@code null} when none does (fetching ahead)
     */
    record Need(KnownModel model, String option) {}

    private MissingModels() {}

    static DownloadFailedException failure(DownloadFailedException cause, List<Need> missing, Path cache,
            boolean mirrorSet) {
        List<String> names = new ArrayList<>();
        List<String> files = new ArrayList<>();
        List<String> copies = new ArrayList<>();
        for (Need need : missing) {
            names.add(need.model().name());
            String file = fileNames(need.model());
            files.add(file);
            if (need.option() != null) {
                copies.add(need.model().name() + " (" + file + ") as {" + need.option() + "}");
            }
        }
        // The downloader's own advice (the cache) is said again below for every missing file at once.
        StringBuilder message = new StringBuilder(cause.failures().isEmpty() || missing.isEmpty() ? cause.getMessage()
                : "could not download " + missing.get(0).model().name() + ": " + String.join("; ",
                        cause.failures().stream().map(Object::toString).toList()));
        if (!copies.isEmpty()) {
            message.append(". Give your own copy of ").append(String.join(", and of ", copies));
            message.append(mirrorSet ? "; or check that the mirror in ATELIER_MIRROR serves "
                    : "; or set ATELIER_MIRROR to a mirror that serves ");
        } else {
            message.append(mirrorSet ? ". Check that the mirror in ATELIER_MIRROR serves "
                    : ". Set ATELIER_MIRROR to a mirror that serves ");
        }
        message.append(String.join(" and ", files)).append(", or place ").append(missing.size() == 1 ? "it" : "them")
                .append(" in ").append(cache);
        return new DownloadFailedException(message.toString(), cause.failures(), names);
    }

    /** The cache names of a model's files (any one will do), as the mirror and the cache expect them. */
    private static String fileNames(KnownModel model) {
        if (model.files().isEmpty()) {
            return model.archive().fileName();
        }
        return String.join(" or ", model.files().stream().map(KnownFile::fileName).toList());
    }
}
