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
 * document in the index collection records. A generation written before they existed is read by scans until rebuilt.
 */
public final class ListIndexes {

    private static final String FORMAT = "format";

    private ListIndexes() {
    }

    /** Records that the index is complete if the generation has no documents yet (called where it is created). */
    public static void markIfEmpty(MongoCollection<Document> index, List<MongoCollection<Document>> states) {
        if (states.stream().allMatch(state -> state.find().first() == null)) {
            index.updateOne(Filters.eq("_id", FORMAT), Updates.set("version", 1), new UpdateOptions().upsert(true));
        }
    }

    /** Whether the index lists every document of its generation. */
    public static boolean complete(MongoCollection<Document> index) {
        return index.find(Filters.eq("_id", FORMAT)).first() != null;
    }
}
