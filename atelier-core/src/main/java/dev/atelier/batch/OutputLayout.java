package dev.atelier.batch;

/** Where each pair's result and report go in the output folder. */
public enum OutputLayout {
    /** {@code <content>__<style>.png} and {@code .json} side by side in the output folder. */
    FLAT,
    /**
     * One folder per pairing, {@code gen_0}, {@code gen_1}, … in plan order, each holding that pair's
     * result and report. A pair keeps its number across reruns, even when new inputs are added.
     */
    NUMBERED
}
