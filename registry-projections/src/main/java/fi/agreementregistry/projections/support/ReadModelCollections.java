package fi.agreementregistry.projections.support;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * Which generation of each processing group's read model serves reads, in {@code read_model_generations}
 * ({@code _id} = processing group, {@code generation}). A blue/green rebuild fills generation n+1 while n serves;
 * switching is one update of one document, so every instance sharing the database reads the new generation from
 * its next lookup on. Generation 0 uses the plain collection names.
 */
@Component
public class ReadModelCollections {

    public static final String COLLECTION = "read_model_generations";
    static final String GENERATION = "generation";

    private final MongoDatabase database;

    public ReadModelCollections(MongoDatabase database) {
        this.database = database;
    }

    public static String nameFor(String base, long generation) {
        return generation == 0 ? base : base + "__g" + generation;
    }

    /**
     * Drops a collection if it exists. The embedded server logs an ERROR with a stack trace for a drop of a missing
     * collection (which the driver then ignores); an operator must be able to trust that an ERROR is an error.
     */
    public static void dropIfExists(MongoDatabase database, String name) {
        for (String existing : database.listCollectionNames()) {
            if (existing.equals(name)) {
                database.getCollection(name).drop();
                return;
            }
        }
    }

    /** Names that follow the active generation of the group, looked up on every use (an {@code _id} lookup). */
    public CollectionNames live(String processingGroup) {
        return base -> nameFor(base, activeGeneration(processingGroup));
    }

    public long activeGeneration(String processingGroup) {
        Document document = generations().find(Filters.eq("_id", processingGroup)).first();
        Object generation = document == null ? null : document.get(GENERATION);
        return generation instanceof Number n ? n.longValue() : 0;
    }

    /** Switches reads (and the live processor's writes) to a generation: one document update, atomic. */
    public void activate(String processingGroup, long generation) {
        generations().updateOne(Filters.eq("_id", processingGroup),
                Updates.combine(Updates.set(GENERATION, generation)), new UpdateOptions().upsert(true));
    }

    private MongoCollection<Document> generations() {
        return database.getCollection(COLLECTION);
    }
}
