package dev.atelier.method;

/**
 * A file or folder a training reads.
 *
 * @param role the name requests use, e.g. {@code style}, {@code data}
 * @param folder whether it is a folder of images (else one image file)
 * @param name what it is in a few words, for messages ({@code painting}, {@code photo folder})
 * @param description one line, for help
 * @param several whether the role takes one or more files (several paintings), else exactly one
 */
public record TrainingInput(String role, boolean folder, String name, String description, boolean several) {

    /** A role that takes exactly one file or folder. */
    public TrainingInput(String role, boolean folder, String name, String description) {
        this(role, folder, name, description, false);
    }
}
