package dev.atelier.studio;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Delivers job events to the streams watching each job. Each stream has its own bounded queue, so
 * a slow reader never holds up a worker: when its queue is full the oldest event is dropped
 * (progress and preview events only say what is latest, and the final state is always delivered
 * since it is the last event of a job).
 */
final class JobEvents {
    private static final int QUEUE_LENGTH = 256;

    private final Map<Long, Set<Subscription>> watchers = new ConcurrentHashMap<>();

    /** Starts receiving job {@code id}'s events; close the subscription when done. */
    Subscription subscribe(long id) {
        Subscription subscription = new Subscription(id);
        watchers.computeIfAbsent(id, key -> ConcurrentHashMap.newKeySet()).add(subscription);
        return subscription;
    }

    void publish(long id, JobEvent event) {
        Set<Subscription> subscriptions = watchers.get(id);
        if (subscriptions != null) {
            subscriptions.forEach(subscription -> subscription.offer(event));
        }
    }

    /** Ends every stream (the server is stopping). */
    void shutdown() {
        watchers.values().forEach(subscriptions -> subscriptions.forEach(s -> s.offer(JobEvent.SHUTDOWN)));
    }

    /** One stream's queue of events. */
    final class Subscription implements AutoCloseable {
        private final long id;
        private final BlockingQueue<JobEvent> queue = new ArrayBlockingQueue<>(QUEUE_LENGTH);

        private Subscription(long id) {
            this.id = id;
        }

        private synchronized void offer(JobEvent event) {
            while (!queue.offer(event)) {
                queue.poll();
            }
        }

        /** The next event, or {@code null} when none came within {@code millis}. */
        JobEvent next(long millis) throws InterruptedException {
            return queue.poll(millis, TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            watchers.computeIfPresent(id, (key, subscriptions) -> {
                subscriptions.remove(this);
                return subscriptions.isEmpty() ? null : subscriptions;
            });
        }
    }
}
