package dev.atelier.batch;

import com.google.gson.JsonObject;
import dev.atelier.io.RgbImage;

/**
 * What a method made of one pair.
 *
 * @param image the result
 * @param report the method's JSON report for it (the runner adds the batch's part)
 * @param cancelled whether the method was stopped before finishing; such a result is not saved
 */
public record PairResult(RgbImage image, JsonObject report, boolean cancelled) {

    /** A finished result. */
    public static PairResult of(RgbImage image, JsonObject report) {
        return new PairResult(image, report, false);
    }
}
