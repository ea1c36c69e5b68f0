package dev.atelier.batch;

import com.google.gson.JsonObject;
import dev.atelier.io.Resampler;
import dev.atelier.io.RgbImage;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;

/**
 * Bringing a decoded photo to the batch's size and, for random crops, cutting each pair's square.
 * Public for runners that make a batch's pairs elsewhere (a cluster job), so that their pictures and
 * reports are the batch's.
 */
public final class PhotoPreparation {
    private PhotoPreparation() {}

    /** A pair's photo and where its square was cut ({@code -1} when not cropped). */
    public record Cropped(RgbImage image, int x, int y) {

        /**
         * The {@code batch} part of the pair's report (docs/formats.md): the pair, the settings'
         * fingerprint, the size and how the photo was cropped. The runner adds the seconds.
         */
        public JsonObject reportPart(String pairName, String fingerprint, int size, BatchOptions options) {
            JsonObject part = new JsonObject();
            part.addProperty("pair", pairName);
            part.addProperty("settings_fingerprint", fingerprint);
            part.addProperty("size", size);
            part.addProperty("crop", options.crop().displayName());
            if (x >= 0) {
                part.addProperty("crop_x", x);
                part.addProperty("crop_y", y);
                part.addProperty("crop_seed", options.seed());
            }
            return part;
        }
    }

    /**
     * The photo as every pair of it starts: scaled so the longest side is {@code size} (no crop), or
     * so the shortest is (crops, the centred square already cut for {@link CropMode#CENTER}).
     */
    public static RgbImage prepare(RgbImage photo, CropMode crop, int size) {
        if (size == 0) {
            return photo;
        }
        return switch (crop) {
            case NONE -> Resampler.fitLongestSide(photo, size);
            case CENTER -> Resampler.centerCrop(Resampler.fitShortestSide(photo, size), size, size);
            case RANDOM -> Resampler.fitShortestSide(photo, size);
        };
    }

    /** The pair's photo: for random crops a square placed by the seed mixed with the pair's name. */
    public static Cropped forPair(RgbImage prepared, CropMode crop, int size, long seed, String pairName) {
        if (crop != CropMode.RANDOM) {
            return new Cropped(prepared, -1, -1);
        }
        Random random = new Random(seed ^ nameHash(pairName));
        // The same draws, in the same order, as Resampler.randomCrop, recorded for the report.
        int x = random.nextInt(prepared.width() - size + 1);
        int y = random.nextInt(prepared.height() - size + 1);
        return new Cropped(prepared.crop(x, y, size, size), x, y);
    }

    /** A hash of the name that every Java version and platform computes alike. */
    static long nameHash(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
