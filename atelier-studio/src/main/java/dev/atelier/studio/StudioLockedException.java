package dev.atelier.studio;

import dev.atelier.UnavailableException;
import java.nio.file.Path;

/**
 * Another studio is using the data folder: two would run the same jobs into the same folders. The
 * command line exits with code 5 (unavailable).
 */
public final class StudioLockedException extends UnavailableException {
    private static final long serialVersionUID = 1L;

    StudioLockedException(Path folder, String holder) {
        super(folder + ": another studio is using this data folder (" + holder + "); use that one, stop it "
                + "first, or give {data} another folder");
    }
}
