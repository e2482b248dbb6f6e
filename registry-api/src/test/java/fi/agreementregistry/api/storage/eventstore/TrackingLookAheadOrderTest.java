package fi.agreementregistry.api.storage.eventstore;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import fi.agreementregistry.api.storage.embedded.InMemoryMongo;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static fi.agreementregistry.api.storage.eventstore.StoreTestSupport.event;
import static fi.agreementregistry.api.storage.eventstore.StoreTestSupport.newId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tracker at the head finds its next window empty and reads the counter to decide whether to look further. Commits
 * that arrive between those two reads must not be delivered out of their order: an agreement's later event, found in
 * the window looked at next, may not overtake its earlier events, which lie in the window already found empty.
 * <p>
 * This happened under load in the benchmark (issue: "ApprovalRecorded #8 arrived before the agreement's draft"); with
 * Axon's shared event cache the misordered sequence was replayed on every retry until the cache moved on, and for
 * good once the appends stopped.
 */
class TrackingLookAheadOrderTest {

    private static final int BATCH = 5;

    @RegisterExtension
    final InMemoryMongo mongo = new InMemoryMongo();

    /** Runs once, on the tracker's next read of the counter (between the empty window and the next one). */
    private final AtomicReference<Runnable> onCounterRead = new AtomicReference<>();

    @Test
    void commitsStoredWhileTheTrackerLooksAheadAreDeliveredInTheirOrder() {
        MongoEventStorageEngine engine = StoreTestSupport.engineBuilder(mongo.client())
                .database(counterReadHooked(mongo.client().getDatabase(StoreTestSupport.DATABASE)))
                .batchSize(BATCH)
                .build();
        engine.appendEvents(event(newId(), 0));                              // number 1
        TrackingToken atHead = read(engine, null).get(0).trackingToken();

        // While the tracker, having found numbers 2..6 empty, reads the counter: one agreement's events 0..5 are
        // stored as numbers 2..7, so the counter allows a look at the next window, 7..11.
        String agreement = newId();
        onCounterRead.set(() -> {
            for (int sequence = 0; sequence <= BATCH; sequence++) {
                engine.appendEvents(event(agreement, sequence));
            }
        });

        List<Long> sequences = read(engine, atHead).stream()
                .map(e -> ((DomainEventMessage<?>) e).getSequenceNumber())
                .collect(Collectors.toList());
        assertThat(onCounterRead.get()).as("the commits arrived during the look-ahead").isNull();
        assertThat(sequences).as("the agreement's events, in their order").containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
    }

    private static List<? extends TrackedEventMessage<?>> read(MongoEventStorageEngine engine, TrackingToken from) {
        return engine.readEvents(from, false).collect(Collectors.toList());
    }

    /** The database, whose counters collection runs {@link #onCounterRead} (once) before a {@code find}. */
    private MongoDatabase counterReadHooked(MongoDatabase database) {
        return proxy(MongoDatabase.class, database, (method, args, result) -> {
            if (result instanceof MongoCollection<?> collection && "getCollection".equals(method)
                    && "event_counters".equals(args[0])) {
                return hooked(collection);
            }
            return result;
        });
    }

    private MongoCollection<?> hooked(MongoCollection<?> collection) {
        return proxy(MongoCollection.class, collection, (method, args, result) -> {
            if (result instanceof MongoCollection<?> derived) {
                return hooked(derived);  // withReadConcern, withReadPreference, ...
            }
            return result;
        }, method -> {
            if ("find".equals(method)) {
                Runnable hook = onCounterRead.getAndSet(null);
                if (hook != null) {
                    hook.run();
                }
            }
        });
    }

    private interface After {
        Object apply(String method, Object[] args, Object result);
    }

    private interface Before {
        void accept(String method);
    }

    private static <T> T proxy(Class<T> type, Object target, After after) {
        return proxy(type, target, after, method -> { });
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Object target, After after, Before before) {
        InvocationHandler handler = (p, method, args) -> {
            before.accept(method.getName());
            try {
                return after.apply(method.getName(), args, method.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, handler);
    }
}
