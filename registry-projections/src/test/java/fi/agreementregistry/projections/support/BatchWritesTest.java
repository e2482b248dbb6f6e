package fi.agreementregistry.projections.support;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOneModel;
import fi.agreementregistry.core.agreement.AgreementEnteredIntoForce;
import fi.agreementregistry.core.agreement.AgreementEvent;
import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.core.agreement.AgreementSuperseded;
import fi.agreementregistry.core.agreement.PartyAdded;
import fi.agreementregistry.core.agreement.PartyRemoved;
import fi.agreementregistry.core.negotiation.LegalBasis;
import fi.agreementregistry.core.negotiation.Measure;
import fi.agreementregistry.core.negotiation.MeasureAdded;
import fi.agreementregistry.core.negotiation.MeasureId;
import fi.agreementregistry.core.negotiation.MeasureStatus;
import fi.agreementregistry.core.negotiation.MeasureStatusChanged;
import fi.agreementregistry.core.negotiation.MinutesReference;
import fi.agreementregistry.core.negotiation.NegotiationEvent;
import fi.agreementregistry.core.negotiation.NegotiationId;
import fi.agreementregistry.core.negotiation.NegotiationRecorded;
import fi.agreementregistry.core.review.ReviewCompleted;
import fi.agreementregistry.core.review.ReviewId;
import fi.agreementregistry.core.review.ReviewOutcome;
import fi.agreementregistry.projections.agreement.AgreementSummaryProjection;
import fi.agreementregistry.projections.history.AgreementHistoryProjection;
import fi.agreementregistry.projections.party.PartyPortfolioProjection;
import fi.agreementregistry.projections.review.ReviewDeadlineProjection;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static fi.agreementregistry.projections.support.Events.FORSSA;
import static fi.agreementregistry.projections.support.Events.HAMEENLINNA;
import static fi.agreementregistry.projections.support.Events.WELFARE_AREA;
import static fi.agreementregistry.projections.support.Events.approved;
import static fi.agreementregistry.projections.support.Events.drafted;
import static fi.agreementregistry.projections.support.Events.review;
import static fi.agreementregistry.projections.support.Events.signed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The four projections with their writes buffered per batch: the same documents as event by event, nothing written
 * by a rolled-back batch, and behind a real tracking processor a token that never gets ahead of the documents.
 */
class BatchWritesTest {

    private static final AgreementId OLD = AgreementId.of("kanta-hame-2021-2025");
    private static final AgreementId NEW = AgreementId.of("kanta-hame-2025-2029");
    private static final AgreementId OTHER = AgreementId.of("forssa-seutu-2025");
    private static final String PROCESSOR = AgreementSummaryProjection.PROCESSING_GROUP;

    @RegisterExtension
    final MemoryMongo mongo = new MemoryMongo();
    private final List<EventMessage<?>> events = new ArrayList<>();
    private Configuration axon;

    @BeforeEach
    void start() {
        Map<String, Long> sequences = new HashMap<>();
        Instant recordedAt = Instant.parse("2026-01-05T08:00:00Z");
        for (AgreementEvent event : scenario()) {
            String id = event.agreementId().value();
            long sequence = sequences.merge(id, 0L, (last, zero) -> last + 1);
            recordedAt = recordedAt.plusSeconds(60);
            events.add(new GenericDomainEventMessage<>("Agreement", id, sequence, event, Map.of(), "e" + events.size(),
                    recordedAt));
        }
    }

    @AfterEach
    void stop() {
        if (axon != null) {
            axon.shutdown();
        }
    }

    /**
     * Three agreements interleaved, with parties added and removed, reviews (one before a party joins, which its index
     * must then list), and a supersession before a draft.
     */
    private static List<AgreementEvent> scenario() {
        LocalDate day = LocalDate.of(2025, 9, 1);
        return List.of(
                drafted(OLD, day, HAMEENLINNA, WELFARE_AREA),
                drafted(OTHER, day, FORSSA),
                new PartyAdded(OLD, FORSSA, day),
                approved(OLD, HAMEENLINNA, 1, day),
                new AgreementSuperseded(OLD, NEW, day.plusDays(30)),
                review(OTHER, "r0", day.plusMonths(6), day),
                new PartyAdded(OTHER, HAMEENLINNA, day),
                drafted(NEW, day.plusDays(1), HAMEENLINNA, WELFARE_AREA, FORSSA),
                new PartyRemoved(NEW, FORSSA, day.plusDays(2)),
                approved(NEW, HAMEENLINNA, 1, day.plusDays(3)),
                approved(NEW, WELFARE_AREA, 1, day.plusDays(4)),
                approved(OTHER, FORSSA, 1, day.plusDays(4)),
                signed(NEW, HAMEENLINNA, 1, day.plusDays(5)),
                signed(NEW, WELFARE_AREA, 1, day.plusDays(6)),
                new AgreementEnteredIntoForce(NEW, 1, day.plusDays(7)),
                review(NEW, "r1", day.plusYears(1), day.plusDays(7)),
                review(OTHER, "r1", day.plusYears(2), day.plusDays(8)),
                new ReviewCompleted(NEW, ReviewId.of("r1"), day.plusMonths(11), ReviewOutcome.NO_CHANGES,
                        "pk 2026/4 § 3"),
                new PartyRemoved(OTHER, HAMEENLINNA, day.plusMonths(11)));
    }

    private static List<Object> projections(MongoDatabase database) {
        return List.of(new AgreementSummaryProjection(database, CollectionNames.BASE),
                new AgreementHistoryProjection(database, CollectionNames.BASE),
                new ReviewDeadlineProjection(database, CollectionNames.BASE),
                new PartyPortfolioProjection(database, CollectionNames.BASE));
    }

    private static final List<String> COLLECTIONS = List.of("agreement_summaries", "agreement_history",
            "review_deadlines", "review_agreements", "party_portfolio", "party_portfolio_agreements",
            "party_portfolio_postings_index");

    @Test
    void batchesOfAnySizeBuildTheSameDocumentsAsEventByEvent() throws Exception {
        MongoDatabase expected = mongo.client().getDatabase("event-by-event");
        List<AnnotationEventHandlerAdapter> oneByOne = adapters(expected);
        for (EventMessage<?> event : events) {
            for (AnnotationEventHandlerAdapter adapter : oneByOne) {
                adapter.handle(event);
            }
        }
        for (int size : List.of(1, 5, 100)) {
            MongoDatabase batched = mongo.client().getDatabase("batches-of-" + size);
            List<AnnotationEventHandlerAdapter> adapters = adapters(batched);
            for (int from = 0; from < events.size(); from += size) {
                inOneBatch(adapters, events.subList(from, Math.min(events.size(), from + size)));
            }
            assertThat(contents(batched)).as("batches of %d", size).isEqualTo(contents(expected));
            assertThat(reviewIndex(batched)).as("the review lists' index, batches of %d", size)
                    .isEqualTo(reviewIndex(expected));
        }
        assertThat(reviewIndex(expected)).as("Hämeenlinna's reviews: r0 scheduled before it joined")
                .anySatisfy(d -> assertThat(d.getString("_id")).startsWith("due@" + HAMEENLINNA.id().value() + "|")
                        .contains("2026-03-01"));
    }

    /**
     * A negotiation's entries in the history: a status change reads the negotiation's first entry (its measures'
     * texts), which in a replay's batch is still in memory, not yet in the database.
     */
    @Test
    void aNegotiationsHistoryInOneBatchIsTheSameAsEventByEvent() throws Exception {
        NegotiationId negotiation = NegotiationId.of("n-kanta-hame-2025");
        MeasureId first = MeasureId.of("m1");
        List<NegotiationEvent> negotiationEvents = List.of(
                new NegotiationRecorded(negotiation, WELFARE_AREA, List.of(HAMEENLINNA), LocalDate.of(2025, 10, 15),
                        List.of(LegalBasis.ACT_611_2021_S14), List.of("Yhteistyö"),
                        new MinutesReference("Kuntaneuvottelu", LocalDate.of(2025, 10, 15), "3 §", null),
                        List.of(new Measure(first, "Seuranta", List.of(HAMEENLINNA), LocalDate.of(2026, 1, 31), null))),
                new MeasureAdded(negotiation, new Measure(MeasureId.of("m2"), "Kartoitus", List.of(WELFARE_AREA),
                        LocalDate.of(2026, 6, 30), null), LocalDate.of(2025, 11, 1)),
                new MeasureStatusChanged(negotiation, first, MeasureStatus.PLANNED, MeasureStatus.IN_PROGRESS,
                        LocalDate.of(2025, 12, 1), "Aloitettu"),
                new MeasureStatusChanged(negotiation, MeasureId.of("m2"), MeasureStatus.PLANNED, MeasureStatus.DONE,
                        LocalDate.of(2025, 12, 2), "Valmis"));
        List<EventMessage<?>> messages = new ArrayList<>();
        for (int i = 0; i < negotiationEvents.size(); i++) {
            messages.add(new GenericDomainEventMessage<>("Negotiation", negotiation.value(), i,
                    negotiationEvents.get(i), Map.of(), "n" + i, Instant.parse("2026-01-05T08:00:00Z").plusSeconds(i)));
        }
        MongoDatabase expected = mongo.client().getDatabase("negotiation-event-by-event");
        List<AnnotationEventHandlerAdapter> oneByOne = adapters(expected);
        for (EventMessage<?> message : messages) {
            handle(oneByOne, message);
        }
        MongoDatabase batched = mongo.client().getDatabase("negotiation-in-one-batch");
        inOneBatch(adapters(batched), messages);

        List<Document> history = expected.getCollection("agreement_history").find()
                .sort(new Document("_id", 1)).into(new ArrayList<>());
        assertThat(history).extracting(d -> d.getString("measureText"))
                .containsExactly(null, "Kartoitus", "Seuranta", "Kartoitus");
        assertThat(contents(batched)).isEqualTo(contents(expected));
    }

    @Test
    void aBatchWritesNothingBeforeItCommitsAndARedeliveredBatchChangesNothing() throws Exception {
        MongoDatabase database = mongo.client().getDatabase("registry");
        List<AnnotationEventHandlerAdapter> adapters = adapters(database);
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(events);
        batch.onPrepareCommit(uow -> assertThat(contents(database).values()).as("before the flush")
                .allMatch(List::isEmpty));
        batch.executeWithResult(() -> handle(adapters, (EventMessage<?>) CurrentUnitOfWork.get().getMessage()));
        assertThat(batch.getExecutionResult().isExceptionResult()).isFalse();
        Map<String, List<Document>> once = contents(database);
        assertThat(once.get("agreement_history")).hasSize(events.size());

        inOneBatch(adapters, events);
        inOneBatch(adapters, events.subList(3, 11));
        assertThat(contents(database)).isEqualTo(once);
    }

    @Test
    void aRolledBackBatchWritesNothing() {
        MongoDatabase database = mongo.client().getDatabase("registry");
        List<AnnotationEventHandlerAdapter> adapters = adapters(database);
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(events);
        batch.onPrepareCommit(uow -> {
            throw new IllegalStateException("the batch fails");
        });
        batch.executeWithResult(() -> handle(adapters, (EventMessage<?>) CurrentUnitOfWork.get().getMessage()));
        assertThat(batch.isRolledBack()).isTrue();
        assertThat(contents(database).values()).allMatch(List::isEmpty);
    }

    @Test
    void aFailingFlushFailsTheBatchInsteadOfBeingSwallowed() {
        MongoDatabase database = mongo.client().getDatabase("registry");
        List<AnnotationEventHandlerAdapter> adapters = adapters(database);
        blockSummaryWrites(database);
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(events);
        batch.executeWithResult(() -> handle(adapters, (EventMessage<?>) CurrentUnitOfWork.get().getMessage()));
        assertThat(batch.isRolledBack()).isTrue();
        assertThatThrownBy(() -> {
            throw batch.getExecutionResult().getExceptionResult();
        }).hasMessageContaining("duplicate key");
    }

    /**
     * The processor stores a batch's token in a prepare-commit handler registered before the projections run; the
     * token store must write the batch's documents first. Checked at every token: the read model already shows every
     * event up to the token's position.
     */
    @Test
    void everyTokenIsStoredAfterTheDocumentsOfItsBatch() {
        MongoDatabase database = mongo.client().getDatabase("registry");
        List<String> tooEarly = new CopyOnWriteArrayList<>();
        AtomicInteger tokensStored = new AtomicInteger();
        InMemoryTokenStore tokens = new InMemoryTokenStore() {
            @Override
            public void storeToken(TrackingToken token, String processorName, int segment) {
                String missing = missingAt(database, token);
                if (missing != null) {
                    tooEarly.add(missing);
                }
                tokensStored.incrementAndGet();
                super.storeToken(token, processorName, segment);
            }
        };
        startProcessor(database, new BatchFlushingTokenStore(tokens), 5);

        await().atMost(Duration.ofSeconds(20)).until(() -> position(tokens) == events.size() - 1);
        assertThat(tokensStored.get()).as("one token per batch of 5").isGreaterThanOrEqualTo(4);
        assertThat(tooEarly).as("tokens stored before the documents of their events").isEmpty();
    }

    /**
     * Two instances on one store. The first handles a batch and pauses before its flush (longer than the claim
     * timeout, as in a long GC pause); the second takes the segment over, handles the same events and the later ones
     * from the last stored token, in batches of its own, and writes them; then the first flushes its stale batch.
     * Every document, memberships of parties that left included, still equals a clean build.
     */
    @Test
    void aStaleBatchFlushedAfterLaterOnesChangesNoDocument() throws Exception {
        MongoDatabase database = mongo.client().getDatabase("registry");
        List<AnnotationEventHandlerAdapter> first = adapters(database);
        List<AnnotationEventHandlerAdapter> second = adapters(database);
        int staleFrom = 2;
        int staleTo = 14;   // OTHER gains Hämeenlinna, NEW loses Forssa and enters into force; later reviews and removals
        inOneBatch(first, events.subList(0, staleFrom));

        CountDownLatch handled = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        BatchingUnitOfWork<EventMessage<?>> stale = new BatchingUnitOfWork<>(events.subList(staleFrom, staleTo));
        // Registered before the projections' flush, as the processor's token handler is.
        stale.onPrepareCommit(uow -> {
            handled.countDown();
            awaitQuietly(resume);
        });
        CompletableFuture<Void> firstInstance = CompletableFuture.runAsync(() -> stale.executeWithResult(
                () -> handle(first, (EventMessage<?>) CurrentUnitOfWork.get().getMessage())));
        assertThat(handled.await(10, TimeUnit.SECONDS)).as("the first instance handled its batch").isTrue();

        for (int from = staleFrom; from < events.size(); from += 3) {
            inOneBatch(second, events.subList(from, Math.min(events.size(), from + 3)));
        }
        Map<String, List<Document>> afterSecond = contents(database);
        resume.countDown();
        firstInstance.get(10, TimeUnit.SECONDS);

        assertThat(stale.getExecutionResult().isExceptionResult()).as("stale writes are skipped, not failed").isFalse();
        assertThat(contents(database)).isEqualTo(afterSecond).isEqualTo(cleanBuild());
    }

    /**
     * A guarded upsert's duplicate key means "a newer state is stored" only if the stored document says so: here
     * {@code a} clashes on a unique title that {@code b} gives up later in the same bulk write, so {@code a} is written
     * in the next round instead of being dropped as stale.
     */
    @Test
    void aDuplicateKeyThatIsNotANewerStateIsTriedAgainNotSkipped() {
        MongoDatabase database = mongo.client().getDatabase("registry");
        MongoCollection<Document> states = database.getCollection("states");
        states.createIndex(Indexes.ascending("title"), new IndexOptions().unique(true));
        states.insertOne(state("b", 1, "Puitesopimus"));
        BatchWrites.Documents<Document> documents = new BatchWrites(database, CollectionNames.BASE).versioned("states",
                document -> document, (id, document) -> new ReplaceOneModel<>(Filters.eq("_id", id), document),
                document -> document.get(BatchWrites.SEQUENCE, Number.class).longValue(), payload -> null);

        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(events.subList(0, 1));
        batch.executeWithResult(() -> {
            documents.put("a", state("a", 2, "Puitesopimus"));
            documents.put("b", state("b", 2, "Yhteistyösopimus"));
            return null;
        });

        assertThat(batch.getExecutionResult().isExceptionResult()).isFalse();
        assertThat(states.find().sort(new Document("_id", 1)).into(new ArrayList<>()))
                .containsExactly(state("a", 2, "Puitesopimus"), state("b", 2, "Yhteistyösopimus"));
    }

    /**
     * Entries of several aggregates in one document: each is written only over an older entry of its own, so a stale
     * batch's entry is skipped while the other aggregates' entries of the same batch and document are written.
     */
    @Test
    void entriesOfManyAggregatesInOneDocumentAreEachGuardedByTheirOwnSequence() {
        MongoDatabase database = mongo.client().getDatabase("registry");
        MongoCollection<Document> buckets = database.getCollection("buckets");
        BatchWrites.Entries entries = new BatchWrites(database, CollectionNames.BASE).entries("buckets", "entries");
        entries.put("party|1", "a", new Document("title", "A first"), 3);   // no unit of work: written at once

        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(events.subList(0, 1));
        batch.executeWithResult(() -> {
            entries.put("party|1", "a", new Document("title", "A stale"), 2);
            entries.put("party|1", "b", new Document("title", "B"), 7);
            entries.put("party|2", "c", new Document("title", "C"), 1);
            assertThat(buckets.countDocuments()).as("nothing written before the batch ends").isEqualTo(1);
            return null;
        });
        assertThat(batch.getExecutionResult().isExceptionResult()).isFalse();
        entries.put("party|1", "b", new Document("title", "B again"), 7);    // the same sequence: already stored

        assertThat(buckets.find().sort(new Document("_id", 1)).into(new ArrayList<>())).containsExactly(
                new Document("_id", "party|1").append("entries", new Document(
                        "a", new Document("title", "A first").append(BatchWrites.SEQUENCE, 3L))
                        .append("b", new Document("title", "B").append(BatchWrites.SEQUENCE, 7L))),
                new Document("_id", "party|2").append("entries", new Document(
                        "c", new Document("title", "C").append(BatchWrites.SEQUENCE, 1L))));
        assertThatThrownBy(() -> entries.put("party|1", "x.y", new Document(), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Document state(String id, long sequence, String title) {
        return new Document("_id", id).append(BatchWrites.SEQUENCE, sequence).append("title", title);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not resumed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A crash between the flush and the token: the batch comes again and the read model ends as a clean build. */
    @Test
    void aFailureWhenStoringTheTokenRedeliversTheBatchHarmlessly() throws Exception {
        MongoDatabase database = mongo.client().getDatabase("registry");
        AtomicInteger failures = new AtomicInteger(2);
        InMemoryTokenStore tokens = new InMemoryTokenStore() {
            @Override
            public void storeToken(TrackingToken token, String processorName, int segment) {
                if (CurrentUnitOfWork.isStarted() && failures.getAndDecrement() > 0) {
                    throw new IllegalStateException("the token store is down");
                }
                super.storeToken(token, processorName, segment);
            }
        };
        startProcessor(database, new BatchFlushingTokenStore(tokens), 100);

        await().atMost(Duration.ofSeconds(30)).until(() -> position(tokens) == events.size() - 1);
        assertThat(failures.get()).isNegative();
        assertThat(contents(database).get("agreement_summaries")).isEqualTo(cleanBuild().get("agreement_summaries"));
    }

    /** The summary of NEW cannot be written while another document holds its title: the batch fails and is retried. */
    @Test
    void aFailingFlushKeepsTheTokenAndTheProcessorRetriesTheBatch() throws Exception {
        MongoDatabase database = mongo.client().getDatabase("registry");
        InMemoryTokenStore tokens = new InMemoryTokenStore();
        blockSummaryWrites(database);
        startProcessor(database, new BatchFlushingTokenStore(tokens), 100);

        Thread.sleep(1500);
        int newDrafted = 7;
        assertThat(((GenericDomainEventMessage<?>) events.get(newDrafted)).getAggregateIdentifier()).isEqualTo(NEW.value());
        assertThat(position(tokens)).as("no token stored for the failed batch").isLessThan(newDrafted);
        database.getCollection("agreement_summaries").deleteOne(new Document("_id", "blocker"));

        await().atMost(Duration.ofSeconds(30)).until(() -> position(tokens) == events.size() - 1);
        assertThat(contents(database).get("agreement_summaries")).isEqualTo(cleanBuild().get("agreement_summaries"));
    }

    private void startProcessor(MongoDatabase database, TokenStore tokenStore, int batchSize) {
        InMemoryEventStorageEngine storage = new InMemoryEventStorageEngine();
        storage.appendEvents(events);
        axon = DefaultConfigurer.defaultConfiguration()
                .configureSerializer(c -> JacksonSerializer.defaultSerializer())
                .configureEmbeddedEventStore(c -> storage)
                .eventProcessing(processing -> processing
                        .registerTokenStore(c -> tokenStore)
                        .registerTrackingEventProcessor(PROCESSOR, Configuration::eventStore,
                                c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                        .andBatchSize(batchSize))
                        .registerEventHandler(c -> new AgreementSummaryProjection(database, CollectionNames.BASE)))
                .buildConfiguration();
        axon.start();
    }

    private static long position(TokenStore tokens) {
        try {
            TrackingToken token = tokens.fetchToken(PROCESSOR, 0);
            return token == null ? -1 : token.position().orElse(-1);
        } catch (RuntimeException e) {
            return -1; // not initialized yet
        }
    }

    /** The first event at or before the token's position that the stored summaries do not show yet, or null. */
    private String missingAt(MongoDatabase database, TrackingToken token) {
        long position = token == null ? -1 : token.position().orElse(-1);
        Map<String, Long> expected = new TreeMap<>();
        for (int i = 0; i <= position && i < events.size(); i++) {
            GenericDomainEventMessage<?> event = (GenericDomainEventMessage<?>) events.get(i);
            expected.put(event.getAggregateIdentifier(), event.getSequenceNumber());
        }
        for (Map.Entry<String, Long> agreement : expected.entrySet()) {
            Document stored = database.getCollection("agreement_summaries")
                    .find(new Document("_id", agreement.getKey())).first();
            Object applied = stored == null ? null : stored.get("aggregateSequence");
            if (!(applied instanceof Number n) || n.longValue() < agreement.getValue()) {
                return agreement.getKey() + " #" + agreement.getValue() + " at token position " + position;
            }
        }
        return null;
    }

    /** A unique index on the title and a document holding NEW's title: the upsert of NEW's summary fails. */
    private static void blockSummaryWrites(MongoDatabase database) {
        database.getCollection("agreement_summaries").createIndex(Indexes.ascending("title"),
                new IndexOptions().unique(true));
        database.getCollection("agreement_summaries").insertOne(new Document("_id", "blocker")
                .append("title", "Puitesopimus " + NEW.value()));
    }

    private Map<String, List<Document>> cleanBuild() throws Exception {
        MongoDatabase clean = mongo.client().getDatabase("clean");
        List<AnnotationEventHandlerAdapter> adapters = adapters(clean);
        for (EventMessage<?> event : events) {
            handle(adapters, event);
        }
        return contents(clean);
    }

    private static List<AnnotationEventHandlerAdapter> adapters(MongoDatabase database) {
        return projections(database).stream().map(AnnotationEventHandlerAdapter::new).toList();
    }

    private static void inOneBatch(List<AnnotationEventHandlerAdapter> adapters, List<EventMessage<?>> batch)
            throws Exception {
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(batch);
        unitOfWork.executeWithResult(() -> handle(adapters, (EventMessage<?>) CurrentUnitOfWork.get().getMessage()));
        if (unitOfWork.getExecutionResult().isExceptionResult()) {
            throw new IllegalStateException(unitOfWork.getExecutionResult().getExceptionResult());
        }
    }

    private static Object handle(List<AnnotationEventHandlerAdapter> adapters, EventMessage<?> event)
            throws Exception {
        for (AnnotationEventHandlerAdapter adapter : adapters) {
            adapter.handle(event);
        }
        return null;
    }

    private static List<Document> reviewIndex(MongoDatabase database) {
        return database.getCollection("review_index").find().sort(new Document("_id", 1)).into(new ArrayList<>());
    }

    private static Map<String, List<Document>> contents(MongoDatabase database) {
        Map<String, List<Document>> contents = new TreeMap<>();
        for (String collection : COLLECTIONS) {
            contents.put(collection, database.getCollection(collection).find().sort(new Document("_id", 1))
                    .into(new ArrayList<>()));
        }
        return contents;
    }
}
