package dev.atelier.weights.torch7;

/**
 * An instance of a Torch7 class as serialised: its class name (e.g. {@code nn.SpatialConvolution}),
 * the class version written with it ({@code "V 1"} gives 1; files from before versioning give 0)
 * and its payload, which for {@code nn} modules is the table of their fields.
 */
public record Torch7Object(String className, int version, Object payload) {

    /** The payload as a table of fields, or {@code null} when it is something else. */
    public Torch7Table fields() {
        return payload instanceof Torch7Table table ? table : null;
    }
}
