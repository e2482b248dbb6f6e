package fi.agreementregistry.api.operations;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import fi.agreementregistry.core.agreement.AddParty;
import fi.agreementregistry.core.agreement.AgreementDrafted;
import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.core.agreement.RemoveParty;
import fi.agreementregistry.core.amendment.AmendPrinciples;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.core.review.CompleteReview;
import fi.agreementregistry.core.review.ReviewId;
import fi.agreementregistry.core.review.ReviewOutcome;
import fi.agreementregistry.core.review.ReviewScheduled;
import fi.agreementregistry.core.review.ScheduleReview;
import fi.agreementregistry.projections.agreement.AgreementSummaryProjection;
import fi.agreementregistry.projections.agreement.ReviewStatus;
import fi.agreementregistry.projections.history.AgreementHistoryProjection;
import fi.agreementregistry.projections.history.AgreementHistoryQueries;
import fi.agreementregistry.projections.history.FindHistory;
import fi.agreementregistry.projections.party.FindPartyPortfolio;
import fi.agreementregistry.projections.party.PartyPortfolio;
import fi.agreementregistry.projections.party.PartyPortfolioProjection;
import fi.agreementregistry.projections.party.PartyPortfolioQueries;
import fi.agreementregistry.projections.party.PortfolioEntry;
import fi.agreementregistry.projections.processors.EventProcessorStatus;
import fi.agreementregistry.projections.processors.ReadModelProcessor;
import fi.agreementregistry.projections.rebuild.ConsistencyCheck;
import fi.agreementregistry.projections.review.FindReviews;
import fi.agreementregistry.projections.review.ReviewDeadlineProjection;
import fi.agreementregistry.projections.review.ReviewDeadlineQueries;
import fi.agreementregistry.projections.support.CollectionNames;
import fi.agreementregistry.projections.support.ReadModelCollections;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.queryhandling.QueryGateway;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

import static fi.agreementregistry.api.operations.TwoInstancesOneStoreTest.HAMEENLINNA;
import static fi.agreementregistry.api.operations.TwoInstancesOneStoreTest.KANTA_HAME_COUNTY;
import static fi.agreementregistry.api.operations.TwoInstancesOneStoreTest.approve;
import static fi.agreementregistry.api.operations.TwoInstancesOneStoreTest.draft;
import static fi.agreementregistry.api.operations.TwoInstancesOneStoreTest.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12 §4: instance A pauses in the middle of a batch for longer than the claim timeout (its processor threads
 * block in a handler interceptor, as in a long GC pause), B takes the segments over and projects the same events and
 * later ones, then A resumes and writes its stale batch before it finds, at the token, that it lost the segments.
 * No document goes back: every read model equals a clean fold of the events and the consistency check finds nothing.
 * <p>
 * Axon's MongoTokenStore compares stored claim times with its own system clock and takes no {@link Clock}, so instead
 * of waiting out the 60 s the test moves A's stored claim times back by more than the timeout, which is exactly what
 * the store sees after such a pause.
 */
class StaleBatchAfterClaimTimeoutTest extends TwoInstancesTest {

    /** The one processor that feeds the four read models (each of its threads holds all four's batch). */
    private static final List<String> PROCESSORS = List.of(ReadModelProcessor.NAME);
    private static final List<String> GROUPS = List.of(AgreementSummaryProjection.PROCESSING_GROUP,
            AgreementHistoryProjection.PROCESSING_GROUP, ReviewDeadlineProjection.PROCESSING_GROUP,
            PartyPortfolioProjection.PROCESSING_GROUP);
    private static final Map<String, List<String>> COLLECTIONS = Map.of(
            AgreementSummaryProjection.PROCESSING_GROUP, AgreementSummaryProjection.COLLECTIONS,
            AgreementHistoryProjection.PROCESSING_GROUP, AgreementHistoryProjection.COLLECTIONS,
            ReviewDeadlineProjection.PROCESSING_GROUP, ReviewDeadlineProjection.COLLECTIONS,
            PartyPortfolioProjection.PROCESSING_GROUP, PartyPortfolioProjection.COLLECTIONS);
    private static final PartyId FORSSA = PartyId.of("municipality:061");
    private static final AgreementId IN_FORCE = AgreementId.of("kanta-hame-2025-2029");
    private static final AgreementId DRAFT = AgreementId.of("forssa-seutu-2025");
    private static final AgreementId GATE = AgreementId.of("gate");
    private static final ReviewId REVIEW = ReviewId.of("arviointi-2027");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Hold hold = new Hold();

    @Override
    protected List<String> settings() {
        // B looks for segments to claim every 100 ms instead of every 5 s; the claim timeout is the shipped one.
        return PROCESSORS.stream().map(p -> "--axon.eventhandling.processors." + p + ".token-claim-interval=100")
                .toList();
    }

    @AfterEach
    void releaseAnyHeldThread() {
        hold.releaseAll();
    }

    @Test
    void aBatchWrittenAfterItsSegmentWasTakenOverChangesNoDocument() throws Exception {
        Duration claimTimeout = a.getEnvironment().getProperty("axon.eventhandling.tokenstore.claim-timeout",
                Duration.class);
        assertThat(claimTimeout).as("the shipped claim timeout").isGreaterThanOrEqualTo(Duration.ofSeconds(60));
        // A started first and holds every segment.
        await().atMost(WAIT).untilAsserted(() -> {
            for (String processor : PROCESSORS) {
                assertThat(claimed(a, processor)).as(processor + " on A").containsExactly(0);
                assertThat(claimed(b, processor)).as(processor + " on B").isEmpty();
            }
        });
        for (String processor : PROCESSORS) {
            a.getBean(EventProcessingConfiguration.class).eventProcessor(processor).orElseThrow()
                    .registerHandlerInterceptor(hold);
        }

        // Before: an agreement about to enter into force, and a draft whose parties will change.
        draft(b, IN_FORCE.value());
        approve(b, IN_FORCE, HAMEENLINNA);
        approve(b, IN_FORCE, KANTA_HAME_COUNTY);
        sign(b, IN_FORCE, HAMEENLINNA);
        draft(b, DRAFT.value());
        awaitConsistent(a);

        // A's processors wait at a gate while the next events are stored, so that A takes them as one batch.
        Hold.Stop gate = hold.at(event -> drafted(event, GATE));
        draft(b, GATE.value());
        gate.awaitHeld();
        command(new AddParty(DRAFT, FORSSA, null));                         // DRAFT #1
        command(new RemoveParty(DRAFT, KANTA_HAME_COUNTY, null));           // DRAFT #2
        sign(b, IN_FORCE, KANTA_HAME_COUNTY);                               // IN_FORCE #4 signed, #5 in force
        command(new ScheduleReview(IN_FORCE, REVIEW, LocalDate.of(2027, 5, 31), "AGREEMENT_EVALUATION",
                "Integraatiovaliokunta", "Ensimmäinen arviointi", null));  // IN_FORCE #6
        // A pauses in the middle of that batch, at the review, with the batch's earlier events applied in memory.
        Hold.Stop pause = hold.at(event -> event.getPayload() instanceof ReviewScheduled r
                && r.agreementId().equals(IN_FORCE));
        gate.release();
        pause.awaitHeld();
        assertThat(pause.heldMidBatch).as("held after earlier events of the same batch").hasSize(PROCESSORS.size())
                .allMatch(midBatch -> midBatch);

        // The pause outlasts the claim timeout: B takes every segment over and goes on from A's last stored token.
        claimsOfAgedBy(ownerOfSegments(), claimTimeout.plusSeconds(1));
        await().atMost(WAIT).untilAsserted(() -> {
            for (String processor : PROCESSORS) {
                assertThat(claimed(b, processor)).as(processor + " on B").containsExactly(0);
            }
        });
        command(new AddParty(DRAFT, KANTA_HAME_COUNTY, null));              // DRAFT #3
        command(new RemoveParty(DRAFT, FORSSA, null));                      // DRAFT #4
        command(new CompleteReview(IN_FORCE, REVIEW, LocalDate.now(b.getBean(Clock.class)), ReviewOutcome.AMEND,
                "Integraatiovaliokunta 4/2026 § 7", null));                 // IN_FORCE #7
        command(new AmendPrinciples(IN_FORCE, List.of("Osapuolet ovat tasavertaisia kumppaneita.",
                "Yhteiset hankkeet valmistellaan yhdessä."), "Arvioinnin tulos", null)); // IN_FORCE #8, proposed
        awaitCaughtUp(b);
        Map<String, List<Document>> byB = readModels(b);

        // A resumes, writes its stale batch and then fails to store the token: it lets the segments go.
        pause.release();
        await().atMost(WAIT).untilAsserted(() -> {
            for (String processor : PROCESSORS) {
                assertThat(claimed(a, processor)).as(processor + " on A").isEmpty();
            }
        });
        assertThat(pause.resumed.getCount()).as("every held thread went on with its batch").isZero();

        Map<String, List<Document>> clean = cleanFold();
        assertThat(withoutIndexes(readModels(b))).isEqualTo(withoutIndexes(byB)).isEqualTo(withoutIndexes(clean));
        // The paged lists' indexes only say where to look: A's late batch may list a key there again (in a chunk it
        // counted from an older count, or a completed review among the open ones), never drop one. The state documents
        // decide, so the lists answer exactly what a clean fold's answer.
        assertThat(lists(b.getBean(MongoDatabase.class), b.getBean(ReadModelCollections.class)::live))
                .isEqualTo(cleanLists);
        assertThat(((Number) summary(IN_FORCE).get("aggregateSequence")).longValue()).isEqualTo(8);
        assertThat(portfolio(FORSSA)).doesNotContain(DRAFT.value());
        assertThat(portfolio(KANTA_HAME_COUNTY)).contains(DRAFT.value(), IN_FORCE.value());
        for (ConfigurableApplicationContext instance : List.of(a, b)) {
            ConsistencyCheck.Report report = instance.getBean(ConsistencyCheck.class).check();
            assertThat(report.mismatches()).isEmpty();
            assertThat(report.consistent()).isTrue();
        }
    }

    /**
     * Blocks the processor thread handling a matching event until released, after the processor's own interceptor
     * (which renews the claim at a batch's first event) and before the projections.
     */
    static final class Hold implements MessageHandlerInterceptor<EventMessage<?>> {

        private volatile Stop current;
        private final List<Stop> stops = new CopyOnWriteArrayList<>();

        /** From now on, a thread handling a matching event stops there; one of each read-model processor. */
        Stop at(Predicate<EventMessage<?>> when) {
            Stop stop = new Stop(when);
            stops.add(stop);
            current = stop;
            return stop;
        }

        void releaseAll() {
            stops.forEach(Stop::release);
        }

        @Override
        public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain interceptorChain)
                throws Exception {
            Stop stop = current;
            if (stop != null && stop.when.test(unitOfWork.getMessage())) {
                stop.heldMidBatch.add(unitOfWork instanceof BatchingUnitOfWork<?> batch && !batch.isFirstMessage());
                stop.held.countDown();
                if (!stop.release.await(WAIT.toSeconds() * 4, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("held too long");
                }
                stop.resumed.countDown();
            }
            return interceptorChain.proceed();
        }

        static final class Stop {
            final Predicate<EventMessage<?>> when;
            final CountDownLatch held = new CountDownLatch(PROCESSORS.size());
            final CountDownLatch release = new CountDownLatch(1);
            final CountDownLatch resumed = new CountDownLatch(PROCESSORS.size());
            final List<Boolean> heldMidBatch = new CopyOnWriteArrayList<>();

            Stop(Predicate<EventMessage<?>> when) {
                this.when = when;
            }

            void awaitHeld() throws InterruptedException {
                assertThat(held.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("every processor of A held").isTrue();
            }

            void release() {
                release.countDown();
            }
        }
    }

    private static boolean drafted(EventMessage<?> event, AgreementId id) {
        return event.getPayload() instanceof AgreementDrafted drafted && drafted.agreementId().equals(id);
    }

    private void command(Object command) {
        b.getBean(CommandGateway.class).sendAndWait(command);
    }

    private static Set<Integer> claimed(ConfigurableApplicationContext instance, String processor) {
        return new HashSet<>(instance.getBean(EventProcessorStatus.class).snapshot(processor).claimedSegments());
    }

    private static void awaitConsistent(ConfigurableApplicationContext instance) {
        awaitCaughtUp(instance);
        await().atMost(WAIT).until(() -> instance.getBean(ConsistencyCheck.class).check().consistent());
    }

    private static void awaitCaughtUp(ConfigurableApplicationContext instance) {
        EventProcessorStatus status = instance.getBean(EventProcessorStatus.class);
        await().atMost(WAIT).untilAsserted(() -> {
            for (String processor : PROCESSORS) {
                EventProcessorStatus.Snapshot snapshot = status.snapshot(processor);
                assertThat(snapshot.claimedSegments()).as(processor).containsExactly(0);
                assertThat(snapshot.lag()).as(processor + " lag").isZero();
            }
        });
    }

    /** The one owner of the read-model processor's segment (A, which holds them). */
    private String ownerOfSegments() {
        Set<String> owners = new HashSet<>();
        for (Document token : tokens().find(Filters.in("processorName", PROCESSORS))) {
            owners.add(token.getString("owner"));
        }
        assertThat(owners).hasSize(1).doesNotContainNull();
        return owners.iterator().next();
    }

    /** Moves the owner's stored claim times back: as if it had not renewed its claims for that long. */
    private void claimsOfAgedBy(String owner, Duration age) {
        tokens().updateMany(Filters.and(Filters.in("processorName", PROCESSORS), Filters.eq("owner", owner)),
                Updates.set("timestamp", Instant.now().minus(age).toEpochMilli()));
    }

    private com.mongodb.client.MongoCollection<Document> tokens() {
        return a.getBean(MongoDatabase.class).getCollection("trackingtokens");
    }

    /** Every read-model document of the four groups in their live collections, by collection, sorted by id. */
    private static Map<String, List<Document>> readModels(ConfigurableApplicationContext instance) {
        MongoDatabase database = instance.getBean(MongoDatabase.class);
        ReadModelCollections live = instance.getBean(ReadModelCollections.class);
        return contents(database, group -> live.live(group)::of);
    }

    /** The same read models built by fresh projections from every agreement's events, one event at a time. */
    private Map<String, List<Document>> cleanFold() throws Exception {
        try (MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoDatabase database = client.getDatabase("clean-fold");
            List<AnnotationEventHandlerAdapter> projections = List.of(
                    new AnnotationEventHandlerAdapter(new AgreementSummaryProjection(database, CollectionNames.BASE)),
                    new AnnotationEventHandlerAdapter(new AgreementHistoryProjection(database, CollectionNames.BASE)),
                    new AnnotationEventHandlerAdapter(new ReviewDeadlineProjection(database, CollectionNames.BASE)),
                    new AnnotationEventHandlerAdapter(new PartyPortfolioProjection(database, CollectionNames.BASE)));
            EventStore events = b.getBean(EventStore.class);
            for (AgreementId id : List.of(IN_FORCE, DRAFT, GATE)) {
                for (EventMessage<?> event : events.readEvents(id.value(), 0).asStream().toList()) {
                    for (AnnotationEventHandlerAdapter projection : projections) {
                        if (projection.canHandle(event)) {
                            projection.handle(event);
                        }
                    }
                }
            }
            cleanLists = lists(database, group -> CollectionNames.BASE);
            return contents(database, group -> base -> base);
        }
    }

    /** What the clean fold's lists answer, read before its database is closed. */
    private Map<String, List<String>> cleanLists;

    private static Map<String, List<Document>> withoutIndexes(Map<String, List<Document>> models) {
        Map<String, List<Document>> states = new LinkedHashMap<>(models);
        states.keySet().removeIf(collection -> collection.endsWith("_index"));
        return states;
    }

    /** Every paged list of the read models, whole: reviews (all, open ones), the history, the parties' portfolios. */
    private static Map<String, List<String>> lists(MongoDatabase database, Function<String, CollectionNames> names) {
        Clock clock = Clock.systemUTC();
        ReviewDeadlineQueries reviews = new ReviewDeadlineQueries(database,
                names.apply(ReviewDeadlineProjection.PROCESSING_GROUP), clock, 30);
        AgreementHistoryQueries history = new AgreementHistoryQueries(database,
                names.apply(AgreementHistoryProjection.PROCESSING_GROUP));
        PartyPortfolioQueries portfolios = new PartyPortfolioQueries(database,
                names.apply(PartyPortfolioProjection.PROCESSING_GROUP), clock, 30);
        Map<String, List<String>> lists = new LinkedHashMap<>();
        lists.put("reviews", reviews.handle(new FindReviews(null, null, null, null, null, null, 1_000, null))
                .reviews().stream().map(r -> r.agreementId() + "/" + r.review().reviewId() + " "
                        + r.review().status()).toList());
        lists.put("upcoming", reviews.handle(new FindReviews(ReviewStatus.UPCOMING, null, null, null, null, null,
                1_000, null)).reviews().stream().map(r -> r.agreementId() + "/" + r.review().reviewId()).toList());
        lists.put("history", history.handle(FindHistory.byCursor(null, null, null, null, 1_000, null)).entries()
                .stream().map(e -> e.agreementId() + "#" + e.sequence()).sorted().toList());
        for (PartyId party : List.of(FORSSA, KANTA_HAME_COUNTY, PartyId.of("municipality:109"))) {
            lists.put("portfolio " + party.value(), portfolios.handle(new FindPartyPortfolio(party, null, 1_000, null))
                    .agreements().stream().map(PortfolioEntry::agreementId).toList());
        }
        return lists;
    }

    private static Map<String, List<Document>> contents(MongoDatabase database,
                                                        Function<String, Function<String, String>> names) {
        Map<String, List<Document>> contents = new LinkedHashMap<>();
        for (String group : GROUPS) {
            for (String base : COLLECTIONS.get(group)) {
                contents.put(base, database.getCollection(names.apply(group).apply(base)).find()
                        .sort(new Document("_id", 1)).into(new ArrayList<>()));
            }
        }
        return contents;
    }

    private Document summary(AgreementId id) {
        return readModels(b).get("agreement_summaries").stream().filter(d -> id.value().equals(d.get("_id")))
                .findFirst().orElseThrow();
    }

    private List<String> portfolio(PartyId party) {
        return b.getBean(QueryGateway.class).query(new FindPartyPortfolio(party, null),
                        ResponseTypes.instanceOf(PartyPortfolio.class)).join()
                .agreements().stream().map(PortfolioEntry::agreementId).toList();
    }
}
