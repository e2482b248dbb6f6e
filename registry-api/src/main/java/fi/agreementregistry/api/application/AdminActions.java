package fi.agreementregistry.api.application;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import fi.agreementregistry.api.security.CurrentUser;
import fi.agreementregistry.api.security.RegistryUser;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What administrators did (replays, repairs), in {@code admin_actions}; auditors read it at
 * {@code GET /api/audit/admin-actions}. Admin actions change no events, so they are not in the agreement history.
 */
@Component
public class AdminActions {

    public static final String COLLECTION = "admin_actions";

    /** One recorded action. {@code actor} is the signed-in administrator (API, web page or terminal command). */
    public record AdminAction(String id, String at, String actor, String action, String target,
                              Map<String, Object> details) {
    }

    private final MongoDatabase database;
    private final Clock clock;

    public AdminActions(MongoDatabase database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Who acts: the signed-in user, or "terminal" for a terminal command run without a sign-in. */
    public static String currentActor() {
        return CurrentUser.get().map(RegistryUser::userId).orElse("terminal");
    }

    public AdminAction record(String action, String target, Map<String, Object> details) {
        String actor = currentActor();
        AdminAction recorded = new AdminAction(UUID.randomUUID().toString(), clock.instant().toString(), actor, action,
                target, details == null ? Map.of() : details);
        collection().insertOne(new Document("_id", recorded.id()).append("at", recorded.at())
                .append("actor", actor).append("action", action).append("target", target)
                .append("details", new Document(recorded.details())));
        return recorded;
    }

    /** Newest first. */
    public List<AdminAction> latest(int limit) {
        List<AdminAction> actions = new ArrayList<>();
        for (Document d : collection().find().sort(Sorts.descending("at")).limit(limit)) {
            Document details = d.get("details", Document.class);
            actions.add(new AdminAction(d.getString("_id"), d.getString("at"), d.getString("actor"),
                    d.getString("action"), d.getString("target"),
                    details == null ? Map.of() : new LinkedHashMap<>(details)));
        }
        return actions;
    }

    private MongoCollection<Document> collection() {
        return database.getCollection(COLLECTION);
    }
}
