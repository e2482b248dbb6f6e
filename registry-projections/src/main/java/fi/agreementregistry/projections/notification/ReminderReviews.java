package fi.agreementregistry.projections.notification;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The collection {@value #COLLECTION}: one document per review the registry has seen scheduled live (never from a
 * replay, see {@link ReviewDueNotifier}), {@code _id} = the review's id:
 * <pre>
 * { _id: reviewId, agreementId, dueBy: "2026-12-31", kind, responsibleBody,
 *   open: true | false, closedReason,      // closed: completed, or its agreement superseded or terminated
 *   plannedOccurrence, plannedEntries,     // the reminder last planned for it and its outbox entries (the mailer's)
 *   seeded: true }                         // taken from the live review read model, not (yet) from its event
 * </pre>
 * Reviews scheduled before the registry sent reminders are taken over once from the live review read model
 * ({@link #seed}), never from a rebuild's generation.
 * The mailer lists the open ones (a scan of this collection: one document per review, far fewer than events) and
 * asks, by {@code _id}, whether a review is still open before it sends a reminder of it.
 */
public class ReminderReviews {

    public static final String COLLECTION = "reminder_reviews";
    static final String AGREEMENT_ID = "agreementId";
    static final String DUE_BY = "dueBy";
    static final String KIND = "kind";
    static final String RESPONSIBLE_BODY = "responsibleBody";
    static final String OPEN = "open";
    static final String CLOSED_REASON = "closedReason";
    static final String PLANNED_OCCURRENCE = "plannedOccurrence";
    static final String PLANNED_ENTRIES = "plannedEntries";
    static final String SEEDED = "seeded";
    /** The document saying the reviews of the read model were taken over once ({@link #seeded()}). */
    public static final String SEEDED_MARKER = "format|seeded-from-review-deadlines";

    /** An open review and the reminder last planned for it (null before the first). */
    public record OpenReview(String reviewId, String agreementId, LocalDate dueBy, String kind, String responsibleBody,
                             String plannedOccurrence, List<String> plannedEntries) {
    }

    private final MongoDatabase database;

    public ReminderReviews(MongoDatabase database) {
        this.database = database;
    }

    MongoCollection<Document> collection() {
        return database.getCollection(COLLECTION);
    }

    /** Every open review. */
    public List<OpenReview> open() {
        List<OpenReview> open = new ArrayList<>();
        for (Document d : collection().find(Filters.eq(OPEN, true))) {
            open.add(new OpenReview(d.getString("_id"), d.getString(AGREEMENT_ID), LocalDate.parse(d.getString(DUE_BY)),
                    d.getString(KIND), d.getString(RESPONSIBLE_BODY), d.getString(PLANNED_OCCURRENCE),
                    d.getList(PLANNED_ENTRIES, String.class, List.of())));
        }
        return open;
    }

    /** Why the review is closed; empty while it is open. An unknown review counts as closed. */
    public Optional<String> closedReason(String reviewId) {
        Document d = collection().find(Filters.eq("_id", reviewId)).first();
        if (d == null) {
            return Optional.of("unknown review");
        }
        return Boolean.TRUE.equals(d.getBoolean(OPEN)) ? Optional.empty()
                : Optional.of(String.valueOf(d.getString(CLOSED_REASON)));
    }

    /** Records the reminder planned for the review (by any instance: the same values, so a race is harmless). */
    public void markPlanned(String reviewId, String occurrence, List<String> entries) {
        collection().updateOne(Filters.eq("_id", reviewId),
                Updates.combine(Updates.set(PLANNED_OCCURRENCE, occurrence), Updates.set(PLANNED_ENTRIES, entries)));
    }

    /** Whether the reviews scheduled before reminders existed were taken over from the review read model. */
    public boolean seeded() {
        return collection().find(Filters.eq("_id", SEEDED_MARKER)).first() != null;
    }

    /**
     * Adds an open review known from the live review read model (scheduled before this collection existed); a
     * review already here (open or closed) is left as it is.
     */
    public void seed(String reviewId, String agreementId, LocalDate dueBy, String kind, String responsibleBody) {
        try {
            collection().insertOne(new Document("_id", reviewId).append(AGREEMENT_ID, agreementId)
                    .append(DUE_BY, dueBy.toString()).append(KIND, kind).append(RESPONSIBLE_BODY, responsibleBody)
                    .append(OPEN, true).append(SEEDED, true));
        } catch (com.mongodb.MongoWriteException e) {
            if (e.getError().getCategory() != com.mongodb.ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }

    public void markSeeded() {
        collection().replaceOne(Filters.eq("_id", SEEDED_MARKER), new Document("_id", SEEDED_MARKER),
                new com.mongodb.client.model.ReplaceOptions().upsert(true));
    }

    /**
     * The notifier met the schedule of a review already here: true when it was a seeded one (now its own), false
     * when the event was delivered before (a redelivery).
     */
    boolean adoptSeeded(String reviewId) {
        return collection().updateOne(Filters.and(Filters.eq("_id", reviewId), Filters.eq(SEEDED, true)),
                Updates.unset(SEEDED)).getModifiedCount() > 0;
    }

    void close(Bson filter, String reason) {
        collection().updateMany(filter, Updates.combine(Updates.set(OPEN, false), Updates.set(CLOSED_REASON, reason)));
    }
}
