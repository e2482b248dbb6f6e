package fi.agreementregistry.api.storage.eventstore;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.serialization.Serializer;
import org.bson.Document;

import java.util.stream.Stream;

import static fi.agreementregistry.api.storage.eventstore.EventDocuments.ID;
import static fi.agreementregistry.api.storage.eventstore.EventDocuments.eventEntry;
import static fi.agreementregistry.api.storage.eventstore.EventDocuments.isDuplicateKey;
import static fi.agreementregistry.api.storage.eventstore.EventDocuments.toDomainEventData;

/**
 * The snapshots collection: one document per aggregate ({@code _id} = the aggregate id, the event fields of
 * {@link EventDocuments}), replaced by each newer snapshot, so a load needs one lookup by {@code _id}. Whether a
 * snapshot is used is decided by the engine (its snapshot filter, and whether the payload still deserializes).
 */
final class Snapshots {

    /** Read with read concern {@code majority} on the primary, like every read the engine acts on. */
    private final MongoCollection<Document> snapshots;

    Snapshots(MongoCollection<Document> snapshots) {
        this.snapshots = snapshots;
    }

    void store(DomainEventMessage<?> snapshot, Serializer serializer) {
        Document doc = eventEntry(snapshot, serializer);
        doc.put(ID, snapshot.getAggregateIdentifier());
        try {
            snapshots.replaceOne(Filters.eq(ID, snapshot.getAggregateIdentifier()), doc,
                                 new ReplaceOptions().upsert(true));
        } catch (MongoWriteException e) {
            if (!isDuplicateKey(e)) {   // a concurrent first snapshot of the same aggregate won: fine
                throw new EventStoreException("Failed to store snapshot of " + snapshot.getAggregateIdentifier(), e);
            }
        }
    }

    /** The aggregate's snapshot as serialized data, or nothing. */
    Stream<? extends DomainEventData<?>> read(String aggregateIdentifier) {
        Document doc = snapshots.find(Filters.eq(ID, aggregateIdentifier)).first();
        return doc == null ? Stream.empty() : Stream.of(toDomainEventData(doc));
    }
}
