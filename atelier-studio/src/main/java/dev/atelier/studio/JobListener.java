package dev.atelier.studio;

import dev.atelier.io.RgbImage;

/**
 * Where a run reports how it is going. Called on the worker thread; both methods return quickly
 * (the studio only records the latest values and wakes its event streams).
 */
public interface JobListener {

    /** Progress so far; may be called as often as every iteration. */
    void onProgress(JobProgress progress);

    /**
     * The picture as it forms (optimisation methods), at most a few times a second is plenty. The
     * studio keeps the image until the next one arrives, so the run must not change it afterwards.
     */
    void onPreview(RgbImage image);

    /** A listener that ignores everything. */
    static JobListener ignoring() {
        return new JobListener() {
            @Override
            public void onProgress(JobProgress progress) {
            }

            @Override
            public void onPreview(RgbImage image) {
            }
        };
    }
}
