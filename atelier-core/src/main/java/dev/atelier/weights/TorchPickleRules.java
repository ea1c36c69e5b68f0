package dev.atelier.weights;

import dev.atelier.BadInputException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The rules for unpickling a {@code torch.save} state_dict: only {@link TorchGlobal}s may be named,
 * only OrderedDict construction and the tensor rebuild functions may be called, and tensors become
 * {@link TensorReference}s that say where their data lies without reading it.
 */
final class TorchPickleRules implements PickleRules {
    private final Path file;
    private final Function<PickleTuple, StorageSlice> storages;

    /** @param storages resolves a {@code ('storage', ...)} persistent id for this container format */
    TorchPickleRules(Path file, Function<PickleTuple, StorageSlice> storages) {
        this.file = file;
        this.storages = storages;
    }

    @Override
    public Object global(String module, String name) {
        return TorchGlobal.find(module, name).orElseThrow(() -> new BadInputException(file,
                "refusing to load: the pickle names the global " + Messages.quoted(module + "." + name)
                        + ", which a weights file never needs"));
    }

    @Override
    public Object call(Object callable, PickleTuple arguments) {
        TorchGlobal function = callableGlobal(callable);
        return switch (function.role()) {
            case ORDERED_DICT -> orderedDict(arguments);
            case REBUILD_TENSOR_V2 -> {
                // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
                expectArguments(function, arguments, arguments.size() == 6 || arguments.size() == 7);
                yield tensor(arguments);
            }
            case REBUILD_TENSOR -> {
                // (storage, storage_offset, size, stride)
                expectArguments(function, arguments, arguments.size() == 4);
                yield tensor(arguments);
            }
            case REBUILD_PARAMETER -> {
                // (data, requires_grad, backward_hooks): a parameter is its data for our purpose.
                expectArguments(function, arguments,
                        arguments.size() == 3 && arguments.get(0) instanceof TensorReference);
                yield arguments.get(0);
            }
            default -> throw refuseCall(function);
        };
    }

    @Override
    public Object newObject(Object type, PickleTuple arguments) {
        TorchGlobal global = callableGlobal(type);
        if (global.role() != TorchGlobal.Role.ORDERED_DICT) {
            throw refuseCall(global);
        }
        return orderedDict(arguments);
    }

    /** The only BUILD torch.save writes sets a state_dict's {@code _metadata}, which we do not need. */
    @Override
    public void build(Object target, Object state) {
        if (!(target instanceof Map<?, ?>)) {
            throw malformed("BUILD applied to a " + PickleValues.typeName(target));
        }
    }

    @Override
    public Object persistentLoad(Object persistentId) {
        if (persistentId instanceof PickleTuple id && id.size() > 0) {
            if ("storage".equals(id.get(0))) {
                return storages.apply(id);
            }
            if ("module".equals(id.get(0))) {
                throw new BadInputException(file,
                        "holds a whole pickled nn.Module, not a state_dict; save model.state_dict() instead");
            }
        }
        throw malformed("a persistent id that is not a ('storage', ...) tuple");
    }

    private Object orderedDict(PickleTuple arguments) {
        if (arguments.size() != 0) {
            throw malformed("OrderedDict built from " + arguments.size() + " arguments");
        }
        return new LinkedHashMap<Object, Object>();
    }

    private TensorReference tensor(PickleTuple arguments) {
        if (!(arguments.get(0) instanceof StorageSlice slice)) {
            throw malformed("a tensor whose storage is a " + PickleValues.typeName(arguments.get(0)));
        }
        if (!(arguments.get(1) instanceof Long offset) || offset < 0) {
            throw malformed("a tensor whose storage offset is not a non-negative integer");
        }
        long[] shape = dimensions(arguments.get(2), "size");
        long[] stride = dimensions(arguments.get(3), "stride");
        if (shape.length != stride.length) {
            throw malformed("a tensor with " + shape.length + " sizes but " + stride.length + " strides");
        }
        return new TensorReference(slice, offset, shape, stride);
    }

    private long[] dimensions(Object value, String what) {
        if (!(value instanceof PickleTuple tuple)) {
            throw malformed("a tensor " + what + " that is not a tuple");
        }
        long[] result = new long[tuple.size()];
        for (int i = 0; i < result.length; i++) {
            if (!(tuple.get(i) instanceof Long number) || number < 0) {
                throw malformed("a tensor " + what + " holding something other than non-negative integers");
            }
            result[i] = number;
        }
        return result;
    }

    private TorchGlobal callableGlobal(Object callable) {
        if (callable instanceof TorchGlobal global) {
            return global;
        }
        throw malformed("a call of a " + PickleValues.typeName(callable));
    }

    private void expectArguments(TorchGlobal function, PickleTuple arguments, boolean valid) {
        if (!valid) {
            throw malformed(function.qualifiedName() + " called with unexpected arguments");
        }
    }

    private BadInputException refuseCall(TorchGlobal global) {
        return new BadInputException(file, "refusing to load: the pickle calls '" + global.qualifiedName()
                + "', which a weights file never does");
    }

    private BadInputException malformed(String detail) {
        return new BadInputException(file, "malformed state_dict pickle (" + detail + ")");
    }
}
