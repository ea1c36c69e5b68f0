package dev.atelier.weights.torch7;

import dev.atelier.BadInputException;
import dev.atelier.weights.HostTensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An {@code nn} module read from a {@code .t7} file, with typed access to its fields. Every problem
 * is a one-line {@link BadInputException} naming the file, the module's place in the network and
 * its class.
 *
 * @param path the module's place: its 0-based index in each enclosing container, joined by dots
 *     ({@code 3.1.0}); empty for the outermost module. Parameter keys extend it: {@code 3.1.0.weight}
 */
public record Torch7Module(Path file, String path, Torch7Object object) {

    /** Wraps a value that must be a module (an object whose payload is a table of fields). */
    public static Torch7Module of(Path file, String path, Object value) {
        if (!(value instanceof Torch7Object object) || object.fields() == null) {
            throw new BadInputException(file, (path.isEmpty() ? "the network" : "module " + path)
                    + " is not an nn module but " + (value == null ? "nil" : value instanceof Torch7Table ? "a table"
                    : value instanceof Torch7Object object ? "a " + object.className() : "a "
                    + value.getClass().getSimpleName().toLowerCase()));
        }
        return new Torch7Module(file, path, object);
    }

    public String className() {
        return object.className();
    }

    /** The class without its package: {@code SpatialConvolution} for {@code nn.SpatialConvolution}. */
    public String kind() {
        String name = object.className();
        return name.substring(name.indexOf('.') + 1);
    }

    /** The key of one of its parameters: {@code path.name}. */
    public String key(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** How messages name it: {@code module 3.1.0 (nn.SpatialConvolution)}. */
    public String description() {
        return (path.isEmpty() ? "the outermost module" : "module " + path) + " (" + object.className() + ")";
    }

    /** A field's raw value, or {@code null}. */
    public Object field(String name) {
        return object.fields().get(name);
    }

    /** A number field that must be present. */
    public double number(String name) {
        Object value = field(name);
        if (!(value instanceof Double number)) {
            throw bad("lacks its number '" + name + "'" + (value == null ? "" : " (it holds another type)"));
        }
        return number;
    }

    /** A number field, or {@code fallback} when absent. */
    public double number(String name, double fallback) {
        return field(name) == null ? fallback : number(name);
    }

    /** An integer field within {@code [minimum, maximum]}. */
    public int integer(String name, int minimum, int maximum) {
        return checkedInteger(name, number(name), minimum, maximum);
    }

    /** An integer field within {@code [minimum, maximum]}, or {@code fallback} when absent. */
    public int integer(String name, int fallback, int minimum, int maximum) {
        return field(name) == null ? fallback : integer(name, minimum, maximum);
    }

    private int checkedInteger(String name, double value, int minimum, int maximum) {
        if (value != Math.rint(value) || value < minimum || value > maximum) {
            throw bad("has " + name + " = " + value + " (expected a whole number from " + minimum + " to " + maximum
                    + ")");
        }
        return (int) value;
    }

    /** A boolean field, or {@code fallback} when absent. */
    public boolean flag(String name, boolean fallback) {
        Object value = field(name);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Boolean flag)) {
            throw bad("has a '" + name + "' that is not a boolean");
        }
        return flag;
    }

    /** A tensor field, when present and not empty. */
    public Optional<Torch7Tensor> tensor(String name) {
        Object value = field(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Torch7Tensor tensor)) {
            throw bad("has a '" + name + "' that is not a tensor");
        }
        return tensor.elementCount() == 0 ? Optional.empty() : Optional.of(tensor);
    }

    /**
     * A floating-point parameter copied out with exactly {@code shape}; a tensor holding the same
     * elements in another shape (a 2-D convolution weight of {@code nn.SpatialConvolutionMM}) is
     * taken in the expected shape, as torch's own back-compatibility code does.
     */
    public HostTensor parameter(String name, long... shape) {
        Torch7Tensor tensor = tensor(name).orElseThrow(() -> bad("lacks its parameter '" + name + "'"));
        if (!tensor.type().isFloatingPoint()) {
            throw bad("has an integer '" + name + "' tensor where weights are floating point");
        }
        long expected = HostTensor.elementCount(shape);
        boolean sameShape = Arrays.equals(tensor.sizes(), shape);
        if (!sameShape && !(tensor.elementCount() == expected && tensor.sizes().length == 2 && shape.length == 4)) {
            throw bad("has a " + tensor.shapeText() + " '" + name + "', expected " + Arrays.toString(shape));
        }
        HostTensor host = tensor.toHost(file);
        return sameShape ? host : new HostTensor(shape, host.values());
    }

    /** The modules of a container ({@code modules} field), in order. */
    public List<Torch7Module> children() {
        Object value = field("modules");
        if (!(value instanceof Torch7Table table)) {
            throw bad("has no list of modules");
        }
        List<Object> items = table.list();
        if (items.size() != table.size()) {
            throw bad("has a 'modules' table that is not a list");
        }
        List<Torch7Module> children = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            children.add(of(file, path.isEmpty() ? Integer.toString(i) : path + "." + i, items.get(i)));
        }
        return children;
    }

    /** A one-line problem with this module. */
    public BadInputException bad(String problem) {
        return new BadInputException(file, description() + " " + problem);
    }
}
