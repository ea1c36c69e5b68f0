package dev.atelier.studio;

import dev.atelier.models.ModelStore;
import java.util.List;

/**
 * What a person using the studio is told when a network cannot be had: the studio's administrator
 * can fix it on the server, and the page says how. (The library's own advice, to give a file's path
 * or to place it in the cache, cannot be followed from a browser.)
 */
final class ModelAdvice {
    private ModelAdvice() {}

    /** The refusal of a job whose model {@code name} cannot be had, with {@code reason} (sources and failures). */
    static String cannotBeHad(String name, String reason) {
        return name + " is not on this server and cannot be downloaded now (" + reason + "). " + remedy(List.of(name));
    }

    /** What the administrator runs for the models {@code names}. */
    static String remedy(List<String> names) {
        String fetch = names.isEmpty() ? "'atelier models' to see what is cached and 'atelier models --fetch NAME'"
                : "'atelier models --fetch " + String.join(" ", names) + "'";
        return "The studio's administrator can fetch it on the server with " + fetch + ", or start the studio with "
                + ModelStore.MIRROR_VARIABLE + " set to a mirror that has it.";
    }
}
