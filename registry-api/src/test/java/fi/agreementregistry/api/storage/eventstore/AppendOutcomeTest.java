package fi.agreementregistry.api.storage.eventstore;

import com.mongodb.MongoSocketReadException;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import fi.agreementregistry.api.storage.embedded.InMemoryMongo;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicReference;

import static fi.agreementregistry.api.storage.eventstore.StoreTestSupport.event;
import static fi.agreementregistry.api.storage.eventstore.StoreTestSupport.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An append whose insert reached the server but whose acknowledgement was lost (a write-concern timeout, a dropped
 * connection) is reported as stored, never as failed: otherwise the client retries and the action happens twice.
 * A fault-injecting wrapper around the driver's collection fails the insert of a commit after, or instead of,
 * passing it on.
 */
class AppendOutcomeTest {

    enum Fault { NONE, AFTER_WRITE, BEFORE_WRITE }

    @RegisterExtension
    final InMemoryMongo mongo = new InMemoryMongo();
    private final AtomicReference<Fault> nextInsert = new AtomicReference<>(Fault.NONE);

    @Test
    void anAppendWhoseAcknowledgementIsLostAfterTheWriteIsReportedAsStored() {
        MongoEventStorageEngine engine = faultyEngine();
        String id = newId();
        nextInsert.set(Fault.AFTER_WRITE);

        engine.appendEvents(event(id, 0));   // no exception: it is stored

        assertThat(engine.readEvents(id).asStream()).hasSize(1);
        assertThat(events().countDocuments(new Document("tombstone", true))).as("its numbers were not given up").isZero();
        assertThat(engine.readEvents(null, false).count()).as("trackers read it once").isEqualTo(1);
    }

    @Test
    void anAppendThatNeverReachedTheServerIsReportedAsFailedAndItsNumbersAreGivenUp() {
        MongoEventStorageEngine engine = faultyEngine();
        String id = newId();
        nextInsert.set(Fault.BEFORE_WRITE);

        assertThatThrownBy(() -> engine.appendEvents(event(id, 0))).isInstanceOf(EventStoreException.class);

        assertThat(engine.readEvents(id).asStream()).isEmpty();
        assertThat(events().countDocuments(new Document("tombstone", true))).isEqualTo(1);
        DomainEventMessage<?> retried = event(id, 0);
        engine.appendEvents(retried);       // the retry is stored, once
        assertThat(engine.readEvents(id).asStream()).hasSize(1);
    }

    private MongoCollection<Document> events() {
        return mongo.client().getDatabase(StoreTestSupport.DATABASE).getCollection("domain_events");
    }

    private MongoEventStorageEngine faultyEngine() {
        return MongoEventStorageEngine.builder()
                                      .database(faulty(mongo.client().getDatabase(StoreTestSupport.DATABASE)))
                                      .eventSerializer(StoreTestSupport.jackson())
                                      .snapshotSerializer(StoreTestSupport.jackson())
                                      .build();
    }

    /** A database whose events collection fails the next insert of a commit as told by {@link #nextInsert}. */
    private MongoDatabase faulty(MongoDatabase database) {
        return (MongoDatabase) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{MongoDatabase.class},
                (proxy, method, args) -> {
                    Object result = invoke(database, method, args);
                    return result instanceof MongoCollection<?> collection && "domain_events".equals(args[0])
                            ? faulty(collection) : result;
                });
    }

    @SuppressWarnings("unchecked")
    private MongoCollection<Document> faulty(MongoCollection<?> collection) {
        return (MongoCollection<Document>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{MongoCollection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("insertOne") && args[0] instanceof Document commit
                            && commit.containsKey("events")) {
                        Fault fault = nextInsert.getAndSet(Fault.NONE);
                        if (fault == Fault.BEFORE_WRITE) {
                            throw new MongoSocketReadException("connection reset (injected)", new ServerAddress());
                        }
                        Object result = invoke(collection, method, args);
                        if (fault == Fault.AFTER_WRITE) {
                            throw new MongoSocketReadException("acknowledgement lost (injected)", new ServerAddress());
                        }
                        return result;
                    }
                    Object result = invoke(collection, method, args);
                    // withReadConcern(...) and friends return new collections: keep injecting into those too
                    return result instanceof MongoCollection<?> derived ? faulty(derived) : result;
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
