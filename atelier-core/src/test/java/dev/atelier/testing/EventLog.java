package dev.atelier.testing;

import dev.atelier.progress.RunEvent;
import dev.atelier.progress.RunListener;
import dev.atelier.progress.StepFinished;
import dev.atelier.progress.Warning;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Keeps every event a run sends, for tests to look at; optionally does something on each. */
public final class EventLog implements RunListener {
    private final List<RunEvent> events = new CopyOnWriteArrayList<>();
    private final Consumer<RunEvent> reaction;
    private final boolean wantsImages;

    public EventLog() {
        this(event -> { }, false);
    }

    private EventLog(Consumer<RunEvent> reaction, boolean wantsImages) {
        this.reaction = reaction;
        this.wantsImages = wantsImages;
    }

    /** A log that also runs {@code reaction} on each event (to cancel after a step, say). */
    public static EventLog reacting(Consumer<RunEvent> reaction) {
        return new EventLog(reaction, false);
    }

    /** A log that asks for the picture after every step. */
    public static EventLog wantingImages() {
        return new EventLog(event -> { }, true);
    }

    @Override
    public void onEvent(RunEvent event) {
        events.add(event);
        reaction.accept(event);
    }

    @Override
    public boolean wantsImages() {
        return wantsImages;
    }

    public List<RunEvent> all() {
        return List.copyOf(events);
    }

    /** The events of one kind, in order. */
    public <T extends RunEvent> List<T> of(Class<T> kind) {
        return events.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    public List<StepFinished> steps() {
        return of(StepFinished.class);
    }

    public List<String> warnings() {
        return of(Warning.class).stream().map(Warning::message).toList();
    }
}
