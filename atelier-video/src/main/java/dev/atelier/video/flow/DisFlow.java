package dev.atelier.video.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Dense inverse search optical flow (Kroeger, Timofte, Dai and Van Gool, "Fast Optical Flow using
 * Dense Inverse Search", ECCV 2016): coarse to fine over an image pyramid, each scale places a grid
 * of overlapping patches, moves each patch by inverse compositional Lucas–Kanade steps from the
 * coarser scale's flow, and makes the field dense again by averaging the overlapping patches'
 * vectors, each weighted by how well it matches at that pixel.
 *
 * <p>Departures from the paper, each deliberate: no variational refinement (the paper's own fastest
 * operating point, and OpenCV's {@code PRESET_ULTRAFAST}, skip it too), but the field is smoothed
 * with a small tent filter at the finest scale, and each patch is held to its starting vector by a
 * weak prior (scaled down with the noise at coarser levels): without them compression noise moved
 * flat patches of a static background by a tenth of a pixel, and Ruder et al.'s consistency and
 * motion-boundary tests (made for smooth variational flows) rejected 40 % of a static office scene;
 * with them 93 %, on the shared clips, is kept, for an end-point error on a known pan and zoom that
 * stays under 0.2 pixels (BENCHMARKS.md). Patches are mean-normalised (OpenCV's default), so a frame
 * that brightens a little still matches; and each patch also tries its left neighbour's vector as a
 * start (the paper's and OpenCV's spatial propagation, here along rows only so rows run in parallel).
 *
 * <p>Thread-safe: an estimator holds only its settings.
 */
public final class DisFlow {

    private final Settings settings;

    /**
     * How DIS runs.
     *
     * @param patchSize side of the square patches, in pixels
     * @param patchStride distance between neighbouring patches (less than the size: they overlap)
     * @param iterations Lucas–Kanade steps per patch and scale
     * @param finestScale the finest pyramid level estimated (0 = full size, 1 = half…); the field
     *     is then interpolated up to full size
     * @param prior weight, per pixel, of a patch's distance from its starting vector (grey levels
     *     squared per pixel squared): compression noise in a flat patch then no longer moves it, while a
     *     textured patch's gradients (tens of grey levels per pixel) outweigh it a hundredfold
     * @param smoothing radius of the box filter run twice over the field at the finest scale (0 for none)
     */
    public record Settings(int patchSize, int patchStride, int iterations, int finestScale, double prior,
            int smoothing) {
        public Settings {
            if (patchSize < 2 || patchStride < 1 || patchStride > patchSize || iterations < 1 || finestScale < 0
                    || !(prior >= 0) || smoothing < 0) {
                throw new IllegalArgumentException("DIS settings out of range: " + patchSize + ", " + patchStride
                        + ", " + iterations + ", " + finestScale + ", " + prior + ", " + smoothing);
            }
        }

        /**
         * The defaults: 8-pixel patches every 4 pixels, 12 steps, down to half size (OpenCV's
         * ultrafast preset stops at a quarter; half size has a third of its end-point error on the
         * known-motion frames for about three times the time; BENCHMARKS.md), a prior of 2 and a
         * smoothing radius of 2.
         */
        public static Settings defaults() {
            return new Settings(8, 4, 12, 1, 2, 2);
        }
    }

    public DisFlow(Settings settings) {
        this.settings = settings;
    }

    public DisFlow() {
        this(Settings.defaults());
    }

    public Settings settings() {
        return settings;
    }

    /** The flow from {@code first} to {@code second} (equally sized), at full size. */
    public FlowField estimate(GrayImage first, GrayImage second) {
        if (first.width() != second.width() || first.height() != second.height()) {
            throw new IllegalArgumentException("frames of different sizes: " + first.width() + "x" + first.height()
                    + " and " + second.width() + "x" + second.height());
        }
        List<GrayImage> firstLevels = new ArrayList<>();
        List<GrayImage> secondLevels = new ArrayList<>();
        firstLevels.add(first);
        secondLevels.add(second);
        int coarsest = coarsestScale(first.width(), first.height());
        for (int level = 1; level <= coarsest; level++) {
            firstLevels.add(firstLevels.get(level - 1).halved());
            secondLevels.add(secondLevels.get(level - 1).halved());
        }
        int finest = Math.min(settings.finestScale(), coarsest);
        GrayImage top = firstLevels.get(coarsest);
        FlowField flow = FlowField.zero(top.width(), top.height());
        for (int level = coarsest; level >= finest; level--) {
            GrayImage here = firstLevels.get(level);
            if (level != coarsest) {
                flow = flow.resampled(here.width(), here.height(), 2, 2);
            }
            // Averaging 2 x 2 blocks quarters the noise's variance at each level, and the prior with it.
            flow = refine(here, secondLevels.get(level), flow, settings.prior() / (1 << (2 * level)));
        }
        flow = smoothed(flow, settings.smoothing());
        double scale = 1 << finest;
        return flow.resampled(first.width(), first.height(), scale, scale);
    }

    /**
     * The coarsest level: where the longer side is about four patches (the paper's and OpenCV's
     * choice), and never one smaller than a patch.
     */
    int coarsestScale(int width, int height) {
        int size = settings.patchSize();
        int scale = (int) Math.round(Math.log(Math.max(width, height) / (4.0 * size)) / Math.log(2));
        while (scale > 0 && (Math.min(width, height) >> scale) < size) {
            scale--;
        }
        return Math.max(0, scale);
    }

    /** One scale: every patch searched from {@code start}, then the field made dense again. */
    private FlowField refine(GrayImage first, GrayImage second, FlowField start, double prior) {
        int width = first.width();
        int height = first.height();
        int size = settings.patchSize();
        if (width < size || height < size) {
            return start;
        }
        int[] xs = positions(width, size, settings.patchStride());
        int[] ys = positions(height, size, settings.patchStride());
        float[][] gradients = gradients(first);
        float[] patchU = new float[xs.length * ys.length];
        float[] patchV = new float[xs.length * ys.length];
        IntStream.range(0, ys.length).parallel().forEach(row -> {
            PatchSearch search = new PatchSearch(first, second, gradients[0], gradients[1], start, prior);
            for (int column = 0; column < xs.length; column++) {
                int index = row * xs.length + column;
                float[] left = column == 0 ? null : new float[] {patchU[index - 1], patchV[index - 1]};
                float[] found = search.find(xs[column], ys[row], left);
                patchU[index] = found[0];
                patchV[index] = found[1];
            }
        });
        return densify(first, second, xs, ys, patchU, patchV, start);
    }

    /**
     * The field after a box filter of the given radius, run twice (a tent of twice the radius): the
     * overlapping patches leave steps of a tenth of a pixel along their edges, which the motion-boundary
     * test of {@link Reliability} (thresholds made for smooth variational flows) would take for edges.
     * It stands in for the paper's variational refinement, at a fraction of its cost.
     */
    static FlowField smoothed(FlowField flow, int radius) {
        if (radius == 0) {
            return flow;
        }
        int width = flow.width();
        int height = flow.height();
        float[] u = flow.us().clone();
        float[] v = flow.vs().clone();
        // The two components side by side, one per core.
        Stream.of(u, v).parallel().forEach(plane -> {
            for (int pass = 0; pass < 2; pass++) {
                BoxFilter.apply(plane, width, height, radius);
            }
        });
        return FlowField.wrap(width, height, u, v);
    }

    /** Patch corners every {@code stride} pixels, the last flush with the far edge. */
    static int[] positions(int length, int size, int stride) {
        int count = (length - size) / stride + 1;
        boolean extra = (length - size) % stride != 0;
        int[] positions = new int[count + (extra ? 1 : 0)];
        for (int i = 0; i < count; i++) {
            positions[i] = i * stride;
        }
        if (extra) {
            positions[count] = length - size;
        }
        return positions;
    }

    /** Sobel derivatives of a picture (divided by 8: a unit slope gives 1), border repeated. */
    static float[][] gradients(GrayImage image) {
        int width = image.width();
        int height = image.height();
        float[] values = image.values();
        float[] dx = new float[width * height];
        float[] dy = new float[width * height];
        IntStream.range(0, height).parallel().forEach(y -> {
            int up = Math.max(y - 1, 0) * width;
            int row = y * width;
            int down = Math.min(y + 1, height - 1) * width;
            for (int x = 0; x < width; x++) {
                int left = Math.max(x - 1, 0);
                int right = Math.min(x + 1, width - 1);
                dx[row + x] = (values[up + right] - values[up + left] + 2 * (values[row + right] - values[row + left])
                        + values[down + right] - values[down + left]) / 8f;
                dy[row + x] = (values[down + left] - values[up + left] + 2 * (values[down + x] - values[up + x])
                        + values[down + right] - values[up + right]) / 8f;
            }
        });
        return new float[][] {dx, dy};
    }

    /**
     * The dense field: at each pixel, the vectors of the patches covering it, each weighted by the
     * inverse of its matching error there (at least 1), as the paper's eq. 3.
     */
    private FlowField densify(GrayImage first, GrayImage second, int[] xs, int[] ys, float[] patchU, float[] patchV,
            FlowField start) {
        int width = first.width();
        int height = first.height();
        int size = settings.patchSize();
        float[] values = first.values();
        float[] u = new float[width * height];
        float[] v = new float[width * height];
        IntStream.range(0, height).parallel().forEach(y -> {
            float[] weights = new float[width];
            float[] sumU = new float[width];
            float[] sumV = new float[width];
            float[] moved = new float[size];
            for (int row = 0; row < ys.length; row++) {
                if (y < ys[row] || y >= ys[row] + size) {
                    continue;
                }
                for (int column = 0; column < xs.length; column++) {
                    int index = row * xs.length + column;
                    float pu = patchU[index];
                    float pv = patchV[index];
                    PatchSampler.fill(second, xs[column] + pu, y + pv, size, 1, moved);
                    for (int x = xs[column]; x < xs[column] + size; x++) {
                        float difference = moved[x - xs[column]] - values[y * width + x];
                        float weight = 1f / Math.max(1f, Math.abs(difference));
                        weights[x] += weight;
                        sumU[x] += weight * pu;
                        sumV[x] += weight * pv;
                    }
                }
            }
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                if (weights[x] > 0) {
                    u[i] = sumU[x] / weights[x];
                    v[i] = sumV[x] / weights[x];
                } else {
                    u[i] = start.u(x, y);
                    v[i] = start.v(x, y);
                }
            }
        });
        return FlowField.wrap(width, height, u, v);
    }

    /** The inverse search of one patch at a time, with buffers reused along a row. */
    private final class PatchSearch {
        private final GrayImage first;
        private final GrayImage second;
        private final float[] gradientX;
        private final float[] gradientY;
        private final FlowField start;
        private final double priorPerPixel;
        private final int size = settings.patchSize();
        private final float[] template = new float[size * size];
        private final float[] patchX = new float[size * size];
        private final float[] patchY = new float[size * size];
        private final float[] moved = new float[size * size];

        PatchSearch(GrayImage first, GrayImage second, float[] gradientX, float[] gradientY, FlowField start,
                double priorPerPixel) {
            this.priorPerPixel = priorPerPixel;
            this.first = first;
            this.second = second;
            this.gradientX = gradientX;
            this.gradientY = gradientY;
            this.start = start;
        }

        /** The patch at {@code (x0, y0)}'s vector, from the coarser scale's or its left neighbour's. */
        float[] find(int x0, int y0, float[] left) {
            int width = first.width();
            float[] values = first.values();
            double sumX = 0;
            double sumY = 0;
            double sumXX = 0;
            double sumXY = 0;
            double sumYY = 0;
            for (int py = 0; py < size; py++) {
                for (int px = 0; px < size; px++) {
                    int k = py * size + px;
                    int i = (y0 + py) * width + x0 + px;
                    template[k] = values[i];
                    float gx = gradientX[i];
                    float gy = gradientY[i];
                    patchX[k] = gx;
                    patchY[k] = gy;
                    sumX += gx;
                    sumY += gy;
                    sumXX += gx * gx;
                    sumXY += gx * gy;
                    sumYY += gy * gy;
                }
            }
            int count = size * size;
            double meanX = sumX / count;
            double meanY = sumY / count;
            double prior = priorPerPixel * count;
            double hxx = sumXX - count * meanX * meanX + prior;
            double hxy = sumXY - count * meanX * meanY;
            double hyy = sumYY - count * meanY * meanY + prior;
            double determinant = hxx * hyy - hxy * hxy;

            int centreX = x0 + size / 2;
            int centreY = y0 + size / 2;
            float startU = start.u(centreX, centreY);
            float startV = start.v(centreX, centreY);
            double startError = error(x0, y0, startU, startV);
            if (left != null) {
                double leftError = error(x0, y0, left[0], left[1]);
                if (leftError < startError) {
                    startU = left[0];
                    startV = left[1];
                    startError = leftError;
                }
            }
            double u = startU;
            double v = startV;
            for (int step = 0; step < settings.iterations(); step++) {
                PatchSampler.fill(second, x0 + u, y0 + v, size, moved);
                double sumDifference = 0;
                double sumGradientX = 0;
                double sumGradientY = 0;
                for (int k = 0; k < count; k++) {
                    float difference = moved[k] - template[k];
                    sumDifference += difference;
                    sumGradientX += patchX[k] * difference;
                    sumGradientY += patchY[k] * difference;
                }
                // The gradient of the matching error plus the prior's pull back to the start.
                double bx = sumGradientX - meanX * sumDifference + prior * (u - startU);
                double by = sumGradientY - meanY * sumDifference + prior * (v - startV);
                double du = (hyy * bx - hxy * by) / determinant;
                double dv = (hxx * by - hxy * bx) / determinant;
                u -= du;
                v -= dv;
                if (du * du + dv * dv < 1e-4) {
                    break;
                }
            }
            // A patch that wandered off (further than its own size) or matches worse keeps its start.
            double moved = (u - startU) * (u - startU) + (v - startV) * (v - startV);
            if (!Double.isFinite(u) || !Double.isFinite(v) || Math.abs(u - startU) > size || Math.abs(v - startV) > size
                    || error(x0, y0, u, v) + prior * moved > startError) {
                return new float[] {startU, startV};
            }
            return new float[] {(float) u, (float) v};
        }

        /** Mean-normalised sum of squared differences between the patch and the second frame moved by (u, v). */
        private double error(int x0, int y0, double u, double v) {
            PatchSampler.fill(second, x0 + u, y0 + v, size, moved);
            double sum = 0;
            double sumSquares = 0;
            for (int k = 0; k < template.length; k++) {
                float difference = moved[k] - template[k];
                sum += difference;
                sumSquares += difference * difference;
            }
            return sumSquares - sum * sum / template.length;
        }
    }
}
