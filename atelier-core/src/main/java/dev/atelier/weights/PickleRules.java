package dev.atelier.weights;

/**
 * What a {@link RestrictedUnpickler} may construct. The machine itself only moves plain values
 * (numbers, strings, tuples, lists, dicts) around; every opcode that would import or call
 * something goes through these rules, which refuse anything a weights file does not need.
 */
interface PickleRules {

    /** The value a {@code GLOBAL} opcode pushes; refuses names outside the allowed set. */
    Object global(String module, String name);

    /** The result of {@code REDUCE}: {@code callable(*arguments)}. */
    Object call(Object callable, PickleTuple arguments);

    /** The result of {@code NEWOBJ}: {@code type.__new__(type, *arguments)}. */
    Object newObject(Object type, PickleTuple arguments);

    /** Applies a {@code BUILD} opcode's state to {@code target}. */
    void build(Object target, Object state);

    /** The object a {@code BINPERSID} opcode's identifier refers to (outside the pickle). */
    Object persistentLoad(Object persistentId);
}
