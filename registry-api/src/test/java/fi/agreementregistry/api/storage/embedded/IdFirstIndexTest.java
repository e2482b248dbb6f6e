package fi.agreementregistry.api.storage.embedded;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.memory.index.MemoryUniqueIndex;
import de.bwaldvogel.mongo.bson.Document;
import fi.agreementregistry.projections.support.BatchWrites;
import fi.agreementregistry.projections.support.CollectionNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded server answers a query on one {@code _id} with more conditions (a read-model write guarded by the
 * stored sequence) from the {@code _id} index instead of scanning the collection, and still applies the conditions.
 */
class IdFirstIndexTest {

    private static final Document GUARDED = new Document("_id", "b")
            .append("$or", List.of(new Document("aggregateSequence", new Document("$lt", 5L)),
                    new Document("aggregateSequence", new Document("$exists", false))));

    @Test
    void aQueryOnOneIdWithMoreConditionsIsAnsweredFromTheIdIndex() {
        Index<Integer> plain = new MemoryUniqueIndex("_id_", List.of(new IndexKey("_id", true)), false);
        Index<Integer> index = IdFirstIndex.of(plain);
        int position = 0;
        for (String id : List.of("a", "b", "c")) {
            index.add(new Document("_id", id), position++, null);
        }

        assertThat(plain.canHandle(GUARDED)).as("mongo-java-server's own index: a scan").isFalse();
        assertThat(index.canHandle(GUARDED)).isTrue();
        assertThat(index.getPositions(GUARDED)).containsExactly(1);
        assertThat(index.canHandle(new Document("_id", "b"))).isTrue();
        // DayIndex.remove blanks a key in one chunk by {_id, keys}: flat, so from the index; the $and that
        // Filters.and renders is not, and made every completed review scan review_index (a million-event replay).
        assertThat(index.canHandle(new Document("_id", "b").append("keys", "k"))).isTrue();
        assertThat(index.canHandle(new Document("$and", List.of(new Document("_id", "b"), new Document("keys", "k")))))
                .isFalse();
        assertThat(index.canHandle(new Document("_id", new Document("$gt", "a")).append("x", 1))).isFalse();
        assertThat(index.canHandle(new Document("title", "b").append("x", 1))).isFalse();
        assertThat(IdFirstIndex.of(new MemoryUniqueIndex("title_1", List.of(new IndexKey("title", true)), false)))
                .as("other indexes are left as they are").isNotInstanceOf(IdFirstIndex.class);
    }

    @Test
    void guardedWritesReplaceOnlyOlderDocumentsInMemory() {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.inMemory()) {
            guardedWritesReplaceOnlyOlderDocuments(server);
        }
    }

    @Test
    void guardedWritesReplaceOnlyOlderDocumentsInAReopenedFileStore(@TempDir Path dataDir) {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.fileBacked(dataDir);
             MongoClient client = MongoClients.create(server.connectionString())) {
            client.getDatabase("registry").getCollection("states").insertOne(new org.bson.Document("_id", "x"));
        }
        try (EmbeddedMongoServer reopened = EmbeddedMongoServer.fileBacked(dataDir)) {
            guardedWritesReplaceOnlyOlderDocuments(reopened);
        }
    }

    private static void guardedWritesReplaceOnlyOlderDocuments(EmbeddedMongoServer server) {
        try (MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<org.bson.Document> states = client.getDatabase("registry").getCollection("states");
            states.insertMany(List.of(state("newer", 9, "stored"), state("older", 1, "stored"),
                    new org.bson.Document("_id", "link").append("supersedes", "old")));
            BatchWrites.Documents<org.bson.Document> documents = new BatchWrites(client.getDatabase("registry"),
                    CollectionNames.BASE).versioned("states", d -> d,
                    (id, d) -> new com.mongodb.client.model.ReplaceOneModel<>(Filters.eq("_id", id), d),
                    d -> d.get("aggregateSequence", Number.class).longValue(), payload -> null);

            for (String id : List.of("newer", "older", "absent")) {
                documents.put(id, state(id, 5, "written"));
            }
            documents.put("link", state("link", 5, "written").append("supersedes", "old"));

            List<org.bson.Document> stored = states.find().sort(new org.bson.Document("_id", 1))
                    .into(new ArrayList<>());
            assertThat(stored).extracting(d -> d.getString("_id") + ":" + d.getString("by"))
                    .contains("absent:written", "link:written", "newer:stored", "older:written");
        }
    }

    private static org.bson.Document state(String id, long sequence, String by) {
        return new org.bson.Document("_id", id).append("aggregateSequence", sequence).append("by", by);
    }
}
