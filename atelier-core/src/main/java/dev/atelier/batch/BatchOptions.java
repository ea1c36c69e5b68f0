package dev.atelier.batch;

import dev.atelier.InvalidOptionException;
import dev.atelier.io.OutputFormat;
import dev.atelier.io.ReadOptions;
import dev.atelier.method.StyleOptions;
import dev.atelier.options.OptionSchema;
import dev.atelier.options.ValueTypes;
import java.nio.file.Path;
import java.util.Map;

/**
 * How a batch is run, apart from the method's own settings; immutable, built DJL-style, defaults
 * written once in the builder.
 *
 * @param outputFolder where results, reports, the manifest, the contact sheet and {@code index.html} go
 * @param layout flat files or one numbered folder per pair
 * @param format the results' image format
 * @param size the side photos are brought to (longest side, or the square's side when cropping);
 *     0 keeps each photo's own size. The entry point sets it from the method's own size option.
 * @param crop whether and how photos are cropped to a square
 * @param seed seeds random crops (mixed with each pair's name)
 * @param overwrite redo every pair, ignoring (and replacing) what a previous run left
 * @param sheets write the contact sheet and {@code index.html} (off when repainting a folder of photos
 *     with one style, where the results themselves are what the user wants)
 * @param cellSize side of a contact sheet cell in pixels
 * @param batchSize most photos run through a network at once, for methods that can batch; 1 (the
 *     default) runs them one by one, which measured faster on CPUs (batching 4 photos through the
 *     feed-forward network on two cores took 1.4 times as long per photo at 256 pixels and 2.4 times
 *     at 512); larger batches are for GPUs
 * @param maxBatchPixels most pixels in one network batch, so large photos run one at a time
 * @param sheetMaxContents most photo rows the contact sheet shows (index.html lists every pair)
 * @param sheetMaxStyles most style columns the contact sheet shows
 * @param sheetIntervalSeconds least time between contact sheet and index rewrites while running
 *     (both are always written at the end)
 * @param manifestIntervalSeconds least time between manifest rewrites while running; it is written
 *     at the start and the end, and after the pairs that finish once this time has passed since the
 *     last write (a crash between writes only means the last few finished pairs are made again)
 * @param readOptions limits for reading input images
 * @param overlapInputOutput decode the next photos and write finished results on a second thread
 *     while the network runs
 * @param shard the slice of the pairs this run makes ({@link BatchShard}), or {@code null} for all
 * @param merge make no pair: write the one manifest, contact sheet and index page of a batch whose
 *     slices were made by {@link #shard() shard} runs into the same folder ({@link BatchMerge})
 */
public record BatchOptions(Path outputFolder, OutputLayout layout, OutputFormat format, int size, CropMode crop,
        long seed, boolean overwrite, boolean sheets, int cellSize, int batchSize, long maxBatchPixels,
        int sheetMaxContents, int sheetMaxStyles, double sheetIntervalSeconds, double manifestIntervalSeconds,
        ReadOptions readOptions, boolean overlapInputOutput, BatchShard shard, boolean merge) {

    /** The options users set, with defaults and descriptions. */
    public static final OptionSchema<Builder, BatchOptions> SCHEMA = OptionSchema.of(BatchOptions::builder,
                    Builder::build)
            .add("numbered", "", "One folder per pair, gen_0, gen_1, …, holding its result and report.",
                    ValueTypes.bool(), (builder, value) -> builder.optLayout(value ? OutputLayout.NUMBERED
                            : OutputLayout.FLAT), options -> options.layout() == OutputLayout.NUMBERED)
            .add("format", "EXT", "Image format of the results.", ValueTypes.outputFormat(), Builder::optFormat,
                    BatchOptions::format)
            .add("crop", "KIND", "none, center or random: cut photos to a square of the method's size (random crops "
                    + "are seeded by {crop-seed} and the pair's name, so reruns cut alike).", ValueTypes.choice(
                    Map.entry("none", CropMode.NONE), Map.entry("center", CropMode.CENTER),
                    Map.entry("centre", CropMode.CENTER), Map.entry("random", CropMode.RANDOM)),
                    Builder::optCrop, BatchOptions::crop)
            .add("crop-seed", "N", "Seed of random crops.", ValueTypes.longInteger(), Builder::optSeed,
                    BatchOptions::seed)
            .add("overwrite", "", "Redo every pair, replacing what an earlier run left.", ValueTypes.bool(),
                    Builder::optOverwrite, BatchOptions::overwrite)
            .add("cell-size", "PIXELS", "Contact sheet cell size.", ValueTypes.integer(), Builder::optCellSize,
                    BatchOptions::cellSize)
            .add("batch-size", "N", "Photos run through a feed-forward network at once (equal sizes only, e.g. with "
                    + "{crop}); 1 is fastest on CPUs, larger batches may help on a GPU.", ValueTypes.integer(),
                    Builder::optBatchSize, BatchOptions::batchSize)
            .add("shard", "K/N", "Make only the K-th of N slices of the pairs (K from 1 to N; a pair's slice follows "
                    + "from its name, so adding photos moves no finished pair), with its own manifest, so that N "
                    + "machines sharing the output folder each make one; then {merge}.", BatchShard.TYPE,
                    Builder::optShard, BatchOptions::shard)
            .add("merge", "", "Make nothing: write the one manifest, contact sheet and index page of a batch whose "
                    + "slices were made with {shard} into this output folder (give the same inputs and options).",
                    ValueTypes.bool(), Builder::optMerge, BatchOptions::merge)
            .done();

    /**
     * The manifest's file name in the output folder: {@value Manifest#FILE_NAME}, or the slice's own
     * for a {@link #shard() shard} run.
     */
    public String manifestFileName() {
        return shard == null ? Manifest.FILE_NAME : shard.manifestFileName();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static Builder builder(Path outputFolder) {
        return new Builder().optOutputFolder(outputFolder);
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builder with defaults; {@link #build()} checks every value. */
    public static final class Builder {
        private Path outputFolder;
        private OutputLayout layout = OutputLayout.FLAT;
        private OutputFormat format = OutputFormat.PNG;
        private int size;
        private CropMode crop = CropMode.NONE;
        private long seed;
        private boolean overwrite;
        private boolean sheets = true;
        private int cellSize = 160;
        private int batchSize = 1;
        private long maxBatchPixels = 4L * 512 * 512;
        private int sheetMaxContents = 24;
        private int sheetMaxStyles = 12;
        private double sheetIntervalSeconds = 30;
        private double manifestIntervalSeconds = 1;
        private ReadOptions readOptions = ReadOptions.defaults();
        private boolean overlapInputOutput = true;
        private BatchShard shard;
        private boolean merge;

        private Builder() {}

        private Builder(BatchOptions options) {
            outputFolder = options.outputFolder;
            layout = options.layout;
            format = options.format;
            size = options.size;
            crop = options.crop;
            seed = options.seed;
            overwrite = options.overwrite;
            sheets = options.sheets;
            cellSize = options.cellSize;
            batchSize = options.batchSize;
            maxBatchPixels = options.maxBatchPixels;
            sheetMaxContents = options.sheetMaxContents;
            sheetMaxStyles = options.sheetMaxStyles;
            sheetIntervalSeconds = options.sheetIntervalSeconds;
            manifestIntervalSeconds = options.manifestIntervalSeconds;
            readOptions = options.readOptions;
            overlapInputOutput = options.overlapInputOutput;
            shard = options.shard;
            merge = options.merge;
        }

        public Builder optOutputFolder(Path value) {
            outputFolder = value;
            return this;
        }

        public Builder optLayout(OutputLayout value) {
            layout = value;
            return this;
        }

        public Builder optFormat(OutputFormat value) {
            format = value;
            return this;
        }

        public Builder optSize(int value) {
            size = value;
            return this;
        }

        public Builder optCrop(CropMode value) {
            crop = value;
            return this;
        }

        public Builder optSeed(long value) {
            seed = value;
            return this;
        }

        public Builder optOverwrite(boolean value) {
            overwrite = value;
            return this;
        }

        public Builder optSheets(boolean value) {
            sheets = value;
            return this;
        }

        public Builder optCellSize(int value) {
            cellSize = value;
            return this;
        }

        public Builder optBatchSize(int value) {
            batchSize = value;
            return this;
        }

        public Builder optMaxBatchPixels(long value) {
            maxBatchPixels = value;
            return this;
        }

        public Builder optSheetLimits(int contents, int styles) {
            sheetMaxContents = contents;
            sheetMaxStyles = styles;
            return this;
        }

        public Builder optSheetIntervalSeconds(double value) {
            sheetIntervalSeconds = value;
            return this;
        }

        public Builder optManifestIntervalSeconds(double value) {
            manifestIntervalSeconds = value;
            return this;
        }

        public Builder optReadOptions(ReadOptions value) {
            readOptions = value;
            return this;
        }

        public Builder optOverlapInputOutput(boolean value) {
            overlapInputOutput = value;
            return this;
        }

        public Builder optShard(BatchShard value) {
            shard = value;
            return this;
        }

        public Builder optMerge(boolean value) {
            merge = value;
            return this;
        }

        public void validate() {
            require("size", size == 0 || (size >= 16 && size <= StyleOptions.MAXIMUM_SIZE),
                    "must be between 16 and " + StyleOptions.MAXIMUM_SIZE + " pixels, got " + size);
            require("crop", crop == CropMode.NONE || size > 0, crop.displayName()
                    + " cropping needs a {size} (this method keeps photos at their own size by default)");
            require("cell-size", cellSize >= 16 && cellSize <= 1024, "must be between 16 and 1024, got " + cellSize);
            require("batch-size", batchSize >= 1 && batchSize <= 64, "must be between 1 and 64, got " + batchSize);
            // Every slice would number its pairs' folders from gen_0 in the one folder they share.
            require("shard", shard == null || layout == OutputLayout.FLAT, "does not combine with {numbered}: "
                    + "slices share one folder, so their results keep their names");
            require("merge", !merge || shard == null, "writes the whole batch's record; leave out {shard}");
            require("merge", !merge || !overwrite, "keeps what the slices made; leave out {overwrite}");
            require("merge", !merge || layout == OutputLayout.FLAT, "merges slices, which keep their results flat; "
                    + "leave out {numbered}");
            if (maxBatchPixels < 1 || sheetMaxContents < 1 || sheetMaxStyles < 1 || sheetIntervalSeconds < 0
                    || manifestIntervalSeconds < 0) {
                throw new IllegalArgumentException("batch limits must be positive and intervals not negative");
            }
        }

        private static void require(String key, boolean condition, String problem) {
            if (!condition) {
                throw new InvalidOptionException(key, problem);
            }
        }

        public BatchOptions build() {
            validate();
            return new BatchOptions(outputFolder, layout, format, size, crop, seed, overwrite, sheets, cellSize,
                    batchSize, maxBatchPixels, sheetMaxContents, sheetMaxStyles, sheetIntervalSeconds,
                    manifestIntervalSeconds, readOptions, overlapInputOutput, shard, merge);
        }
    }
}
