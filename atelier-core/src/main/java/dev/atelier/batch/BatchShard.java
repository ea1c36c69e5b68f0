package dev.atelier.batch;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonPrimitive;
import dev.atelier.InvalidOptionException;
import dev.atelier.options.ValueType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code index}-th of {@code count} slices of a batch's pairs, so that that many machines sharing
 * one output folder (NFS, a mounted bucket) can each make one slice: a Kubernetes indexed job, a
 * Slurm array, or a shell loop.
 *
 * <p>A pair's slice depends on its name alone (SHA-256 of the name in lower case, read as an unsigned
 * number, modulo {@code count}), not on its place in the plan: adding photos or paintings adds pairs
 * to every slice but moves none already made, so a rerun with more inputs skips what each machine
 * made before. Each slice keeps its own manifest ({@link #manifestFileName()}) and lock, writes no
 * contact sheet or index page, and leaves the other slices' files alone; a merge
 * ({@link BatchMerge}) writes the one manifest, contact sheet and index page of the whole batch.
 *
 * @param index which slice, from 1 to {@code count}
 * @param count how many slices the pairs are cut into
 */
public record BatchShard(int index, int count) {
    private static final Pattern TEXT = Pattern.compile("\\s*(\\d{1,9})\\s*/\\s*(\\d{1,9})\\s*");
    private static final Pattern MANIFEST = Pattern.compile("manifest-shard-(\\d{1,9})-of-(\\d{1,9})\\.json");

    /** The value type of the batch's {@code shard} option: {@code K/N}, or nothing for the whole batch. */
    public static final ValueType<BatchShard> TYPE = new ValueType<>() {
        @Override
        public BatchShard parse(String key, String text) {
            return text.isBlank() ? null : BatchShard.parse(key, text);
        }

        @Override
        public String format(BatchShard value) {
            return value == null ? "" : value.toString();
        }

        @Override
        public JsonElement toJson(BatchShard value) {
            return value == null ? JsonNull.INSTANCE : new JsonPrimitive(value.toString());
        }

        @Override
        public String kind() {
            return "text";
        }
    };

    /**
     * @throws InvalidOptionException naming {@code shard} unless 1 ≤ index ≤ count
     */
    public BatchShard {
        if (count < 1 || index < 1 || index > count) {
            throw new InvalidOptionException("shard", "must be K/N with 1 ≤ K ≤ N, got " + index + "/" + count);
        }
    }

    /** {@code K/N}, e.g. {@code 2/8}. */
    public static BatchShard parse(String text) {
        return parse("shard", text);
    }

    private static BatchShard parse(String key, String text) {
        Matcher matcher = TEXT.matcher(text);
        if (!matcher.matches()) {
            throw new InvalidOptionException(key, "expected K/N (the K-th of N slices, K from 1 to N), got '" + text
                    + "'");
        }
        return new BatchShard(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
    }

    /** The slice, from 1 to {@code count}, that the pair named {@code pairName} belongs to. */
    public static int sliceOf(String pairName, int count) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(pairName.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return (int) Long.remainderUnsigned(ByteBuffer.wrap(digest).getLong(), count) + 1;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Whether the pair named {@code pairName} is in this slice. */
    public boolean contains(String pairName) {
        return sliceOf(pairName, count) == index;
    }

    /**
     * This slice's pairs, with every photo and style of the plan kept (so indices, and the merged
     * contact sheet's rows and columns, stay those of the whole batch); empty when no pair falls in it.
     */
    public Optional<BatchPlan> select(BatchPlan plan) {
        List<BatchPlan.Pair> mine = new ArrayList<>();
        for (BatchPlan.Pair pair : plan.pairs()) {
            if (contains(pair.name())) {
                mine.add(pair);
            }
        }
        return mine.isEmpty() ? Optional.empty() : Optional.of(new BatchPlan(plan.contents(), plan.styles(), mine));
    }

    /** This slice's manifest in the shared output folder: {@code manifest-shard-K-of-N.json}. */
    public String manifestFileName() {
        return "manifest-shard-" + index + "-of-" + count + ".json";
    }

    /** This slice's lock in the shared output folder, so that slices never wait on one another. */
    String lockFileName() {
        return ".atelier-batch-shard-" + index + "-of-" + count + ".lock";
    }

    /** The slice whose manifest a file of this name is, if it is one. */
    static Optional<BatchShard> ofManifest(String fileName) {
        Matcher matcher = MANIFEST.matcher(fileName);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BatchShard(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2))));
        } catch (InvalidOptionException notASlice) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
