package dev.atelier.method.feedforward;

import dev.atelier.device.RunDevice;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.BadInputException;
import dev.atelier.Cancellation;
import dev.atelier.io.Resampler;
import dev.atelier.io.RgbImage;
import dev.atelier.nn.HostArrays;
import dev.atelier.nn.Layers;
import dev.atelier.nn.NormStatistics;
import dev.atelier.tiling.MemoryBudget;
import dev.atelier.tiling.NetworkMemory;
import dev.atelier.tiling.OnePassPlan;
import dev.atelier.tiling.OnePassTiling;
import dev.atelier.tiling.TilePlan;
import java.util.ArrayList;
import java.util.List;

/**
 * Fast style transfer (Johnson et al. 2016): one forward pass of a trained transformation network.
 * Any input size works and the output has the input's size: a side that is not a multiple of 4 is
 * reflection-padded up to one (the network halves the size twice) and the result cropped back, so
 * sizes that are multiples of 4 see the network applied with no padding or resampling at all.
 *
 * <p>Memory is planned before the pass ({@link OnePassPlan}): a picture whose pass does not fit runs
 * in tiles, each with a halo of {@value #HALO} pixels cut away afterwards and feathered into its
 * neighbours over {@value #OVERLAP}. A departure from the paper, which runs whole images: the
 * network's instance norms would normalise each tile by its own statistics, giving tiles of
 * different tones, so the statistics are first recorded on the whole picture scaled down to one
 * pass's size, and every tile is normalised by those ({@link NormStatistics}). Networks given as
 * modules (Torch7) are not known to keep within the halo, so they run whole or are refused, naming
 * the largest size that fits ({@link TileableNetwork}).
 *
 * <p>Not thread-safe in the sense that one network should serve one caller at a time; it holds no
 * state between calls, so one stylizer can repaint any number of images.
 */
public final class FeedForwardStylizer {
    /** Smallest side accepted: the 9x9 border convolutions need room to reflect. */
    public static final int MINIMUM_SIDE = 16;
    /**
     * Native bytes a pass needs per pixel, measured: peak resident memory of {@code atelier stylize}
     * with the shared "wave" network at 512x384 (0.92 GB) and 1024x768 (3.05 GB), a slope of 3.7 kB
     * a pixel (every layer's output stays alive until the pass ends), rounded up.
     */
    static final long BYTES_PER_PIXEL = 3800;
    /** Pixels run around each tile and cut away: beyond what the padding at a cut edge reaches. */
    static final int HALO = 64;
    /** Pixels over which neighbouring tiles are feathered together. */
    static final int OVERLAP = 32;
    /** The network's memory and tile geometry (it halves the size twice, so tiles align to 4). */
    public static final NetworkMemory MEMORY = new NetworkMemory(BYTES_PER_PIXEL, 4, HALO, OVERLAP, 128);
    private static final String DESCRIPTION = "the feed-forward network";

    private final StyleNetwork network;

    public FeedForwardStylizer(StyleNetwork network) {
        this.network = network;
    }

    public StyleNetwork network() {
        return network;
    }

    /** Repaints one photo, in tiles when memory asks for it. */
    public RgbImage stylize(RgbImage content) {
        return stylize(content, Cancellation.never(), (done, total) -> { }).image();
    }

    /**
     * Repaints one photo as {@link #plan} decides for the memory there is now; the cancellation is
     * checked between tiles.
     */
    public OnePassTiling.Outcome stylize(RgbImage content, Cancellation cancellation,
            OnePassTiling.TileListener listener) {
        return stylize(content, plan(content.width(), content.height()), cancellation, listener);
    }

    /** How a picture of this size runs with the memory available now. */
    public OnePassPlan plan(int width, int height) {
        if (network instanceof TileableNetwork) {
            return OnePassPlan.of(width, height, MEMORY, MemoryBudget.nativeBytes(), MemoryBudget.heapBytes(),
                    DESCRIPTION);
        }
        return OnePassPlan.whole(width, height, MEMORY, MemoryBudget.nativeBytes(), DESCRIPTION,
                "as a network given as modules");
    }

    /** Repaints one photo as {@code plan} says: whole, or tile by tile with the whole picture's statistics. */
    public OnePassTiling.Outcome stylize(RgbImage content, OnePassPlan plan, Cancellation cancellation,
            OnePassTiling.TileListener listener) {
        requireSize(content.width(), content.height());
        if (!plan.isWhole() && !(network instanceof TileableNetwork)) {
            throw new IllegalArgumentException("a network given as modules runs whole, not in tiles");
        }
        if (plan.isWhole()) {
            return OnePassTiling.run(content, plan, photo -> pass(List.of(photo), NormStatistics.own()).get(0),
                    cancellation, listener);
        }
        List<NormStatistics.Moments> moments = wholePictureStatistics(content, plan);
        return OnePassTiling.run(content, plan, piece -> pass(List.of(piece), NormStatistics.fixed(moments)).get(0),
                cancellation, listener);
    }

    /**
     * Every norm's statistics on the whole picture, scaled down to the pixels of one tile with its
     * halo (a pass that fits, by the plan), or as it is when smaller.
     */
    List<NormStatistics.Moments> wholePictureStatistics(RgbImage content, OnePassPlan plan) {
        TilePlan.Tile first = plan.tiles().tiles().get(0);
        double pixels = (double) (first.width() + 2 * plan.memory().halo()) * (first.height() + 2 * plan.memory().halo());
        double scale = Math.min(1, Math.sqrt(pixels / ((double) content.width() * content.height())));
        RgbImage small = scale >= 1 ? content : Resampler.fitLongestSide(content,
                (int) Math.max(MINIMUM_SIDE, Math.floor(scale * Math.max(content.width(), content.height()))));
        NormStatistics recording = NormStatistics.recording();
        pass(List.of(small), recording);
        return recording.recorded();
    }

    /**
     * Stylises equally sized images in one batch: faster per image than one at a time. A batch whose
     * pass would not fit in memory runs one image at a time, each planned on its own.
     */
    public List<RgbImage> stylizeBatch(List<RgbImage> contents) {
        RgbImage first = contents.get(0);
        requireSize(first.width(), first.height());
        long paddedPixels = (long) (first.width() + padding(first.width())) * (first.height() + padding(first.height()));
        if (contents.size() > 1 && BYTES_PER_PIXEL * paddedPixels * contents.size() > MemoryBudget.nativeBytes()) {
            List<RgbImage> results = new ArrayList<>();
            for (RgbImage content : contents) {
                results.add(stylize(content));
            }
            return results;
        }
        if (contents.size() == 1) {
            return List.of(stylize(first));
        }
        return pass(contents, NormStatistics.own());
    }

    /** One forward pass over equally sized images. */
    List<RgbImage> pass(List<RgbImage> contents, NormStatistics statistics) {
        RgbImage first = contents.get(0);
        int width = first.width();
        int height = first.height();
        int planeSize = 3 * width * height;
        try (NDManager manager = RunDevice.newManager()) {
            NDArray batch = HostArrays.of(manager, toNetworkRange(contents, planeSize),
                    new Shape(contents.size(), 3, height, width));
            int bottom = padding(height);
            int right = padding(width);
            NDArray padded = Layers.reflectionPad(batch, 0, bottom, 0, right);
            NDArray output = statistics.isOwn() ? network.forward(padded)
                    : ((TileableNetwork) network).forward(padded, statistics);
            if (bottom > 0 || right > 0) {
                output = output.get(":, :, 0:" + height + ", 0:" + width);
            }
            float[] values = output.toFloatArray();
            List<RgbImage> results = new ArrayList<>();
            for (int i = 0; i < contents.size(); i++) {
                float[] planes = new float[planeSize];
                for (int j = 0; j < planeSize; j++) {
                    planes[j] = Math.max(0f, Math.min(1f, values[i * planeSize + j] / 255f));
                }
                results.add(RgbImage.wrap(width, height, planes));
            }
            return results;
        }
    }

    private static int padding(int side) {
        return (4 - side % 4) % 4;
    }

    private static void requireSize(int width, int height) {
        if (Math.min(width, height) < MINIMUM_SIDE) {
            throw new BadInputException("image is " + width + "x" + height + "; fast style transfer needs at least "
                    + MINIMUM_SIDE + " pixels on each side");
        }
    }

    /**
     * The images as one array of RGB in 0–255, the range both layouts take: scaled while copying,
     * which saves the engine a pass over the batch.
     */
    private static float[] toNetworkRange(List<RgbImage> images, int planeSize) {
        RgbImage first = images.get(0);
        float[] values = new float[planeSize * images.size()];
        for (int i = 0; i < images.size(); i++) {
            RgbImage image = images.get(i);
            if (image.width() != first.width() || image.height() != first.height()) {
                throw new IllegalArgumentException("batch images differ in size: " + first.width() + "x"
                        + first.height() + " and " + image.width() + "x" + image.height());
            }
            float[] planes = image.sharedPlanes();
            for (int j = 0; j < planeSize; j++) {
                values[i * planeSize + j] = planes[j] * 255f;
            }
        }
        return values;
    }
}
