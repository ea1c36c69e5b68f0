package dev.atelier.batch;

import dev.atelier.io.Compositor;
import dev.atelier.io.ContactSheetLayout;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.ImageSaver;
import dev.atelier.io.Region;
import dev.atelier.io.Resampler;
import dev.atelier.io.RgbImage;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The batch at a glance: the first row shows the styles (a model's name, for trained networks), the
 * first column the photos, and each other cell the result of that photo with that style (the
 * top-left corner stays empty; a failed pair shows a red square; a clip, as photo or result, shows its
 * first frame). At most
 * {@link BatchOptions#sheetMaxContents()} rows and {@link BatchOptions#sheetMaxStyles()} columns of
 * results are drawn, so the sheet stays a reasonable picture for any batch.
 *
 * <p>Only cell-sized thumbnails are kept, as 8-bit pixels (a sheet of 24 x 12 cells of 160 pixels
 * holds about 30 MB). Pictures not seen during this run (results of an earlier run, photos whose
 * pairs were all finished before) are read from disk once, when the sheet is first drawn.
 */
final class ContactSheet {
    /** Gap between cells, in pixels. */
    static final int GAP = 4;
    static final float[] BACKGROUND = {1f, 1f, 1f};
    static final float[] FAILED = {0.85f, 0.3f, 0.3f};

    private final BatchPlan plan;
    private final Manifest manifest;
    private final ImageLoader loader;
    private final boolean stylesAreImages;
    private final ClipFiles clips;
    private final int cell;
    private final int shownContents;
    private final int shownStyles;
    private final Map<Integer, BufferedImage> contentThumbnails = new HashMap<>();
    private final Map<Integer, BufferedImage> styleThumbnails = new HashMap<>();
    private final Map<Integer, BufferedImage> resultThumbnails = new HashMap<>();
    /** Pictures that could not be read for the sheet: not tried again. */
    private final Set<String> unreadable = new HashSet<>();

    ContactSheet(BatchPlan plan, Manifest manifest, BatchOptions options, boolean stylesAreImages) {
        this(plan, manifest, options, stylesAreImages, null);
    }

    /** @param clips what shows a frame of the clips among the photos and results, or {@code null}: none */
    ContactSheet(BatchPlan plan, Manifest manifest, BatchOptions options, boolean stylesAreImages, ClipFiles clips) {
        this.plan = plan;
        this.clips = clips;
        this.manifest = manifest;
        this.loader = new ImageLoader(options.readOptions());
        this.stylesAreImages = stylesAreImages;
        this.cell = options.cellSize();
        this.shownContents = Math.min(plan.contents().size(), options.sheetMaxContents());
        this.shownStyles = Math.min(plan.styles().size(), options.sheetMaxStyles());
    }

    /** The sheet's geometry: one header row and column plus the shown photos and styles. */
    ContactSheetLayout layout() {
        return new ContactSheetLayout(shownContents + 1, shownStyles + 1, cell, cell, GAP, true);
    }

    /** Whether some photos or styles are left off the sheet. */
    boolean truncated() {
        return shownContents < plan.contents().size() || shownStyles < plan.styles().size();
    }

    int shownContents() {
        return shownContents;
    }

    int shownStyles() {
        return shownStyles;
    }

    void offerContent(int content, RgbImage picture) {
        if (content < shownContents) {
            contentThumbnails.put(content, thumbnail(picture));
        }
    }

    void offerStyle(int style, RgbImage picture) {
        if (style < shownStyles) {
            styleThumbnails.put(style, thumbnail(picture));
        }
    }

    void offerResult(int pairIndex, RgbImage image) {
        BatchPlan.Pair pair = plan.pairs().get(pairIndex);
        if (shown(pair)) {
            resultThumbnails.put(pairIndex, thumbnail(image));
        }
    }

    /** Draws the sheet and writes it atomically. */
    void write(Path file) {
        new ImageSaver().write(draw(), file);
    }

    RgbImage draw() {
        ContactSheetLayout layout = layout();
        List<RgbImage> cells = new ArrayList<>();
        for (int row = 0; row <= shownContents; row++) {
            for (int column = 0; column <= shownStyles; column++) {
                if (row > 0 || column > 0) {
                    cells.add(null);
                }
            }
        }
        for (int style = 0; style < shownStyles; style++) {
            BufferedImage thumbnail = styleThumbnails.computeIfAbsent(style, index -> stylesAreImages
                    ? read(plan.styles().get(index)) : NameCard.of(PairNames.stem(plan.styles().get(index)), cell));
            cells.set(cellIndex(0, style + 1), picture(thumbnail));
        }
        for (int content = 0; content < shownContents; content++) {
            BufferedImage thumbnail = contentThumbnails.computeIfAbsent(content,
                    index -> read(plan.contents().get(index)));
            cells.set(cellIndex(content + 1, 0), picture(thumbnail));
        }
        List<BatchPlan.Pair> pairs = plan.pairs();
        for (int i = 0; i < pairs.size(); i++) {
            BatchPlan.Pair pair = pairs.get(i);
            if (!shown(pair)) {
                continue;
            }
            int index = cellIndex(pair.content() + 1, pair.style() + 1);
            ManifestEntry entry = manifest.entry(i);
            if (entry.status() == PairStatus.FAILED) {
                cells.set(index, RgbImage.solid(cell, cell, FAILED[0], FAILED[1], FAILED[2]));
            } else if (entry.status() == PairStatus.DONE) {
                int pairIndex = i;
                BufferedImage thumbnail = resultThumbnails.computeIfAbsent(i, key -> read(manifest.output(pairIndex)));
                cells.set(index, picture(thumbnail));
            }
        }
        return Compositor.grid(cells, layout, BACKGROUND);
    }

    private boolean shown(BatchPlan.Pair pair) {
        return pair.content() < shownContents && pair.style() < shownStyles;
    }

    /** Index in the grid's image list (row by row, top-left cell skipped). */
    private int cellIndex(int row, int column) {
        return row * (shownStyles + 1) + column - 1;
    }

    private BufferedImage thumbnail(RgbImage picture) {
        Region fit = new Region(0, 0, cell, cell).centeredFit(picture.width(), picture.height());
        return Resampler.resizeTo(picture, fit.width(), fit.height()).toBufferedImage();
    }

    private BufferedImage read(Path file) {
        String key = file.toString();
        if (unreadable.contains(key) || !Files.isRegularFile(file)) {
            return null;
        }
        try {
            return thumbnail(ClipFiles.repaints(clips, file) ? clips.still(file) : loader.read(file));
        } catch (RuntimeException e) {
            // The pair itself reports unreadable inputs; the sheet just leaves the cell empty.
            unreadable.add(key);
            return null;
        }
    }

    private static RgbImage picture(BufferedImage thumbnail) {
        return thumbnail == null ? null : RgbImage.fromBufferedImage(thumbnail);
    }
}
