package dev.atelier.weights;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A Python tuple read from a pickle; kept apart from lists because torch's layouts are tuples. */
record PickleTuple(List<Object> items) {

    PickleTuple {
        // Pickled tuples may hold None, which List.copyOf refuses.
        items = Collections.unmodifiableList(new ArrayList<>(items));
    }

    int size() {
        return items.size();
    }

    Object get(int index) {
        return items.get(index);
    }
}
