package fi.agreementregistry.projections.review;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import fi.agreementregistry.projections.agreement.AgreementSummary;
import fi.agreementregistry.projections.support.BatchWrites;
import fi.agreementregistry.projections.support.CollectionNames;
import fi.agreementregistry.projections.support.ListIndexes;
import fi.agreementregistry.projections.support.DayIndex;
import fi.agreementregistry.projections.support.EventOutOfOrder;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import fi.agreementregistry.core.agreement.AgreementDrafted;
import fi.agreementregistry.core.agreement.AgreementEnteredIntoForce;
import fi.agreementregistry.core.agreement.AgreementEvent;
import fi.agreementregistry.core.agreement.AgreementStatus;
import fi.agreementregistry.core.agreement.AgreementSuperseded;
import fi.agreementregistry.core.agreement.AgreementTerminated;
import fi.agreementregistry.core.agreement.PartyAdded;
import fi.agreementregistry.core.agreement.PartyRemoved;
import fi.agreementregistry.core.party.PartyRef;
import fi.agreementregistry.core.review.ReviewCompleted;
import fi.agreementregistry.core.review.ReviewScheduled;
import fi.agreementregistry.projections.support.JsonDocuments;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.bson.Document;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The review deadlines: one document per review in {@code review_deadlines} ({@code _id} = agreement/review),
 * and one per agreement in {@code review_agreements} (title, status, parties) that the query joins in.
 * Idempotent: the agreement's entry remembers the sequence of the last event of the agreement it applied (every
 * event moves it on) and skips anything at or below it; an event further ahead fails the batch
 * ({@link EventOutOfOrder}). The review documents keep the sequence of the event that last changed them.
 * A processor's batch changes the documents in memory and writes each once ({@link BatchWrites}).
 */
@ProcessingGroup(ReviewDeadlineProjection.PROCESSING_GROUP)
public class ReviewDeadlineProjection {

    public static final String PROCESSING_GROUP = "review-deadlines";
    static final String REVIEWS = "review_deadlines";
    static final String AGREEMENTS = "review_agreements";
    static final String SEQUENCE = "aggregateSequence";
    /**
     * The lists the paged query walks instead of sorting the collection (the embedded server can only look documents
     * up by {@code _id}): the reviews by due day and the open ones by due day (two {@link DayIndex}es, {@value #DUE} and
     * {@value #OPEN}), each party's reviews by due day ({@link #partyDue}, since index version 2: a review is listed
     * under every party its agreement had when it was scheduled or gained later; the query checks membership on the
     * agreement's entry, as for a party's agreements), each agreement's reviews ({@code agreement|<id>}), each party's agreements ({@code party|<id>},
     * kept also after the party left: the query checks membership on the agreement's entry; only in generations of
     * version 1, see {@link #keepsPartyAgreements}) and the responsible
     * bodies ({@value #BODIES}).
     */
    static final String INDEX = "review_index";
    /** The {@link DayIndex} of the reviews by due day. */
    static final String DUE = "due";
    /**
     * The {@link DayIndex} of the reviews still open by due day: a review leaves it when completed, unless its
     * completion date lies after the day it was recorded (events from before that rule), so that for any day from
     * today on, every review open on that day is in it.
     */
    static final String OPEN = "open";
    /** The version of the indexes a generation started empty gets ({@link ListIndexes}); 2 added {@link #partyDue}. */
    static final int INDEX_VERSION = 2;
    /** Every responsible body a review was scheduled for (the deadlines page's filter choices). */
    static final String BODIES = "responsible-bodies";

    /** The base names of the collections this read model writes. */
    public static final List<String> COLLECTIONS = List.of(REVIEWS, AGREEMENTS, INDEX);

    private final MongoDatabase database;
    private final CollectionNames names;
    private final BatchWrites.Documents<Document> postings;
    private final DayIndex dueDays;
    private final DayIndex openDays;
    /** Which chunk of the {@value #OPEN} index lists each review ({@code open-chunk|<review key>}), for its removal. */
    private final BatchWrites.Documents<Long> openChunks;
    private final BatchWrites.Documents<ReviewEntry> reviews;
    private final BatchWrites.Documents<AgreementEntry> agreements;
    /**
     * Whether this generation was started before the parties' own due-day indexes (index version 1): its queries find a
     * party's reviews through the party's agreements ({@code party|<id>}), which it therefore keeps writing. A
     * generation at the current version does not need them, and at a million events each is a set of over a thousand
     * agreements that every draft of the party rewrote.
     */
    private boolean keepsPartyAgreements;

    /**
     * @param names the collections this instance writes: the live generation (built so in
     *              {@code ReadModelConfiguration}), a generation a rebuild fills, or the plain names in tests
     */
    public ReviewDeadlineProjection(MongoDatabase database, CollectionNames names) {
        this.names = names;
        this.database = database;
        BatchWrites writes = new BatchWrites(database, names);
        // The index first: a crash before the entries are written redelivers the events, which the index takes again.
        this.postings = writes.documents(INDEX, document -> document, ReviewDeadlineProjection::replaceDocument);
        this.dueDays = DayIndex.in(writes, INDEX, DUE);
        this.openDays = DayIndex.in(writes, INDEX, OPEN);
        this.openChunks = writes.documents(INDEX, document -> document.get("chunk", Number.class).longValue(),
                (id, chunk) -> replaceDocument(id, new Document("_id", id).append("chunk", chunk)),
                payload -> payload instanceof ReviewCompleted e
                        ? openChunkOf(reviewKey(e.agreementId().value(), e.reviewId().value())) : null);
        // Versioned: a batch flushed after its processor lost the segment never overwrites a later document.
        this.reviews = writes.versioned(REVIEWS, d -> JsonDocuments.fromDocument(d, ReviewEntry.class),
                ReviewDeadlineProjection::replace, ReviewEntry::aggregateSequence,
                ReviewDeadlineProjection::reviewKeyOf);
        this.agreements = writes.versioned(AGREEMENTS, d -> JsonDocuments.fromDocument(d, AgreementEntry.class),
                ReviewDeadlineProjection::replace, AgreementEntry::aggregateSequence,
                payload -> payload instanceof AgreementEvent e ? e.agreementId().value() : null);
        createIndexes();
    }

    /** What the review list needs to know about an agreement. */
    /**
     * @param everyEvent whether {@code aggregateSequence} counts every event of the agreement; false in entries an
     *                   older version wrote, which moved it on only for the events they used (such an entry accepts a
     *                   jump in sequence once; docs/schema-evolution.md)
     */
    public record AgreementEntry(String agreementId, String title, AgreementStatus status, List<PartyRef> parties,
                                 long aggregateSequence, boolean everyEvent) {
        public AgreementEntry(String agreementId, String title, AgreementStatus status, List<PartyRef> parties,
                              long aggregateSequence) {
            this(agreementId, title, status, parties, aggregateSequence, true);
        }

        AgreementEntry withSequence(long sequence) {
            return new AgreementEntry(agreementId, title, status, parties, sequence);
        }

        /** The sequence the next event must follow: for an older entry, any later event counts as next. */
        Long appliedBefore(long sequence) {
            return everyEvent || aggregateSequence >= sequence ? aggregateSequence : sequence - 1;
        }
    }

    /**
     * A stored review, without its computed status: the agreement's review as its summary keeps it, with the agreement
     * and the sequence of the event that last changed it. Unwrapped, so the document has the review's fields at its
     * top level, between {@code agreementId} and {@code aggregateSequence}.
     */
    public record ReviewEntry(String agreementId, @JsonUnwrapped AgreementSummary.ReviewEntry review,
                              long aggregateSequence) {
    }

    static String openChunkOf(String reviewKey) {
        return "open-chunk|" + reviewKey;
    }

    static String agreementReviews(String agreementId) {
        return "agreement|" + agreementId;
    }

    static String partyAgreements(String partyId) {
        return "party|" + partyId;
    }

    /** The name of the {@link DayIndex} of the party's reviews by due day. */
    static String partyDue(String partyId) {
        return DUE + "@" + partyId;
    }

    @EventHandler
    public void on(AgreementDrafted event, @SequenceNumber long sequence) {
        String id = event.agreementId().value();
        AgreementEntry existing = agreements.find(id);
        if (EventOutOfOrder.isNext(PROCESSING_GROUP, id, existing == null ? null : existing.appliedBefore(sequence),
                sequence, event)) {
            if (keepsPartyAgreements) {
                event.parties().forEach(party -> addToSet(partyAgreements(party.id().value()), "agreements", id));
            }
            saveAgreement(new AgreementEntry(id, event.title(), AgreementStatus.DRAFT, event.parties(), sequence));
        }
    }

    @EventHandler
    public void on(PartyAdded event, @SequenceNumber long sequence) {
        updateAgreement(event, sequence, a -> {
            if (keepsPartyAgreements) {
                addToSet(partyAgreements(event.party().id().value()), "agreements", a.agreementId());
            }
            listReviewsOfAgreement(a.agreementId(), event.party().id().value());
            List<PartyRef> parties = new ArrayList<>(a.parties());
            parties.removeIf(p -> p.id().equals(event.party().id()));
            parties.add(event.party());
            return new AgreementEntry(a.agreementId(), a.title(), a.status(), parties, sequence);
        });
    }

    @EventHandler
    public void on(PartyRemoved event, @SequenceNumber long sequence) {
        updateAgreement(event, sequence, a -> new AgreementEntry(a.agreementId(), a.title(),
                a.status(), a.parties().stream().filter(p -> !p.id().equals(event.party().id())).toList(), sequence));
    }

    @EventHandler
    public void on(AgreementEnteredIntoForce event, @SequenceNumber long sequence) {
        status(event, sequence, AgreementStatus.IN_FORCE);
    }

    @EventHandler
    public void on(AgreementSuperseded event, @SequenceNumber long sequence) {
        status(event, sequence, AgreementStatus.SUPERSEDED);
    }

    @EventHandler
    public void on(AgreementTerminated event, @SequenceNumber long sequence) {
        status(event, sequence, AgreementStatus.TERMINATED);
    }

    @EventHandler
    public void on(ReviewScheduled event, @SequenceNumber long sequence) {
        AgreementEntry agreement = next(event, sequence);
        if (agreement == null) {
            return;
        }
        String id = reviewKey(event.agreementId().value(), event.reviewId().value());
        dueDays.add(event.dueBy(), id);
        agreement.parties().forEach(party -> dueDays.named(partyDue(party.id().value())).add(event.dueBy(), id));
        openChunks.put(openChunkOf(id), openDays.add(event.dueBy(), id));
        addToSet(agreementReviews(event.agreementId().value()), "reviews", id);
        if (event.responsibleBody() != null) {
            addToSet(BODIES, "bodies", event.responsibleBody());
        }
        saveReview(id, new ReviewEntry(event.agreementId().value(), AgreementSummary.ReviewEntry.scheduled(event),
                sequence));
        saveAgreement(agreement.withSequence(sequence));
    }

    @EventHandler
    public void on(ReviewCompleted event, @SequenceNumber long sequence, @Timestamp Instant recordedAt) {
        AgreementEntry agreement = next(event, sequence);
        if (agreement == null) {
            return;
        }
        String id = reviewKey(event.agreementId().value(), event.reviewId().value());
        ReviewEntry r = reviews.find(id);
        if (r == null) {
            throw new IllegalStateException(PROCESSING_GROUP + ": review " + id + " completed (#" + sequence
                    + ") but never scheduled in this read model");
        }
        Long openChunk = openChunks.find(openChunkOf(id));
        if (openChunk != null && !event.completedOn().isAfter(recordedAt.atOffset(ZoneOffset.UTC).toLocalDate())) {
            openDays.remove(r.review().dueBy(), openChunk, id);
        }
        saveReview(id, new ReviewEntry(r.agreementId(), r.review().completed(event), sequence));
        saveAgreement(agreement.withSequence(sequence));
    }

    /** Every other event of the agreement (approvals, signatures, amendments) only moves its sequence on. */
    @EventHandler
    public void on(AgreementEvent event, @SequenceNumber long sequence) {
        updateAgreement(event, sequence, a -> a.withSequence(sequence));
    }

    @ResetHandler
    public void reset() {
        reviewCollection().drop();
        agreementCollection().drop();
        indexCollection().drop();
        createIndexes();
    }

    /** Lists the agreement's reviews so far (stored, and scheduled earlier in this batch) under a party it gained. */
    private void listReviewsOfAgreement(String agreementId, String partyId) {
        String postingId = agreementReviews(agreementId);
        Set<Object> keys = new LinkedHashSet<>();
        Document stored = postings.find(postingId);
        if (stored != null) {
            keys.addAll(stored.getList("reviews", String.class));
        }
        keys.addAll(postings.additions(postingId, "reviews"));
        DayIndex ofParty = dueDays.named(partyDue(partyId));
        for (Object key : keys) {
            ReviewEntry review = reviews.find((String) key);
            if (review != null) {
                ofParty.add(review.review().dueBy(), (String) key);
            }
        }
    }

    private void addToSet(String id, String field, String value) {
        postings.addToSet(id, field, value);
    }

    private static String reviewKeyOf(Object payload) {
        if (payload instanceof ReviewScheduled e) {
            return reviewKey(e.agreementId().value(), e.reviewId().value());
        }
        return payload instanceof ReviewCompleted e ? reviewKey(e.agreementId().value(), e.reviewId().value()) : null;
    }

    static String reviewKey(String agreementId, String reviewId) {
        return agreementId + "/" + reviewId;
    }

    private void status(AgreementEvent event, long sequence, AgreementStatus status) {
        updateAgreement(event, sequence,
                a -> new AgreementEntry(a.agreementId(), a.title(), status, a.parties(), sequence));
    }

    private void updateAgreement(AgreementEvent event, long sequence,
                                 java.util.function.UnaryOperator<AgreementEntry> change) {
        AgreementEntry existing = next(event, sequence);
        if (existing != null) {
            saveAgreement(change.apply(existing));
        }
    }

    /**
     * The agreement's entry when the event (not a draft) is the next one for it; null when it was applied already
     * (redelivered). Throws {@link EventOutOfOrder} for an event ahead of its turn or before the draft.
     */
    private AgreementEntry next(AgreementEvent event, long sequence) {
        String agreementId = event.agreementId().value();
        AgreementEntry existing = agreements.find(agreementId);
        boolean next = EventOutOfOrder.isNext(PROCESSING_GROUP, agreementId,
                existing == null ? null : existing.appliedBefore(sequence), sequence, event);
        return next ? existing : null;
    }

    private void saveAgreement(AgreementEntry entry) {
        agreements.put(entry.agreementId(), entry);
    }

    private void saveReview(String id, ReviewEntry entry) {
        reviews.put(id, entry);
    }

    private static WriteModel<Document> replaceDocument(String id, Document document) {
        return new ReplaceOneModel<>(Filters.eq("_id", id), document, new ReplaceOptions().upsert(true));
    }

    private static WriteModel<Document> replace(String id, Record entry) {
        Document document = JsonDocuments.toDocument(entry);
        document.put("_id", id);
        return new ReplaceOneModel<>(Filters.eq("_id", id), document, new ReplaceOptions().upsert(true));
    }

    MongoCollection<Document> reviewCollection() {
        return database.getCollection(names.of(REVIEWS));
    }

    MongoCollection<Document> agreementCollection() {
        return database.getCollection(names.of(AGREEMENTS));
    }

    MongoCollection<Document> indexCollection() {
        return database.getCollection(names.of(INDEX));
    }

    // The embedded server answers from _id only; a real MongoDB uses these for the scans of a generation built
    // before the index (review_index) existed.
    private void createIndexes() {
        reviewCollection().createIndex(Indexes.ascending("dueBy"));
        reviewCollection().createIndex(Indexes.ascending("responsibleBody", "dueBy"));
        reviewCollection().createIndex(Indexes.ascending("agreementId"));
        agreementCollection().createIndex(Indexes.ascending("parties.id"));
        // A generation that starts empty is indexed from its first event; one with entries and no mark was written
        // before the index existed, and stays read by scans until it is rebuilt.
        ListIndexes.markIfEmpty(indexCollection(), List.of(agreementCollection(), reviewCollection()), INDEX_VERSION);
        keepsPartyAgreements = ListIndexes.version(indexCollection()) < INDEX_VERSION;
    }
}
