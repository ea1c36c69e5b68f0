package dev.atelier.spark;

import java.io.Serializable;
import java.util.List;

/**
 * One photo and its pairs still to make: the unit a task works on, so each photo is read and decoded
 * once, wherever its task runs.
 *
 * @param content the photo's index in the plan
 * @param path the photo's qualified path
 * @param display how reports and manifests name it
 * @param stamp its size and time, as the driver saw them
 * @param showOnSheet whether the contact sheet shows the photo (its thumbnail comes back with the outcomes)
 * @param pairs its pairs to make
 */
record PhotoWork(int content, String path, String display, String stamp, boolean showOnSheet, List<PairWork> pairs)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    PhotoWork {
        pairs = List.copyOf(pairs);
    }

    /**
     * One pair of the photo.
     *
     * @param pair its index in the plan
     * @param style its style's index
     * @param name its name (the result is {@code name.<format>}, the report {@code name.json})
     * @param showOnSheet whether the contact sheet shows it (its thumbnail comes back)
     */
    record PairWork(int pair, int style, String name, boolean showOnSheet) implements Serializable {
        private static final long serialVersionUID = 1L;
    }
}
