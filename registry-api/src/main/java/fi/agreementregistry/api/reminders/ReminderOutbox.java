package fi.agreementregistry.api.reminders;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The collection {@value #COLLECTION}: one entry per reminder, that is per review (or statutory negotiation due),
 * occurrence and recipient, with an {@code _id} made of the three, so a second instance (or a second run) planning
 * the same reminder fails on the key and nothing is sent twice:
 * <pre>
 * { _id: "review|before-14d|address", kind: "reminder", reviewId, agreementId, agreementTitle, dueBy, reviewKind,
 *   responsibleBody, occurrence, reminderDay, daysToDue, email, language, name, source,
 *   state: PENDING | SENDING | SENT | FAILED | CANCELLED, attempts, nextAttemptAt, claimedBy, claimedUntil,
 *   lastError, createdAt, sentAt, cancelledReason }
 * { _id: "negotiation|611/2021 §14|welfare-area:09|2025-06-01|before-14d|address", kind: "reminder",
 *   topic: "NEGOTIATION", negotiationKey, duty, welfareAreaId, welfareAreaName, periodStart, dueBy (the period's
 *   last day), municipalities (names of those that have not negotiated), occurrence, ... as above }
 * </pre>
 * An instance sends an entry only after taking it with one atomic update on its {@code _id} (PENDING and due, or
 * SENDING with an expired lease: its instance died), so two instances never send the same mail. Finding the entries
 * to send scans the collection (the embedded server answers only {@code _id} lookups from an index); an entry is a
 * few hundred bytes and there are a handful per review and reminder day. Earlier versions wrote one
 * {@code review-scheduled} document per event here; those have no {@code state} and are left alone.
 */
@Component
public class ReminderOutbox {

    public static final String COLLECTION = "notification_outbox";
    static final String KIND = "reminder";

    public enum State { PENDING, SENDING, SENT, FAILED, CANCELLED }

    /** What a reminder is of: a review of an agreement, or a statutory negotiation a county has still to hold. */
    public enum Topic { REVIEW, NEGOTIATION }

    /**
     * One reminder as the admin API lists it: a review's ({@code reviewId}...{@code responsibleBody}), or a statutory
     * negotiation's ({@code negotiationKey}...{@code municipalities}, the period's last day as {@code dueBy}).
     */
    public record Entry(String id, Topic topic, String reviewId, String agreementId, String agreementTitle,
                        LocalDate dueBy, String reviewKind, String responsibleBody, String negotiationKey,
                        String duty, String welfareAreaId, String welfareAreaName, LocalDate periodStart,
                        List<String> municipalities, String occurrence, LocalDate reminderDay, long daysToDue,
                        String email, String language, String name, String source, State state, int attempts,
                        Instant nextAttemptAt, String lastError, Instant createdAt, Instant sentAt,
                        String cancelledReason) {
    }

    private final MongoDatabase database;

    public ReminderOutbox(MongoDatabase database) {
        this.database = database;
    }

    private MongoCollection<Document> collection() {
        return database.getCollection(COLLECTION);
    }

    /** The entry's {@code _id}: one per review (or negotiation due), occurrence and (lower-case) address. */
    static String id(String subject, String occurrence, String email) {
        return subject + "|" + occurrence + "|" + email.toLowerCase(java.util.Locale.ROOT);
    }

    /** Adds a PENDING entry, due at once; false when it is there already (planned before, here or elsewhere). */
    boolean plan(Document entry, Instant now) {
        entry.append("kind", KIND).append("state", State.PENDING.name()).append("attempts", 0)
                .append("nextAttemptAt", Date.from(now)).append("createdAt", Date.from(now));
        try {
            collection().insertOne(entry);
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            return false;
        }
    }

    /**
     * Plans one reminder of {@code subject} ({@code about}: what the mail tells of it) to each addressee, and cancels
     * the entries still PENDING of the reminder it replaces ({@code replacing}, the entries planned last).
     *
     * @return the ids of the entries of this reminder (planned now, or before by another instance)
     */
    List<String> planEach(String subject, Document about, ReminderOccurrence occurrence,
                          Collection<Addressees.Addressee> addressees, List<String> replacing, Instant now) {
        List<String> planned = new ArrayList<>();
        for (Addressees.Addressee to : addressees) {
            String id = id(subject, occurrence.key(), to.contact().email());
            Document entry = new Document("_id", id);
            entry.putAll(about);
            plan(entry.append("occurrence", occurrence.key()).append("reminderDay", occurrence.day().toString())
                    .append("daysToDue", occurrence.daysToDue()).append("email", to.contact().email())
                    .append("language", to.contact().language()).append("name", to.contact().name())
                    .append("source", to.source()), now);
            planned.add(id);
        }
        List<String> replaced = new ArrayList<>(replacing);
        replaced.removeAll(planned);
        cancelPending(replaced, "replaced by the reminder " + occurrence.key());
        return planned;
    }

    /** Cancels those of the entries that are still PENDING (not being sent, not sent). */
    void cancelPending(List<String> ids, String reason) {
        if (!ids.isEmpty()) {
            collection().updateMany(Filters.and(Filters.in("_id", ids), Filters.eq("state", State.PENDING.name())),
                    Updates.combine(Updates.set("state", State.CANCELLED.name()), Updates.set("cancelledReason", reason)));
        }
    }

    /** The entries an instance may take now: PENDING and due, or SENDING with an expired lease. */
    List<String> claimable(Instant now) {
        List<String> ids = new ArrayList<>();
        for (Document d : collection().find(Filters.and(Filters.eq("kind", KIND),
                Filters.in("state", State.PENDING.name(), State.SENDING.name())))) {
            Date due = State.PENDING.name().equals(d.getString("state")) ? d.getDate("nextAttemptAt")
                    : d.getDate("claimedUntil");
            if (due == null || !due.toInstant().isAfter(now)) {
                ids.add(d.getString("_id"));
            }
        }
        return ids;
    }

    /** Takes the entry for this instance for {@code lease}, counting an attempt; empty when another has it. */
    Optional<Document> claim(String id, String instance, Instant now, Duration lease) {
        Bson takeable = Filters.or(
                Filters.and(Filters.eq("state", State.PENDING.name()), Filters.lte("nextAttemptAt", Date.from(now))),
                Filters.and(Filters.eq("state", State.SENDING.name()), Filters.lte("claimedUntil", Date.from(now))));
        return Optional.ofNullable(collection().findOneAndUpdate(Filters.and(Filters.eq("_id", id), takeable),
                Updates.combine(Updates.set("state", State.SENDING.name()), Updates.set("claimedBy", instance),
                        Updates.set("claimedUntil", Date.from(now.plus(lease))), Updates.inc("attempts", 1)),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)));
    }

    private Bson heldBy(String id, String instance) {
        return Filters.and(Filters.eq("_id", id), Filters.eq("state", State.SENDING.name()),
                Filters.eq("claimedBy", instance));
    }

    private static Bson released() {
        return Updates.combine(Updates.unset("claimedBy"), Updates.unset("claimedUntil"));
    }

    void sent(String id, String instance, Instant now) {
        collection().updateOne(heldBy(id, instance), Updates.combine(Updates.set("state", State.SENT.name()),
                Updates.set("sentAt", Date.from(now)), Updates.unset("nextAttemptAt"), released()));
    }

    /** A failed attempt: PENDING again at {@code retryAt}, or FAILED when {@code retryAt} is null (given up). */
    void failed(String id, String instance, String error, Instant retryAt) {
        Bson state = retryAt == null
                ? Updates.combine(Updates.set("state", State.FAILED.name()), Updates.unset("nextAttemptAt"))
                : Updates.combine(Updates.set("state", State.PENDING.name()), Updates.set("nextAttemptAt", Date.from(retryAt)));
        collection().updateOne(heldBy(id, instance), Updates.combine(state, Updates.set("lastError", error), released()));
    }

    void cancelClaimed(String id, String instance, String reason) {
        collection().updateOne(heldBy(id, instance), Updates.combine(Updates.set("state", State.CANCELLED.name()),
                Updates.set("cancelledReason", reason), Updates.unset("nextAttemptAt"), released()));
    }

    /** The reminders in a state (all when null), newest first, at most {@code limit}. */
    public List<Entry> list(State state, int limit) {
        Bson filter = state == null ? Filters.eq("kind", KIND)
                : Filters.and(Filters.eq("kind", KIND), Filters.eq("state", state.name()));
        List<Entry> entries = new ArrayList<>();
        for (Document d : collection().find(filter)) {
            entries.add(entry(d));
        }
        entries.sort(Comparator.comparing(Entry::createdAt, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(Entry::id));
        return entries.size() > limit ? List.copyOf(entries.subList(0, limit)) : entries;
    }

    /** How many reminders are in each state (every state listed, 0 included). */
    public Map<State, Long> counts() {
        Map<State, Long> counts = new EnumMap<>(State.class);
        for (State s : State.values()) {
            counts.put(s, 0L);
        }
        for (Document d : collection().find(Filters.eq("kind", KIND)).projection(new Document("state", 1))) {
            counts.merge(State.valueOf(d.getString("state")), 1L, Long::sum);
        }
        return counts;
    }

    static Entry entry(Document d) {
        return new Entry(d.getString("_id"), d.getString("topic") == null ? Topic.REVIEW
                : Topic.valueOf(d.getString("topic")), d.getString("reviewId"), d.getString("agreementId"),
                d.getString("agreementTitle"), date(d.getString("dueBy")), d.getString("reviewKind"),
                d.getString("responsibleBody"), d.getString("negotiationKey"), d.getString("duty"),
                d.getString("welfareAreaId"), d.getString("welfareAreaName"), date(d.getString("periodStart")),
                d.getList("municipalities", String.class), d.getString("occurrence"), date(d.getString("reminderDay")),
                d.get("daysToDue", Number.class) == null ? 0 : d.get("daysToDue", Number.class).longValue(),
                d.getString("email"), d.getString("language"), d.getString("name"), d.getString("source"),
                State.valueOf(d.getString("state")), d.get("attempts", Number.class) == null ? 0
                : d.get("attempts", Number.class).intValue(), instant(d.getDate("nextAttemptAt")),
                d.getString("lastError"), instant(d.getDate("createdAt")), instant(d.getDate("sentAt")),
                d.getString("cancelledReason"));
    }

    private static LocalDate date(String text) {
        return text == null ? null : LocalDate.parse(text);
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
