package fi.agreementregistry.projections.history;

import fi.agreementregistry.projections.support.BatchWrites;
import fi.agreementregistry.projections.support.CollectionNames;
import fi.agreementregistry.projections.support.ListIndexes;
import fi.agreementregistry.projections.support.DayIndex;
import org.axonframework.eventhandling.DomainEventMessage;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import fi.agreementregistry.core.actor.Actor;
import fi.agreementregistry.core.agreement.AgreementDrafted;
import fi.agreementregistry.core.agreement.AgreementEnteredIntoForce;
import fi.agreementregistry.core.agreement.AgreementEvent;
import fi.agreementregistry.core.agreement.AgreementSuperseded;
import fi.agreementregistry.core.agreement.AgreementTerminated;
import fi.agreementregistry.core.agreement.PartyAdded;
import fi.agreementregistry.core.agreement.PartyRemoved;
import fi.agreementregistry.core.agreement.Principle;
import fi.agreementregistry.core.amendment.PrinciplesAmended;
import fi.agreementregistry.core.amendment.PrinciplesAmendmentProposed;
import fi.agreementregistry.core.approval.ApprovalRecorded;
import fi.agreementregistry.core.party.PartyRef;
import fi.agreementregistry.core.negotiation.LegalBasis;
import fi.agreementregistry.core.negotiation.Measure;
import fi.agreementregistry.core.negotiation.MeasureAdded;
import fi.agreementregistry.core.negotiation.MeasureStatusChanged;
import fi.agreementregistry.core.negotiation.MinutesReference;
import fi.agreementregistry.core.negotiation.NegotiationEvent;
import fi.agreementregistry.core.negotiation.NegotiationRecorded;
import fi.agreementregistry.core.review.ReviewCompleted;
import fi.agreementregistry.core.review.ReviewOutcome;
import fi.agreementregistry.core.review.ReviewScheduled;
import fi.agreementregistry.core.signature.AgreementSigned;
import fi.agreementregistry.projections.support.JsonDocuments;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.MetaData;
import org.bson.Document;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One document per event in {@code agreement_history}, keyed by agreement and sequence number, so an event
 * delivered twice replaces its own document with the same content (idempotent). A processor's batch writes its
 * entries with one bulk write ({@link BatchWrites}). The facts come from the
 * event, the actor from its metadata, the recorded time from its timestamp: a replay rebuilds the same documents.
 * <p>
 * The events of statutory negotiations are in the same audit history, keyed {@code negotiation:<id>#<sequence>} (a
 * {@code ':'} is never in an agreement id, so the keys never meet); that key is also their {@code agreementId} field
 * in the collection (the unique index needs one), read back as {@code negotiationId}. A measure's later entries take
 * the county, the participants and the measure's text from the negotiation's earlier entries (looked up through the
 * batch, so a replay that has not flushed them yet finds them too).
 */
@ProcessingGroup(AgreementHistoryProjection.PROCESSING_GROUP)
public class AgreementHistoryProjection {

    public static final String PROCESSING_GROUP = "agreement-history";
    /** The event types an entry can have (the events' simple class names), for filters. */
    public static final List<String> EVENT_TYPES = List.of("AgreementDrafted", "PartyAdded", "PartyRemoved",
            "PrinciplesAmendmentProposed", "PrinciplesAmended", "ApprovalRecorded", "AgreementSigned",
            "AgreementEnteredIntoForce", "ReviewScheduled", "ReviewCompleted", "AgreementSuperseded",
            "AgreementTerminated", "NegotiationRecorded", "MeasureAdded", "MeasureStatusChanged");
    /** The key prefix of a negotiation's entries. */
    public static final String NEGOTIATION_KEY = "negotiation:";
    /** In a NegotiationRecorded document only: the texts of the measures agreed, by measure id. */
    static final String MEASURE_TEXTS = "measureTexts";
    static final String COLLECTION = "agreement_history";
    static final String AGREEMENT_ID = "agreementId";
    static final String SEQUENCE = "sequence";
    static final String EVENT_TYPE = "eventType";
    static final String EFFECTIVE_ON = "effectiveOn";
    static final String PARTY_ID = "partyId";
    static final String ACTOR_PARTY_ID = "actor.partyId";
    /** A negotiation's participants, on each of its entries. */
    static final String PARTY_IDS = "partyIds";
    /** Epoch milliseconds of the recorded time: sorts correctly, unlike ISO strings of varying precision. */
    static final String RECORDED_AT_MILLIS = "recordedAtMillis";

    /**
     * The entries by business date ({@link DayIndex} {@value #EFFECTIVE}), so the global history is read a page at a
     * time by {@code _id}; marked with a {@code format} document (ListIndexes) in a generation built with it from its first event.
     */
    static final String INDEX = "agreement_history_index";
    static final String EFFECTIVE = "effective";

    /** The base names of the collections this read model writes. */
    public static final List<String> COLLECTIONS = List.of(COLLECTION, INDEX);

    private final MongoDatabase database;
    private final CollectionNames names;
    private final DayIndex byBusinessDate;
    private final BatchWrites.Documents<Document> entries;

    /**
     * @param names the collections this instance writes: the live generation (built so in
     *              {@code ReadModelConfiguration}), a generation a rebuild fills, or the plain names in tests
     */
    public AgreementHistoryProjection(MongoDatabase database, CollectionNames names) {
        this.names = names;
        this.database = database;
        BatchWrites writes = new BatchWrites(database, names);
        this.byBusinessDate = DayIndex.in(writes, INDEX, EFFECTIVE);
        // Replaced, not inserted: a redelivered event rewrites its entry rather than trusting a duplicate-key error.
        // Looked up per batch (one query), so that only a new entry is added to the index.
        this.entries = writes.documentsOfMessages(COLLECTION, document -> document,
                (id, document) -> new ReplaceOneModel<>(Filters.eq("_id", id), document,
                        new ReplaceOptions().upsert(true)),
                message -> !(message instanceof DomainEventMessage<?> event) ? null
                        : event.getPayload() instanceof AgreementEvent payload
                        ? id(payload.agreementId().value(), event.getSequenceNumber())
                        : event.getPayload() instanceof NegotiationEvent payload
                        ? id(negotiationKey(payload.negotiationId().value()), event.getSequenceNumber()) : null);
        createIndexes();
    }

    @EventHandler
    public void on(AgreementEvent event, @SequenceNumber long sequence, @Timestamp Instant recordedAt,
                   MetaData metaData) {
        HistoryEntry entry = entryOf(event, sequence, recordedAt, Actor.fromMetaData(metaData).orElse(null));
        Document document = JsonDocuments.toCompactDocument(entry);
        document.put("_id", id(entry.agreementId(), sequence));
        document.put(RECORDED_AT_MILLIS, recordedAt.toEpochMilli());
        store(document, entry, recordedAt);
    }

    @EventHandler
    public void on(NegotiationEvent event, @SequenceNumber long sequence, @Timestamp Instant recordedAt,
                   MetaData metaData) {
        String key = negotiationKey(event.negotiationId().value());
        Document recorded = event instanceof NegotiationRecorded ? null : asStored(entries.find(id(key, 0)));
        HistoryEntry entry = entryOf(event, sequence, recordedAt, Actor.fromMetaData(metaData).orElse(null),
                recorded == null ? null : HistoryEntryDocuments.fromDocument(recorded),
                event instanceof MeasureStatusChanged changed ? measureText(key, sequence, changed, recorded) : null);
        Document document = JsonDocuments.toCompactDocument(entry);
        document.put("_id", id(key, sequence));
        document.put(AGREEMENT_ID, key);
        document.put(RECORDED_AT_MILLIS, recordedAt.toEpochMilli());
        if (event instanceof NegotiationRecorded e) {
            Document texts = new Document();
            e.measures().forEach(m -> texts.put(m.measureId().value(), m.text()));
            document.put(MEASURE_TEXTS, texts);
        }
        store(document, entry, recordedAt);
    }

    private void store(Document document, HistoryEntry entry, Instant recordedAt) {
        String id = (String) document.get("_id");
        if (entries.find(id) == null) {
            byBusinessDate.add(indexDay(entry, recordedAt), id);
        }
        entries.put(id, document);
    }

    /**
     * The text of the measure a status change is about: from the negotiation's first entry if it was agreed there,
     * else from the nearest earlier entry of the same measure (its addition or its previous change), walking back.
     */
    private String measureText(String key, long sequence, MeasureStatusChanged event, Document recorded) {
        String measureId = event.measureId().value();
        if (recorded != null && recorded.get(MEASURE_TEXTS) instanceof Document texts
                && texts.get(measureId) instanceof String text) {
            return text;
        }
        for (long earlier = sequence - 1; earlier > 0; earlier--) {
            Document before = entries.find(id(key, earlier));
            if (before != null && measureId.equals(before.getString("measureId"))) {
                return before.getString("measureText");
            }
        }
        return null;
    }

    /**
     * A document as the database gives it back, with nested documents: one written earlier in the same batch (a
     * replay) is still as built, its nested values maps and lists of maps.
     */
    private static Document asStored(Document document) {
        return document == null ? null : Document.parse(document.toJson());
    }

    /** The key of a negotiation's entries: its id with a prefix no agreement id has. */
    public static String negotiationKey(String negotiationId) {
        return NEGOTIATION_KEY + negotiationId;
    }

    /** The business date an entry is listed under: its own, or (an event without one) the day it was recorded. */
    static LocalDate indexDay(HistoryEntry entry, Instant recordedAt) {
        return entry.effectiveOn() != null ? entry.effectiveOn() : recordedAt.atOffset(ZoneOffset.UTC).toLocalDate();
    }

    @ResetHandler
    public void reset() {
        collection().drop();
        indexCollection().drop();
        createIndexes();
    }

    /**
     * The plain fields of one negotiation event. {@code recorded} is the negotiation's first entry (null for that
     * event itself), which names the county and the participants; {@code measureText} the text of the measure a
     * status change is about, if known.
     */
    public static HistoryEntry entryOf(NegotiationEvent event, long sequence, Instant recordedAt, Actor actor,
                                       HistoryEntry recorded, String measureText) {
        String county = null;
        String countyName = null;
        List<PartyRef> parties = null;
        List<String> partyIds = recorded == null ? null : recorded.partyIds();
        List<String> legalBases = null;
        String body = null;
        LocalDate meetingDate = null;
        String section = null;
        String diaryNumber = null;
        String measureId = null;
        String text = null;
        String responsible = null;
        LocalDate dueBy = null;
        String previous = null;
        String status = null;
        String note = null;
        if (recorded != null) {
            county = recorded.partyId();
            countyName = recorded.partyName();
        }
        if (event instanceof NegotiationRecorded e) {
            county = e.welfareArea().id().value();
            countyName = e.welfareArea().name();
            parties = e.parties();
            List<String> participants = new ArrayList<>();
            participants.add(county);
            for (PartyRef party : e.parties()) {
                participants.add(party.id().value());
            }
            partyIds = participants;
            legalBases = e.legalBases().stream().map(LegalBasis::label).toList();
            MinutesReference minutes = e.minutesReference();
            if (minutes != null) {
                body = minutes.body();
                meetingDate = minutes.meetingDate();
                section = minutes.section();
                diaryNumber = minutes.diaryNumber();
            }
        } else if (event instanceof MeasureAdded e) {
            Measure m = e.measure();
            measureId = m.measureId().value();
            text = m.text();
            responsible = m.responsible().stream().map(PartyRef::name).collect(Collectors.joining(", "));
            dueBy = m.dueBy();
            status = "PLANNED";
        } else if (event instanceof MeasureStatusChanged e) {
            measureId = e.measureId().value();
            text = measureText;
            previous = e.previous() == null ? null : e.previous().name();
            status = e.status().name();
            note = e.note();
        }
        return new HistoryEntry(null, sequence, event.getClass().getSimpleName(), event.effectiveOn(), recordedAt,
                actor, county, countyName, null, parties, null, body, meetingDate, section, diaryNumber, null, null,
                null, null, null, null, null, null, dueBy, responsible, null, null, null, null,
                event.negotiationId().value(), partyIds == null ? null : List.copyOf(partyIds), legalBases, measureId,
                text, previous, status, note);
    }

    static String id(String agreementId, long sequence) {
        return agreementId + "#" + String.format("%019d", sequence);
    }

    /** The plain fields of one event; public for as-of and export code that reads events directly. */
    public static HistoryEntry entryOf(AgreementEvent event, long sequence, Instant recordedAt, Actor actor) {
        Builder b = new Builder(event, sequence, recordedAt, actor);
        if (event instanceof AgreementDrafted e) {
            b.title = e.title();
            b.parties = e.parties();
            b.version = e.version();
            b.principlesAfter = e.principles();
        } else if (event instanceof PartyAdded e) {
            b.party(e.party());
        } else if (event instanceof PartyRemoved e) {
            b.party(e.party());
        } else if (event instanceof PrinciplesAmended e) {
            b.version = e.version();
            b.principlesBefore = e.previousPrinciples();
            b.principlesAfter = e.principles();
            b.rationale = e.rationale();
        } else if (event instanceof PrinciplesAmendmentProposed e) {
            b.version = e.proposedVersion();
            b.principlesBefore = e.currentPrinciples();
            b.principlesAfter = e.proposedPrinciples();
            b.rationale = e.rationale();
        } else if (event instanceof ApprovalRecorded e) {
            b.party(e.party());
            b.version = e.version();
            b.decisionBody = e.decisionBody();
            b.meetingDate = e.meetingDate();
            b.section = e.section();
            b.diaryNumber = e.diaryNumber();
            b.decisionText = e.decisionText();
        } else if (event instanceof AgreementSigned e) {
            b.party(e.party());
            b.version = e.version();
            b.signatoryName = e.signatory() == null ? null : e.signatory().name();
            b.signatoryTitle = e.signatory() == null ? null : e.signatory().title();
        } else if (event instanceof AgreementEnteredIntoForce e) {
            b.version = e.version();
        } else if (event instanceof ReviewScheduled e) {
            b.reviewId = e.reviewId().value();
            b.reviewKind = e.kind();
            b.dueBy = e.dueBy();
            b.responsibleBody = e.responsibleBody();
            b.reason = e.reason();
        } else if (event instanceof ReviewCompleted e) {
            b.reviewId = e.reviewId().value();
            b.outcome = e.outcome();
            b.minutesReference = e.minutesReference();
        } else if (event instanceof AgreementSuperseded e) {
            b.successorId = e.successorId().value();
        } else if (event instanceof AgreementTerminated e) {
            b.reason = e.reason();
        }
        return b.build();
    }

    private static final class Builder {
        private final AgreementEvent event;
        private final long sequence;
        private final Instant recordedAt;
        private final Actor actor;
        String partyId;
        String partyName;
        String title;
        List<PartyRef> parties;
        Integer version;
        String decisionBody;
        LocalDate meetingDate;
        String section;
        String diaryNumber;
        String decisionText;
        String signatoryName;
        String signatoryTitle;
        List<Principle> principlesBefore;
        List<Principle> principlesAfter;
        String rationale;
        String reviewId;
        String reviewKind;
        LocalDate dueBy;
        String responsibleBody;
        ReviewOutcome outcome;
        String minutesReference;
        String successorId;
        String reason;

        Builder(AgreementEvent event, long sequence, Instant recordedAt, Actor actor) {
            this.event = event;
            this.sequence = sequence;
            this.recordedAt = recordedAt;
            this.actor = actor;
        }

        void party(PartyRef party) {
            partyId = party.id().value();
            partyName = party.name();
        }

        HistoryEntry build() {
            return new HistoryEntry(event.agreementId().value(), sequence, event.getClass().getSimpleName(),
                    event.effectiveOn(), recordedAt, actor, partyId, partyName, title, parties, version,
                    decisionBody, meetingDate, section, diaryNumber, decisionText, signatoryName, signatoryTitle,
                    principlesBefore, principlesAfter, rationale, reviewId, reviewKind, dueBy, responsibleBody,
                    outcome, minutesReference, successorId, reason, null, null, null, null, null, null, null, null);
        }
    }

    private MongoCollection<Document> collection() {
        return database.getCollection(names.of(COLLECTION));
    }

    // The embedded server answers from _id and unique indexes only; a real MongoDB uses all of these.
    private MongoCollection<Document> indexCollection() {
        return database.getCollection(names.of(INDEX));
    }

    private void createIndexes() {
        collection().createIndex(Indexes.ascending(AGREEMENT_ID, SEQUENCE), new IndexOptions().unique(true));
        collection().createIndex(Indexes.descending(EFFECTIVE_ON, RECORDED_AT_MILLIS));
        collection().createIndex(Indexes.ascending(PARTY_ID, EFFECTIVE_ON));
        collection().createIndex(Indexes.ascending(ACTOR_PARTY_ID, EFFECTIVE_ON));
        collection().createIndex(Indexes.ascending(EVENT_TYPE, EFFECTIVE_ON));
        collection().createIndex(Indexes.ascending(PARTY_IDS, EFFECTIVE_ON));
        // A generation that starts empty is indexed from its first event; one with entries and no mark was written
        // before the index existed, and stays read by sorting the collection until it is rebuilt.
        ListIndexes.markIfEmpty(indexCollection(), List.of(collection()));
    }
}
