package fi.agreementregistry.projections.notification;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import fi.agreementregistry.core.agreement.AgreementSuperseded;
import fi.agreementregistry.core.agreement.AgreementTerminated;
import fi.agreementregistry.core.review.ReviewCompleted;
import fi.agreementregistry.core.review.ReviewScheduled;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * Keeps the reviews the registry sends reminders about ({@link ReminderReviews}): a review scheduled is open, one
 * completed, or of an agreement superseded or terminated, is closed (its reminders not yet sent are cancelled by the
 * mailer, which asks before every mail). A side effect, not a read model: it must happen once per event, so it never
 * runs on a replay ({@link DisallowReplay}), and a rebuild's generation never plans a reminder; an event delivered
 * twice (at-least-once after a crash) is counted in {@code redeliveries} instead of opening the review again.
 */
@Component
@ProcessingGroup(ReviewDueNotifier.PROCESSING_GROUP)
public class ReviewDueNotifier {

    public static final String PROCESSING_GROUP = "review-notifications";

    private final ReminderReviews reviews;

    public ReviewDueNotifier(MongoDatabase database) {
        this.reviews = new ReminderReviews(database);
    }

    @EventHandler
    @DisallowReplay
    public void on(ReviewScheduled event, EventMessage<?> message) {
        Document review = new Document("_id", event.reviewId().value())
                .append(ReminderReviews.AGREEMENT_ID, event.agreementId().value())
                .append(ReminderReviews.DUE_BY, String.valueOf(event.dueBy()))
                .append(ReminderReviews.KIND, event.kind())
                .append(ReminderReviews.RESPONSIBLE_BODY, event.responsibleBody())
                .append(ReminderReviews.OPEN, true)
                .append("scheduledBy", message.getIdentifier());
        try {
            reviews.collection().insertOne(review);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            if (!reviews.adoptSeeded(event.reviewId().value())) {
                reviews.collection().updateOne(Filters.eq("_id", event.reviewId().value()),
                        Updates.inc("redeliveries", 1));
            }
        }
    }

    @EventHandler
    @DisallowReplay
    public void on(ReviewCompleted event) {
        reviews.close(Filters.eq("_id", event.reviewId().value()), "review completed on " + event.completedOn());
    }

    @EventHandler
    @DisallowReplay
    public void on(AgreementSuperseded event) {
        reviews.close(Filters.and(Filters.eq(ReminderReviews.AGREEMENT_ID, event.agreementId().value()),
                Filters.eq(ReminderReviews.OPEN, true)), "agreement superseded on " + event.supersededOn());
    }

    @EventHandler
    @DisallowReplay
    public void on(AgreementTerminated event) {
        reviews.close(Filters.and(Filters.eq(ReminderReviews.AGREEMENT_ID, event.agreementId().value()),
                Filters.eq(ReminderReviews.OPEN, true)), "agreement terminated on " + event.terminatedOn());
    }
}
