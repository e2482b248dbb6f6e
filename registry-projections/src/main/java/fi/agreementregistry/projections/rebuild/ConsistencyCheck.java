package fi.agreementregistry.projections.rebuild;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import fi.agreementregistry.core.agreement.AgreementEvent;
import fi.agreementregistry.core.agreement.Chronology;
import fi.agreementregistry.projections.agreement.AgreementSummaryProjection;
import fi.agreementregistry.projections.history.AgreementHistoryProjection;
import fi.agreementregistry.projections.party.PartyPortfolioProjection;
import fi.agreementregistry.projections.processors.EventProcessorStatus;
import fi.agreementregistry.projections.review.ReviewDeadlineProjection;
import fi.agreementregistry.projections.support.CollectionNames;
import fi.agreementregistry.projections.support.ReadModelCollections;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.RollbackConfigurationType;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Checks every read model against the event store, per agreement, in two ways, and repairs the agreements that differ
 * by rebuilding just their documents through the projection's own handlers (no reset).
 * <ul>
 *     <li><b>Sequences</b>: the last event each read model applied for the agreement against the store's last
 *     sequence of it ({@code behind}, {@code ahead}, {@code missing}). A processor still catching up shows as
 *     {@code behind}.</li>
 *     <li><b>Content</b>: the agreement's events are folded afresh, by the projection's own handlers, into scratch
 *     collections, and every document is compared with the live one, field for field, and the number of documents
 *     per agreement too ({@code altered}). So a document edited behind the registry's back (a forged title, actor or
 *     date) is reported and repaired even though its sequence is right. The {@code supersedes} link, which the
 *     predecessor's events write, is compared separately.</li>
 * </ul>
 * Bounded memory and short queries: the event store is read in pages of global numbers with a projection (each page
 * a lookup on the unique index, so commands are not held up), the read models with one projected scan each, and the
 * content in chunks of {@value #CHUNK} agreements. Its cost grows like a replay's: every event is read and handled
 * once (figures in docs/performance.md).
 */
@Component
public class ConsistencyCheck {

    /**
     * @param state {@code behind}, {@code ahead}, {@code missing} (no document; readModelSequence -1) or
     *              {@code altered} (sequences agree, the content is not what the events make)
     */
    public record Mismatch(String processor, String agreementId, long readModelSequence, long eventStoreSequence,
                           String state) {
    }

    /**
     * @param consistent         every read model agrees with the events (chronology warnings do not count: they are
     *                           about the events themselves)
     * @param chronologyWarnings stored events whose business dates contradict each other (recorded before the date
     *                           rules existed); they load and render as stored
     */
    public record Report(String checkedAt, long head, int agreements, boolean consistent, List<Mismatch> mismatches,
                         List<Chronology.Warning> chronologyWarnings) {
    }

    public record Repair(Report before, List<Mismatch> repaired, Report after) {
    }

    /** How one read model keeps its per-agreement sequence. */
    private record Model(String processor, String collection, String agreementField, String sequenceField,
                         boolean perEvent) {
    }

    private static final List<Model> MODELS = List.of(
            new Model(AgreementSummaryProjection.PROCESSING_GROUP, "agreement_summaries", "_id", "aggregateSequence", false),
            new Model(AgreementHistoryProjection.PROCESSING_GROUP, "agreement_history", "agreementId", "sequence", true),
            new Model(ReviewDeadlineProjection.PROCESSING_GROUP, "review_agreements", "_id", "aggregateSequence", false),
            new Model(PartyPortfolioProjection.PROCESSING_GROUP, "party_portfolio_agreements", "_id",
                    "aggregateSequence", false));

    /** The aggregate type the event store records on an agreement's events (Agreement.AGGREGATE_TYPE). */
    static final String AGREEMENT_TYPE = "Agreement";
    static final int CHUNK = 200;
    private static final int PAGE = 1_000;
    private static final String SCRATCH = "__check";
    /**
     * The collections a read model keeps for its paged lists end so ({@code review_index}, ...): they hold keys of many
     * agreements, in the order the live processor met them, so a fold of some agreements cannot reproduce them; the
     * lists' own tests check them, and a rebuild makes them anew.
     */
    static final String INDEX_SUFFIX = "_index";
    private static final String SUPERSEDES = "supersedes";

    private final MongoDatabase database;
    private final ReadModelCollections collections;
    private final ReplayableGroups groups;
    private final EventStore eventStore;
    private final EventProcessorStatus status;
    private final Clock clock;

    public ConsistencyCheck(MongoDatabase database, ReadModelCollections collections, ReplayableGroups groups,
                            EventStore eventStore, EventProcessorStatus status,
                            Clock clock) {
        this.database = database;
        this.collections = collections;
        this.groups = groups;
        this.eventStore = eventStore;
        this.status = status;
        this.clock = clock;
    }

    public Report check() {
        long head = status.headIndex();
        Map<String, Long> store = lastSequences();
        List<Mismatch> mismatches = new ArrayList<>();
        Map<String, Map<String, Long>> applied = new HashMap<>();
        Map<String, Set<String>> inStep = new HashMap<>();
        for (Model model : MODELS) {
            Map<String, Long> read = readModelSequences(model);
            applied.put(model.processor(), read);
            Set<String> same = new HashSet<>();
            inStep.put(model.processor(), same);
            for (Map.Entry<String, Long> agreement : store.entrySet()) {
                Long sequence = read.get(agreement.getKey());
                long expected = agreement.getValue();
                if (sequence == null) {
                    mismatches.add(new Mismatch(model.processor(), agreement.getKey(), -1, expected, "missing"));
                } else if (sequence > expected && !storedSince(agreement.getKey(), sequence)) {
                    mismatches.add(new Mismatch(model.processor(), agreement.getKey(), sequence, expected, "ahead"));
                } else if (sequence < expected) {
                    mismatches.add(new Mismatch(model.processor(), agreement.getKey(), sequence, expected, "behind"));
                } else {
                    same.add(agreement.getKey());
                }
            }
            for (Map.Entry<String, Long> orphan : read.entrySet()) {
                if (!store.containsKey(orphan.getKey()) && !storedSince(orphan.getKey(), orphan.getValue())) {
                    mismatches.add(new Mismatch(model.processor(), orphan.getKey(), orphan.getValue(), -1, "ahead"));
                }
            }
        }
        List<Chronology.Warning> chronology = new ArrayList<>();
        Map<String, Set<String>> altered = contentAndChronology(store, inStep, chronology);
        for (Model model : MODELS) {
            for (String agreement : altered.get(model.processor())) {
                mismatches.add(new Mismatch(model.processor(), agreement, applied.get(model.processor()).get(agreement),
                        store.get(agreement), "altered"));
            }
        }
        return new Report(clock.instant().toString(), head, store.size(), mismatches.isEmpty(), mismatches,
                chronology);
    }

    /** Rebuilds the documents of every mismatched agreement in the read model that reported it. */
    public Repair repair() {
        Report before = check();
        List<Mismatch> repaired = new ArrayList<>();
        for (Mismatch mismatch : before.mismatches()) {
            if (mismatch.eventStoreSequence() >= 0 || mismatch.readModelSequence() >= 0) {
                rebuild(mismatch.processor(), mismatch.agreementId());
                repaired.add(mismatch);
            }
        }
        return new Repair(before, repaired, check());
    }

    /** Deletes the agreement's documents in the active generation and applies its events again. */
    void rebuild(String processor, String agreementId) {
        ReplayableGroups.Group group = groups.find(processor).orElseThrow();
        CollectionNames names = collections.live(processor);
        String supersedes = null;
        for (String base : group.collections()) {
            MongoCollection<Document> collection = database.getCollection(names.of(base));
            if (base.equals("agreement_summaries")) {
                // Written by the predecessor's AgreementSuperseded, not by this agreement's events: keep it.
                Document existing = collection.find(Filters.eq("_id", agreementId)).first();
                supersedes = existing == null ? null : existing.getString("supersedes");
            }
            collection.deleteMany(Filters.or(Filters.eq("_id", agreementId), Filters.eq("agreementId", agreementId)));
            if (base.equals(PartyPortfolioProjection.POSTINGS)) {
                // Postings of many agreements share a document: only this agreement's go, whatever their sequence.
                PartyPortfolioProjection.removePostings(collection, agreementId);
            }
        }
        AnnotationEventHandlerAdapter handler = new AnnotationEventHandlerAdapter(group.handlerFor().apply(names));
        // From sequence 0 and without snapshots: readEvents(id) would start at a snapshot.
        eventStore.readEvents(agreementId, 0).asStream().forEach(event -> handle(handler, event));
        if (supersedes != null) {
            database.getCollection(names.of("agreement_summaries")).updateOne(Filters.eq("_id", agreementId),
                    Updates.set("supersedes", supersedes));
        }
    }

    private static void handle(AnnotationEventHandlerAdapter handler, DomainEventMessage<?> event) {
        try {
            if (handler.canHandle(event)) {
                handler.handle(event);
            }
        } catch (Exception e) {
            throw new IllegalStateException("repair failed at " + event.getAggregateIdentifier() + " #"
                    + event.getSequenceNumber(), e);
        }
    }

    /**
     * Whether the store holds the agreement's event {@code sequence} by now: a read model that is "ahead" of what the
     * check read from the store at its start, or holds an agreement it did not see, may only have been faster than the
     * check (a command stored meanwhile), not wrong.
     */
    private boolean storedSince(String agreementId, long sequence) {
        return eventStore.lastSequenceNumberFor(agreementId).orElse(-1L) >= sequence;
    }

    /**
     * The last sequence of every agreement, read in pages of global numbers (a lookup on the unique index each, with
     * a projection): no query holds the events collection for long, so commands are not stalled.
     */
    private Map<String, Long> lastSequences() {
        Map<String, Long> last = new TreeMap<>();
        MongoCollection<Document> events = database.getCollection("domain_events");
        Document counter = database.getCollection("event_counters").find(Filters.eq("_id", "domain_events")).first();
        long highest = counter == null ? 0 : counter.get("value", Number.class).longValue();
        for (long from = 1; from <= highest; from += PAGE) {
            List<Long> page = new ArrayList<>(PAGE);
            for (long n = from; n <= Math.min(highest, from + PAGE - 1); n++) {
                page.add(n);
            }
            for (Document commit : events.find(Filters.in("globalIndexes", page))
                    .projection(new Document("events.aggregateIdentifier", 1).append("events.sequenceNumber", 1)
                            .append("events.globalIndex", 1).append("events.type", 1))
                    .batchSize(PAGE)) {
                List<Document> entries = commit.getList("events", Document.class);
                for (Document event : entries == null ? List.<Document>of() : entries) {
                    String aggregate = event.getString("aggregateIdentifier");
                    Object sequence = event.get("sequenceNumber");
                    // The agreements' read models are checked here; other aggregates' events (a negotiation's)
                    // have no documents in them.
                    String type = event.getString("type");
                    if (aggregate != null && sequence instanceof Number n
                            && (type == null || AGREEMENT_TYPE.equals(type))) {
                        last.merge(aggregate, n.longValue(), Math::max);
                    }
                }
            }
        }
        return last;
    }

    /**
     * Reads every agreement's events once, in chunks of {@value #CHUNK} agreements: checks their dates against each
     * other ({@link Chronology}), and folds them afresh through each read model's handlers into scratch collections
     * to compare with the live documents of the agreements whose sequences agree. Returns, per processor, the
     * agreements whose documents are not what their events make.
     */
    private Map<String, Set<String>> contentAndChronology(Map<String, Long> store, Map<String, Set<String>> inStep,
                                                          List<Chronology.Warning> chronology) {
        String run = SCRATCH + "_" + UUID.randomUUID().toString().substring(0, 8);
        CollectionNames scratch = base -> base + run;
        Map<String, Set<String>> altered = new HashMap<>();
        Map<String, String> expectedLinks = new HashMap<>();
        Map<String, Map<String, Map<String, Integer>>> liveCounts = new HashMap<>();
        for (Model model : MODELS) {
            altered.put(model.processor(), new TreeSet<>());
            ReplayableGroups.Group group = groups.find(model.processor()).orElseThrow();
            Map<String, Map<String, Integer>> counts = new HashMap<>();
            group.collections().stream().filter(base -> !base.endsWith(INDEX_SUFFIX)).forEach(base -> counts.put(base,
                    documentsPerAgreement(collections.live(model.processor()).of(base))));
            liveCounts.put(model.processor(), counts);
        }
        List<String> agreements = new ArrayList<>(store.keySet());
        try {
            for (int from = 0; from < agreements.size(); from += CHUNK) {
                List<String> chunk = agreements.subList(from, Math.min(agreements.size(), from + CHUNK));
                Map<String, List<DomainEventMessage<?>>> events = new LinkedHashMap<>();
                for (String id : chunk) {
                    events.put(id, eventStore.readEvents(id, 0).asStream()
                            .filter(event -> event.getSequenceNumber() <= store.get(id))
                            .collect(java.util.stream.Collectors.toList()));
                    chronology.addAll(Chronology.check(events.get(id).stream()
                            .filter(event -> event.getPayload() instanceof AgreementEvent)
                            .map(event -> new Chronology.Stored(event.getSequenceNumber(),
                                    (AgreementEvent) event.getPayload()))
                            .toList()));
                }
                for (Model model : MODELS) {
                    ReplayableGroups.Group group = groups.find(model.processor()).orElseThrow();
                    Set<String> same = new HashSet<>(chunk);
                    same.retainAll(inStep.get(model.processor()));
                    if (same.isEmpty()) {
                        continue;
                    }
                    group.collections().forEach(base -> database.getCollection(scratch.of(base))
                            .deleteMany(new Document()));
                    fold(group.handlerFor().apply(scratch), same.stream().flatMap(id -> events.get(id).stream())
                            .collect(java.util.stream.Collectors.toList()));
                    for (String base : group.collections()) {
                        if (base.endsWith(INDEX_SUFFIX)) {
                            continue; // the lists' indexes are not the agreement's: they list where to look
                        }
                        altered.get(model.processor()).addAll(compare(base, scratch.of(base),
                                collections.live(model.processor()).of(base), same,
                                liveCounts.get(model.processor()).get(base), expectedLinks));
                    }
                }
            }
        } finally {
            MODELS.forEach(model -> groups.find(model.processor()).orElseThrow().collections()
                    .forEach(base -> ReadModelCollections.dropIfExists(database, scratch.of(base))));
        }
        // The supersedes link is written by the predecessor's events: compared once every chunk is folded.
        Set<String> summariesInStep = inStep.get(AgreementSummaryProjection.PROCESSING_GROUP);
        for (Document d : database.getCollection(
                        collections.live(AgreementSummaryProjection.PROCESSING_GROUP).of("agreement_summaries"))
                .find(Filters.exists(SUPERSEDES)).projection(new Document(SUPERSEDES, 1))) {
            String id = d.getString("_id");
            if (summariesInStep.contains(id) && !Objects.equals(d.getString(SUPERSEDES), expectedLinks.remove(id))) {
                altered.get(AgreementSummaryProjection.PROCESSING_GROUP).add(id);
            }
        }
        expectedLinks.keySet().stream().filter(summariesInStep::contains)
                .forEach(altered.get(AgreementSummaryProjection.PROCESSING_GROUP)::add);
        // An agreement that got a new event while we looked is moving, not altered: the next check judges it.
        altered.values().forEach(ids -> ids.removeIf(id ->
                eventStore.lastSequenceNumberFor(id).orElse(-1L) != store.get(id).longValue()));
        return altered;
    }

    /** Applies the events to the handler in one batch (one bulk write per collection). */
    private void fold(Object handler, List<? extends EventMessage<?>> events) {
        AnnotationEventHandlerAdapter adapter = new AnnotationEventHandlerAdapter(handler);
        if (events.isEmpty()) {
            return;
        }
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(new ArrayList<>(events));
        ResultMessage<?> result = unitOfWork.executeWithResult(() -> {
            EventMessage<?> event = unitOfWork.getMessage();
            if (adapter.canHandle(event)) {
                adapter.handle(event);
            }
            return null;
        }, RollbackConfigurationType.ANY_THROWABLE);
        if (result.isExceptional()) {
            throw new IllegalStateException("the consistency check could not fold the events of " + events.size()
                    + " events", result.exceptionResult());
        }
    }

    /**
     * Compares the fold's documents of the chunk's agreements with the live ones: same {@code _id}s, same content
     * (the {@code supersedes} link aside, collected into {@code expectedLinks}), and no further live documents.
     */
    private Set<String> compare(String base, String scratchName, String liveName, Set<String> chunk,
                                Map<String, Integer> liveCounts, Map<String, String> expectedLinks) {
        Set<String> altered = new HashSet<>();
        Map<Object, Document> expected = new HashMap<>();
        Map<String, Integer> expectedCounts = new HashMap<>();
        for (Document d : database.getCollection(scratchName).find().batchSize(PAGE)) {
            String agreement = agreementOf(d);
            Object link = d.remove(SUPERSEDES);
            if (link instanceof String predecessor && base.equals("agreement_summaries")) {
                expectedLinks.put(d.getString("_id"), predecessor);
            }
            if (chunk.contains(agreement) && (d.size() > 1 || !base.equals("agreement_summaries"))) {
                expected.put(d.get("_id"), d);
                expectedCounts.merge(agreement, 1, Integer::sum);
            }
        }
        for (String agreement : chunk) {
            if (!Objects.equals(expectedCounts.getOrDefault(agreement, 0), liveCounts.getOrDefault(agreement, 0))) {
                altered.add(agreement);
            }
        }
        List<Object> ids = new ArrayList<>(expected.keySet());
        for (int from = 0; from < ids.size(); from += PAGE) {
            for (Document d : database.getCollection(liveName)
                    .find(Filters.in("_id", ids.subList(from, Math.min(ids.size(), from + PAGE))))) {
                d.remove(SUPERSEDES);
                Document want = expected.remove(d.get("_id"));
                if (want != null && !want.equals(d)) {
                    altered.add(agreementOf(d));
                }
            }
        }
        expected.values().forEach(d -> altered.add(agreementOf(d)));   // expected but absent
        return altered;
    }

    /** Live documents per agreement: one projected scan of the collection. */
    private Map<String, Integer> documentsPerAgreement(String collection) {
        Map<String, Integer> counts = new HashMap<>();
        for (Document d : database.getCollection(collection).find()
                .projection(new Document("agreementId", 1).append("aggregateSequence", 1)).batchSize(PAGE)) {
            // a supersedes-only stub of a successor not yet drafted is no document of that agreement's own
            if (!collection.startsWith("agreement_summaries") || d.containsKey("aggregateSequence")) {
                counts.merge(agreementOf(d), 1, Integer::sum);
            }
        }
        return counts;
    }

    private static String agreementOf(Document d) {
        Object agreement = d.get("agreementId");
        return agreement instanceof String id ? id : String.valueOf(d.get("_id"));
    }

    private Map<String, Long> readModelSequences(Model model) {
        Map<String, Long> sequences = new HashMap<>();
        Map<String, Long> documents = new HashMap<>();
        String collection = collections.live(model.processor()).of(model.collection());
        // Only the two fields, in batches: a read model of a million documents is one scan, never one reply.
        for (Document d : database.getCollection(collection).find()
                .projection(new Document(model.agreementField(), 1).append(model.sequenceField(), 1))
                .batchSize(PAGE)) {
            Object agreement = d.get(model.agreementField());
            Object sequence = d.get(model.sequenceField());
            // The audit history holds the negotiations' entries too (negotiation:<id>): no agreement's.
            if (agreement instanceof String id && sequence instanceof Number n
                    && !id.startsWith(AgreementHistoryProjection.NEGOTIATION_KEY)) {
                sequences.merge(id, n.longValue(), Math::max);
                documents.merge(id, 1L, Long::sum);
            }
        }
        if (model.perEvent()) {
            // One document per event from sequence 0: a hole in the middle counts as being behind from there.
            sequences.replaceAll((id, max) -> Math.min(max, documents.get(id) - 1));
        }
        return sequences;
    }
}
