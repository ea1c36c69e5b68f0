package dev.atelier.batch;

import dev.atelier.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a batch makes: the photos, the styles (style images, or model files for methods whose style
 * is built into a network) and the pairs of one with the other, each with the name its result gets.
 * Only paths are held: images are read when their pairs run.
 *
 * @param contents the photos, in the order the contact sheet's rows show them
 * @param styles the styles, in the order of the sheet's columns
 * @param pairs the pairings to make; names are unique, ignoring case (file systems that ignore case
 *     would otherwise let one result overwrite another)
 */
public record BatchPlan(List<Path> contents, List<Path> styles, List<Pair> pairs) {

    /**
     * One pairing.
     *
     * @param content index into {@link #contents()}
     * @param style index into {@link #styles()}
     * @param name the result's file name without extension, e.g. {@code tubingen__starry_night}
     */
    public record Pair(int content, int style, String name) {}

    public BatchPlan {
        contents = List.copyOf(contents);
        styles = List.copyOf(styles);
        pairs = List.copyOf(pairs);
        if (pairs.isEmpty()) {
            throw new BadInputException("nothing to do: the batch has no pairs");
        }
        Map<String, String> seen = new HashMap<>();
        for (Pair pair : pairs) {
            if (pair.content() < 0 || pair.content() >= contents.size() || pair.style() < 0
                    || pair.style() >= styles.size()) {
                throw new IllegalArgumentException("pair " + pair + " refers to a missing content or style");
            }
            PairNames.requireValid(pair.name());
            String previous = seen.put(pair.name().toLowerCase(Locale.ROOT), pair.name());
            if (previous != null) {
                throw new IllegalArgumentException("two pairs are named '" + previous + "'");
            }
        }
    }

    /** Every photo with every style, photo by photo, named {@code <photo>__<style>}. */
    public static BatchPlan crossProduct(List<Path> contents, List<Path> styles) {
        List<String> contentNames = PairNames.stems(contents);
        List<String> styleNames = PairNames.stems(styles);
        List<Pair> pairs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int content = 0; content < contents.size(); content++) {
            for (int style = 0; style < styles.size(); style++) {
                names.add(PairNames.of(contentNames.get(content), styleNames.get(style)));
            }
        }
        List<String> unique = PairNames.unique(names);
        int next = 0;
        for (int content = 0; content < contents.size(); content++) {
            for (int style = 0; style < styles.size(); style++) {
                pairs.add(new Pair(content, style, unique.get(next++)));
            }
        }
        return new BatchPlan(contents, styles, pairs);
    }

    /** The same pairs with each style replaced by another path (a model name by its file), names kept. */
    public BatchPlan withStyles(List<Path> replacements) {
        if (replacements.size() != styles.size()) {
            throw new IllegalArgumentException(replacements.size() + " replacements for " + styles.size() + " styles");
        }
        return new BatchPlan(contents, replacements, pairs);
    }

    public Path contentOf(Pair pair) {
        return contents.get(pair.content());
    }

    public Path styleOf(Pair pair) {
        return styles.get(pair.style());
    }
}
