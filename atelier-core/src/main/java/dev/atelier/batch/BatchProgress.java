package dev.atelier.batch;

/**
 * How far a batch has come, for a progress display.
 *
 * @param total pairs in the plan
 * @param skipped pairs finished by an earlier run, not made again
 * @param done pairs made by this run
 * @param failed pairs that failed in this run
 * @param elapsedSeconds since this run started its first pair
 * @param pairsPerMinute this run's rate so far (counting the current pair's share), 0 before any work
 * @param secondsRemaining estimated time to finish, infinite while unknown
 */
public record BatchProgress(int total, int skipped, int done, int failed, double elapsedSeconds,
        double pairsPerMinute, double secondsRemaining) {

    /** Pairs this run still has to make. */
    public int remaining() {
        return total - skipped - done - failed;
    }

    /** Share of this run's work done, 0 to 1, counting {@code currentFraction} of the pair under way. */
    public double fraction(double currentFraction) {
        int toDo = total - skipped;
        return toDo == 0 ? 1 : Math.min(1, (done + failed + currentFraction) / toDo);
    }

    static BatchProgress of(int total, int skipped, int done, int failed, double elapsedSeconds,
            double currentFraction) {
        double work = done + failed + currentFraction;
        double rate = elapsedSeconds > 0 && work > 0 ? work / elapsedSeconds : 0;
        int remaining = total - skipped - done - failed;
        double secondsRemaining = remaining == 0 ? 0
                : rate > 0 ? (remaining - currentFraction) / rate : Double.POSITIVE_INFINITY;
        return new BatchProgress(total, skipped, done, failed, elapsedSeconds, rate * 60, secondsRemaining);
    }
}
