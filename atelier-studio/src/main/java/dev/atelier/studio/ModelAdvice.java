package dev.atelier.studio;

import dev.atelier.models.ModelStore;
import java.util.List;
import java.util.function.Function;

/**
 * What a person using the studio is told when a network cannot be had: the studio's administrator
 * can fix it on the server, and the page says how. (The library's own advice, to give a file's path
 * or to place it in the cache, cannot be followed from a browser.) The command that fetches models
 * is the front end's to spell: {@code atelier serve} gives its own ({@code atelier models --fetch}).
 */
final class ModelAdvice {
    private final Function<List<String>, String> fetchCommand;

    /** @param fetchCommand the command that fetches the named models on the server, or {@code null} for none */
    ModelAdvice(Function<List<String>, String> fetchCommand) {
        this.fetchCommand = fetchCommand;
    }

    /** The refusal of a job whose model {@code name} cannot be had, with {@code reason} (sources and failures). */
    String cannotBeHad(String name, String reason) {
        return name + " is not on this server and cannot be downloaded now (" + reason + "). " + remedy(List.of(name));
    }

    /** What the administrator can do for the models {@code names}. */
    String remedy(List<String> names) {
        String fetch = fetchCommand == null ? "fetch it into the server's model cache"
                : "fetch it on the server with '" + fetchCommand.apply(names) + "'";
        return "The studio's administrator can " + fetch + ", or start the studio with "
                + ModelStore.MIRROR_VARIABLE + " set to a mirror that has it.";
    }
}
