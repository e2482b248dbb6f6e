package fi.agreementregistry.api.storage.eventstore;

import com.mongodb.event.CommandStartedEvent;
import fi.agreementregistry.api.storage.embedded.InMemoryMongo;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.modelling.command.ConcurrencyException;
import org.bson.BsonDocument;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static fi.agreementregistry.api.storage.eventstore.StoreTestSupport.event;
import static fi.agreementregistry.api.storage.eventstore.StoreTestSupport.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * On a replica set a read with the server's default concern ({@code local}) can see a write that a failover later
 * rolls back. Every read of the event collections that the engine acts on (tracking, aggregate loads, snapshots,
 * head tokens) asks for {@code majority}; only the conflict check after a duplicate key reads {@code local}, since
 * the competing commit may not be majority-committed yet. The embedded server ignores read concerns, so this test
 * checks what the driver sends.
 */
class ReadConcernTest {

    private static final Set<String> EVENT_COLLECTIONS = Set.of("domain_events", "snapshot_events", "event_counters");

    private final List<Sent> finds = new CopyOnWriteArrayList<>();
    @RegisterExtension
    final InMemoryMongo mongo = InMemoryMongo.seeingStartedCommands(this::recordFind);
    private MongoEventStorageEngine engine;

    record Sent(String collection, String readConcern, BsonDocument filter) {
    }

    @BeforeEach
    void start() {
        engine = StoreTestSupport.engineBuilder(mongo.client()).batchSize(10).build();
    }

    private void recordFind(CommandStartedEvent event) {
        if (event.getCommandName().equals("find")) {
            BsonDocument command = event.getCommand();
            String level = command.containsKey("readConcern")
                    ? command.getDocument("readConcern").getString("level").getValue() : "(server default)";
            finds.add(new Sent(command.getString("find").getValue(), level,
                               command.getDocument("filter", new BsonDocument()).clone()));
        }
    }

    @Test
    void everyReadTheEngineActsOnAsksForMajority() {
        String id = newId();
        engine.appendEvents(event(id, 0), event(id, 1));
        engine.storeSnapshot(new GenericDomainEventMessage<>("Agreement", id, 1, "snapshot"));
        finds.clear();

        engine.readSnapshot(id);                                          // aggregate load: its snapshot
        engine.readEvents(id).asStream().count();                       // and its events
        engine.readEvents(id, 0).asStream().count();
        engine.lastSequenceNumberFor(id);
        engine.readEvents(null, false).count();                          // tracking
        engine.createHeadToken();
        engine.lastStoredPosition();
        engine.createTokenAt(java.time.Instant.EPOCH);

        List<Sent> onEvents = finds.stream().filter(f -> EVENT_COLLECTIONS.contains(f.collection())).toList();
        assertThat(onEvents).extracting(Sent::collection).contains("domain_events", "snapshot_events");
        assertThat(onEvents).allSatisfy(find -> assertThat(find.readConcern()).as(find.toString()).isEqualTo("majority"));
    }

    @Test
    void theConflictCheckAfterADuplicateKeyReadsLocal() {
        String id = newId();
        engine.appendEvents(event(id, 0), event(id, 1));
        finds.clear();

        assertThatThrownBy(() -> engine.appendEvents(event(id, 1))).isInstanceOf(ConcurrencyException.class);

        List<Sent> onEvents = finds.stream().filter(f -> f.collection().equals("domain_events")).toList();
        assertThat(onEvents).hasSize(1);
        assertThat(onEvents.get(0).filter().containsKey("aggregateKeys")).isTrue();
        assertThat(onEvents.get(0).readConcern()).isEqualTo("local");
        assertThat(finds.stream().map(Sent::collection).collect(Collectors.toSet())).doesNotContain("snapshot_events");
    }
}
