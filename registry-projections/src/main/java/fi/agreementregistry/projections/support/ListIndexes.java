package fi.agreementregistry.projections.support;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;

import java.util.List;

/**
 * Whether a generation of a read model has the indexes of its paged lists ({@code review_index}, ...): they are
 * written from a generation's first event on, so only a generation that started empty has them, which a {@code format}
 * document in the index collection records, with the version of the indexes it was written with (a read model that
 * adds an index raises its version). A generation written before they existed is read by scans until rebuilt; one
 * written with an older version is read without the indexes it lacks.
 */
public final class ListIndexes {

    private static final String FORMAT = "format";

    private ListIndexes() {
    }

    /** Records that the index is complete if the generation has no documents yet (called where it is created). */
    public static void markIfEmpty(MongoCollection<Document> index, List<MongoCollection<Document>> states) {
        markIfEmpty(index, states, 1);
    }

    /**
     * Records that the generation's indexes are complete, in this version, if it has no documents yet (called where it
     * is created).
     */
    public static void markIfEmpty(MongoCollection<Document> index, List<MongoCollection<Document>> states,
                                   int version) {
        if (states.stream().allMatch(state -> state.find().first() == null)) {
            index.updateOne(Filters.eq("_id", FORMAT), Updates.set("version", version),
                    new UpdateOptions().upsert(true));
        }
    }

    /** Whether the index lists every document of its generation. */
    public static boolean complete(MongoCollection<Document> index) {
        return version(index) >= 1;
    }

    /** The version of the indexes the generation was written with from its start; 0: none (read by scans). */
    public static int version(MongoCollection<Document> index) {
        Document format = index.find(Filters.eq("_id", FORMAT)).first();
        return format == null ? 0 : format.get("version") instanceof Number n ? n.intValue() : 1;
    }
}
