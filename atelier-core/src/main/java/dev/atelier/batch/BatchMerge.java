package dev.atelier.batch;

import dev.atelier.BadInputException;
import dev.atelier.InvalidOptionException;
import dev.atelier.progress.RunListener;
import dev.atelier.progress.Warning;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The last step of a sharded batch: from the slices' manifests in the shared output folder
 * ({@code manifest-shard-K-of-N.json}, see {@link BatchShard}), the one manifest, contact sheet and
 * index page the same batch run on one machine would have written. It makes no pair and loads no
 * network; it holds every slice's lock while it reads, so it refuses to run beside a slice still at
 * work.
 *
 * <p>A pair counts as done under the rule a rerun applies ({@link Manifest}): its slice finished it,
 * its result and report are in the folder, and its photo and style are unchanged since; pairs of
 * slices that have not run yet are pending (a warning names those slices). The merged manifest lets a
 * later batch, sharded or not, skip everything done.
 */
public final class BatchMerge {
    private BatchMerge() {}

    /**
     * Writes the merged manifest, and the contact sheet and index page when the options ask for them.
     *
     * @param plan the whole batch (the same inputs the slices were given)
     * @param options the batch's options (the same the slices were given, without {@code shard})
     * @param method the method's registered name
     * @param stylesAreImages whether the styles are paintings (false: trained networks)
     * @throws BadInputException when the folder holds no slice manifests, slices cut in different
     *     numbers, slices made with different settings, or a slice is still being made
     * @throws InvalidOptionException when the slices were made by another method or in another format
     */
    public static BatchSummary run(BatchPlan plan, BatchOptions options, String method, boolean stylesAreImages,
            RunListener listener) {
        long started = System.nanoTime();
        Path folder = options.outputFolder();
        if (!Files.isDirectory(folder)) {
            throw new BadInputException(folder, "no such output folder: there is nothing to merge");
        }
        Map<Integer, Path> slices = sliceManifests(folder);
        int count = slices.isEmpty() ? 0 : BatchShard.ofManifest(slices.values().iterator().next().getFileName()
                .toString()).orElseThrow().count();
        List<OutputFolder> held = new ArrayList<>();
        try {
            for (int index = 1; index <= count; index++) {
                held.add(OutputFolder.open(folder, new BatchShard(index, count)));
            }
            held.add(OutputFolder.open(folder));
            return merge(plan, options, method, stylesAreImages, listener, slices, count, started);
        } finally {
            for (int i = held.size() - 1; i >= 0; i--) {
                held.get(i).close();
            }
        }
    }

    private static BatchSummary merge(BatchPlan plan, BatchOptions options, String method, boolean stylesAreImages,
            RunListener listener, Map<Integer, Path> slices, int count, long started) {
        Path folder = options.outputFolder();
        BatchRecord.Written first = null;
        Path firstFile = null;
        Map<String, ManifestEntry> made = new HashMap<>();
        for (Path file : slices.values()) {
            BatchRecord.Written slice = BatchRecord.read(file);
            if (first == null) {
                first = slice;
                firstFile = file;
                if (!method.equals(slice.method())) {
                    throw new InvalidOptionException("method", file + ": the slices were made with " + slice.method()
                            + ", not " + method + "; give the options the slices were given");
                }
                String format = slice.settings().has("format") ? slice.settings().get("format").getAsString() : "";
                if (!format.equals(options.format().extension())) {
                    throw new InvalidOptionException("format", file + ": the slices wrote " + format + " results, not "
                            + options.format().extension() + "; give the options the slices were given");
                }
            } else if (!slice.fingerprint().equals(first.fingerprint())) {
                List<String> changes = SettingsFingerprint.differences(first.settings(), slice.settings());
                throw new BadInputException(file, "was made with other settings than " + firstFile.getFileName() + " ("
                        + String.join(", ", changes.subList(0, Math.min(4, changes.size()))) + "); make every slice "
                        + "with the same options");
            }
            for (ManifestEntry entry : slice.entries()) {
                made.put(entry.name().toLowerCase(Locale.ROOT), entry);
            }
        }
        Map<Path, String> stamps = new HashMap<>();
        List<ManifestEntry> entries = new ArrayList<>();
        List<FailedPair> failures = new ArrayList<>();
        List<Path> results = new ArrayList<>();
        int done = 0;
        for (BatchPlan.Pair pair : plan.pairs()) {
            String contentStamp = stamps.computeIfAbsent(plan.contentOf(pair), InputStamp::of);
            String styleStamp = stamps.computeIfAbsent(plan.styleOf(pair), InputStamp::of);
            ManifestEntry slice = made.get(pair.name().toLowerCase(Locale.ROOT));
            Path result = folder.resolve(pair.name() + "." + options.format().extension());
            ManifestEntry entry;
            if (slice != null && slice.status() == PairStatus.DONE && contentStamp.equals(slice.contentStamp())
                    && styleStamp.equals(slice.styleStamp()) && Files.isRegularFile(result)
                    && Files.isRegularFile(folder.resolve(pair.name() + ".json"))) {
                entry = new ManifestEntry(pair.name(), slice.content(), slice.style(), contentStamp, styleStamp, null,
                        PairStatus.DONE, null, slice.seconds(), slice.finished());
                done++;
                results.add(result);
            } else if (slice != null && slice.status() == PairStatus.FAILED) {
                entry = new ManifestEntry(pair.name(), slice.content(), slice.style(), contentStamp, styleStamp, null,
                        PairStatus.FAILED, slice.error(), slice.seconds(), slice.finished());
                failures.add(new FailedPair(pair.name(), slice.error()));
            } else {
                entry = new ManifestEntry(pair.name(), plan.contentOf(pair).toAbsolutePath().toString(),
                        plan.styleOf(pair).toAbsolutePath().toString(), contentStamp, styleStamp, null,
                        PairStatus.PENDING, null, 0, null);
            }
            entries.add(entry);
        }
        TreeSet<Integer> missing = new TreeSet<>();
        for (int index = 1; index <= count; index++) {
            missing.add(index);
        }
        missing.removeAll(slices.keySet());
        if (!missing.isEmpty()) {
            listener.onEvent(new Warning("no manifest of slice" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing.stream().map(index -> index + "/" + count).toList())
                    + " in " + folder + ": their pairs are pending"));
        }
        BatchOptions whole = options.toBuilder().optShard(null).optMerge(false).build();
        BatchRecord record = new BatchRecord(plan, method, first.settings(), whole, stylesAreImages, entries);
        record.write(listener);
        int pending = plan.pairs().size() - done - failures.size();
        return new BatchSummary(plan.pairs().size(), done, 0, failures.size(), pending, false,
                (System.nanoTime() - started) / 1e9, failures, results, record.manifestFile(),
                record.contactSheetFile().orElse(null), record.indexFile().orElse(null));
    }

    /**
     * The slice manifests in the folder by slice number.
     *
     * @throws BadInputException when there are none, or slices cut in different numbers
     */
    private static Map<Integer, Path> sliceManifests(Path folder) {
        Map<Integer, Path> slices = new TreeMap<>();
        TreeSet<Integer> counts = new TreeSet<>();
        try (Stream<Path> children = Files.list(folder)) {
            for (Path child : (Iterable<Path>) children::iterator) {
                Optional<BatchShard> shard = BatchShard.ofManifest(child.getFileName().toString());
                if (shard.isPresent() && Files.isRegularFile(child)) {
                    counts.add(shard.get().count());
                    slices.put(shard.get().index(), child);
                }
            }
        } catch (IOException e) {
            throw new BadInputException(folder, "cannot list the output folder (" + e.getMessage() + ")", e);
        }
        if (slices.isEmpty()) {
            throw new BadInputException(folder, "holds no slice manifests (manifest-shard-K-of-N.json): make the "
                    + "slices with {shard} first, into this folder");
        }
        if (counts.size() > 1) {
            throw new BadInputException(folder, "holds manifests of slices cut " + String.join(" and ",
                    counts.stream().map(String::valueOf).toList()) + " ways; remove the stale ones");
        }
        return slices;
    }
}
