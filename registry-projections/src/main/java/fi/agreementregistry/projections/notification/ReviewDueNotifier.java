package fi.agreementregistry.projections.notification;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import fi.agreementregistry.core.review.ReviewScheduled;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * Tells the responsible body that a review was scheduled, by writing a message to {@code notification_outbox}
 * (a mailer sends from there). A side effect, not a read model: it must happen once per event, so it never runs
 * on a replay ({@link DisallowReplay}); an event delivered twice (at-least-once after a crash) is counted in
 * {@code redeliveries} instead of notifying again.
 */
@Component
@ProcessingGroup(ReviewDueNotifier.PROCESSING_GROUP)
public class ReviewDueNotifier {

    public static final String PROCESSING_GROUP = "review-notifications";
    public static final String COLLECTION = "notification_outbox";

    private final MongoDatabase database;

    public ReviewDueNotifier(MongoDatabase database) {
        this.database = database;
    }

    @EventHandler
    @DisallowReplay
    public void on(ReviewScheduled event, EventMessage<?> message) {
        Document notification = new Document("_id", message.getIdentifier())
                .append("kind", "review-scheduled")
                .append("agreementId", event.agreementId().value())
                .append("reviewId", event.reviewId().value())
                .append("dueBy", String.valueOf(event.dueBy()))
                .append("to", event.responsibleBody());
        try {
            outbox().insertOne(notification);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            outbox().updateOne(Filters.eq("_id", message.getIdentifier()), Updates.inc("redeliveries", 1));
        }
    }

    MongoCollection<Document> outbox() {
        return database.getCollection(COLLECTION);
    }
}
