package dev.atelier.cli;

/** The process exit codes the command line uses; scripts can rely on them. */
public final class ExitCode {
    /** Everything asked for was done. */
    public static final int SUCCESS = 0;
    /** An unexpected internal error (a bug: please report it). */
    public static final int INTERNAL_ERROR = 1;
    /** The command line itself was wrong: unknown option, missing argument. */
    public static final int USAGE = 2;
    /** An input could not be used: a missing or corrupt file, an out-of-range value. */
    public static final int BAD_INPUT = 3;
    /** A batch finished, but some of its items failed. */
    public static final int PARTIAL_FAILURE = 4;
    /** Something Atelier needs could not be obtained (weights download failed, out of memory). */
    public static final int UNAVAILABLE = 5;
    /** Stopped by Ctrl-C or a termination signal; what was done so far was saved. */
    public static final int INTERRUPTED = 130;

    private ExitCode() {}
}
