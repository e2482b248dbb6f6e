package fi.agreementregistry.projections.agreement;

import fi.agreementregistry.projections.support.CollectionNames;
import fi.agreementregistry.projections.support.EventOutOfOrder;

import com.mongodb.client.MongoDatabase;
import fi.agreementregistry.core.agreement.KantaHame;
import fi.agreementregistry.core.agreement.AgreementDrafted;
import fi.agreementregistry.core.agreement.AgreementEnteredIntoForce;
import fi.agreementregistry.core.agreement.AgreementEvent;
import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.core.agreement.AgreementKind;
import fi.agreementregistry.core.agreement.AgreementStatus;
import fi.agreementregistry.core.agreement.AgreementSuperseded;
import fi.agreementregistry.core.agreement.AgreementTerminated;
import fi.agreementregistry.core.agreement.CouncilTerm;
import fi.agreementregistry.core.agreement.Forum;
import fi.agreementregistry.core.agreement.ForumLevel;
import fi.agreementregistry.core.agreement.PartyAdded;
import fi.agreementregistry.core.agreement.PartyRemoved;
import fi.agreementregistry.core.agreement.Principle;
import fi.agreementregistry.core.amendment.PrinciplesAmended;
import fi.agreementregistry.core.amendment.PrinciplesAmendmentProposed;
import fi.agreementregistry.core.approval.ApprovalRecorded;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.core.party.PartyRef;
import fi.agreementregistry.core.review.ReviewCompleted;
import fi.agreementregistry.core.review.ReviewId;
import fi.agreementregistry.core.review.ReviewOutcome;
import fi.agreementregistry.core.review.ReviewScheduled;
import fi.agreementregistry.core.signature.AgreementSigned;
import fi.agreementregistry.core.signature.Signatory;
import fi.agreementregistry.projections.support.MemoryMongo;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.DefaultQueryGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.queryhandling.annotation.AnnotationQueryHandlerAdapter;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Feeds the projection events through Axon's annotation adapter (as a processor would), then asks the queries. */
class AgreementSummaryProjectionTest {

    private static final LocalDate TODAY = LocalDate.of(2025, 9, 3);
    private static final Clock CLOCK = Clock.fixed(TODAY.atStartOfDay(ZoneId.of("Europe/Helsinki")).toInstant(),
            ZoneId.of("Europe/Helsinki"));

    private static final AgreementId FRAMEWORK_2023 = AgreementId.of("kanta-hame-framework-2023");
    private static final AgreementId FRAMEWORK_2025 = AgreementId.of("kanta-hame-framework-2025-2029");
    private static final AgreementId OTHER = AgreementId.of("paijat-hame-protocol");
    private static final CouncilTerm TERM_2021 = CouncilTerm.parse("2021-2025");
    private static final CouncilTerm TERM_2025 = CouncilTerm.parse("2025-2029");

    private static final PartyRef FORSSA = KantaHame.ref(KantaHame.FORSSA);
    private static final PartyRef HAMEENLINNA = KantaHame.ref(KantaHame.HAMEENLINNA);
    private static final PartyRef TAMMELA = KantaHame.ref(PartyId.of("municipality:834"));
    private static final PartyRef KANTA_HAME_WELFARE_AREA = KantaHame.ref(KantaHame.WELFARE_AREA);
    private static final PartyRef HAMEEN_LIITTO = KantaHame.ref(KantaHame.HAMEEN_LIITTO);
    /** The county, the regional council, then the eleven municipalities: Hämeenlinna is the seventh. */
    private static final List<PartyRef> KANTA_HAME = KantaHame.allThirteenParties().stream().map(KantaHame::ref)
            .toList();
    private static final PartyRef ASIKKALA = party("municipality:016", "Asikkala");
    private static final PartyRef PAIJAT_HAME_WELFARE_AREA = party("welfare-area:09", "Päijät-Hämeen hyvinvointialue");

    private static final List<Principle> PRINCIPLES_V1 = Principle.numbered(List.of(
            "The parties plan welfare work together and share their data on residents' wellbeing.",
            "Each party names a contact person for the interface between the county and the municipalities.",
            "The parties evaluate the cooperation at least once per council term."));
    private static final List<Principle> PRINCIPLES_V2 = Principle.numbered(List.of(
            "The parties plan welfare work together and share their data on residents' wellbeing.",
            "Each party names a contact person for the interface between the county and the municipalities.",
            "The parties evaluate the cooperation every year in the integration committee.",
            "The strategic forum meets twice a year."));

    @RegisterExtension
    final MemoryMongo mongo = new MemoryMongo();
    private MongoDatabase database;
    private AgreementSummaryProjection projection;
    private AnnotationEventHandlerAdapter eventHandlers;
    private AgreementSummaryQueries queries;
    private final Map<AgreementId, Long> lastSequence = new HashMap<>();
    private final List<GenericDomainEventMessage<?>> delivered = new ArrayList<>();

    @BeforeEach
    void startMongo() {
        database = mongo.client().getDatabase("registry");
        projection = new AgreementSummaryProjection(database, CollectionNames.BASE);
        eventHandlers = new AnnotationEventHandlerAdapter(projection);
        queries = new AgreementSummaryQueries(database, CollectionNames.BASE, CLOCK, 30);
    }

    @Test
    void aDraftedAgreementAppearsAsDraftWithItsThirteenPartiesAndNumberedPrinciples() {
        given(drafted(FRAMEWORK_2025, TERM_2025));

        AgreementView view = find(FRAMEWORK_2025);

        assertThat(view.id()).isEqualTo(FRAMEWORK_2025.value());
        assertThat(view.status()).isEqualTo(AgreementStatus.DRAFT);
        assertThat(view.kind()).isEqualTo(AgreementKind.FRAMEWORK_AGREEMENT);
        assertThat(view.region()).isEqualTo("Kanta-Häme");
        assertThat(view.councilTerm()).isEqualTo(TERM_2025);
        assertThat(view.version()).isEqualTo(1);
        assertThat(view.aggregateSequence()).isZero();
        assertThat(view.draftedOn()).isEqualTo(LocalDate.of(2025, 9, 3));
        assertThat(view.enteredIntoForceOn()).isNull();
        assertThat(view.parties()).extracting(PartyView::partyId).containsExactly("welfare-area:07",
                "regional-council:05", "municipality:061", "municipality:082", "municipality:086", "municipality:103",
                "municipality:109", "municipality:165", "municipality:169", "municipality:433", "municipality:694",
                "municipality:834", "municipality:981");
        assertThat(view.parties()).allSatisfy(p -> {
            assertThat(p.approval()).isNull();
            assertThat(p.signature()).isNull();
        });
        assertThat(view.parties().get(6).name()).isEqualTo("Hämeenlinna");
        assertThat(view.principles()).extracting(Principle::number).containsExactly(1, 2, 3);
        assertThat(view.principles().get(2).text()).startsWith("The parties evaluate");
        assertThat(view.goals()).containsExactly("Wellbeing of residents", "Working interfaces");
        assertThat(view.forums()).containsExactly(new Forum("Strategic forum", ForumLevel.STRATEGIC),
                new Forum("Chairs' forum", ForumLevel.CHAIRS));
        assertThat(view.pendingAmendment()).isNull();
        assertThat(view.reviews()).isEmpty();
        assertThat(view.supersedes()).isNull();
        assertThat(view.supersededBy()).isNull();
    }

    @Test
    void partiesCanBeAddedAndRemovedWhileInDraft() {
        given(drafted(OTHER, TERM_2025, List.of(ASIKKALA, PAIJAT_HAME_WELFARE_AREA)),
                new PartyAdded(OTHER, HAMEEN_LIITTO, TODAY),
                new PartyRemoved(OTHER, ASIKKALA, TODAY));

        assertThat(find(OTHER).parties()).extracting(PartyView::partyId)
                .containsExactly("welfare-area:09", "regional-council:05");
    }

    @Test
    void approvalsAndSignaturesShowPerParty() {
        given(drafted(FRAMEWORK_2025, TERM_2025),
                approval(FRAMEWORK_2025, HAMEENLINNA, 1),
                signature(FRAMEWORK_2025, HAMEENLINNA, 1),
                approval(FRAMEWORK_2025, FORSSA, 1));

        AgreementView view = find(FRAMEWORK_2025);

        PartyView hameenlinna = partyOf(view, HAMEENLINNA);
        assertThat(hameenlinna.approval()).isEqualTo(new ApprovalView(1, "Kaupunginhallitus",
                LocalDate.of(2023, 3, 13), "§ 30", "56/15.00.18/2023", "Approved as proposed."));
        assertThat(hameenlinna.signature()).isEqualTo(new SignatureView(1, "Signatory of Hämeenlinna",
                "Kunnanjohtaja", LocalDate.of(2023, 8, 1)));
        assertThat(partyOf(view, FORSSA).approval()).isNotNull();
        assertThat(partyOf(view, FORSSA).signature()).isNull();
        assertThat(partyOf(view, TAMMELA).approval()).isNull();
        assertThat(view.status()).isEqualTo(AgreementStatus.DRAFT);
        assertThat(view.aggregateSequence()).isEqualTo(3);
    }

    @Test
    void enteringIntoForceSetsTheStatusAndTheDate() {
        given(drafted(FRAMEWORK_2025, TERM_2025));
        givenEveryPartyApprovedAndSigned(FRAMEWORK_2025, 1);
        given(new AgreementEnteredIntoForce(FRAMEWORK_2025, 1, LocalDate.of(2023, 8, 1)));

        AgreementView view = find(FRAMEWORK_2025);

        assertThat(view.status()).isEqualTo(AgreementStatus.IN_FORCE);
        assertThat(view.enteredIntoForceOn()).isEqualTo(LocalDate.of(2023, 8, 1));
        assertThat(view.version()).isEqualTo(1);
        assertThat(view.parties()).allSatisfy(p -> {
            assertThat(p.approval().version()).isEqualTo(1);
            assertThat(p.signature().version()).isEqualTo(1);
        });
        assertThat(view.aggregateSequence()).isEqualTo(1 + 2 * 13);
    }

    @Test
    void aDraftAmendmentClearsTheApprovalsOfTheOlderVersion() {
        given(drafted(FRAMEWORK_2025, TERM_2025),
                approval(FRAMEWORK_2025, HAMEENLINNA, 1),
                signature(FRAMEWORK_2025, HAMEENLINNA, 1),
                new PrinciplesAmended(FRAMEWORK_2025, 2, PRINCIPLES_V1, PRINCIPLES_V2, "Yearly evaluation", TODAY));

        AgreementView view = find(FRAMEWORK_2025);

        assertThat(view.version()).isEqualTo(2);
        assertThat(view.principles()).isEqualTo(PRINCIPLES_V2);
        assertThat(partyOf(view, HAMEENLINNA).approval()).isNull();
        assertThat(partyOf(view, HAMEENLINNA).signature()).isNull();

        given(approval(FRAMEWORK_2025, HAMEENLINNA, 2));
        assertThat(partyOf(find(FRAMEWORK_2025), HAMEENLINNA).approval().version()).isEqualTo(2);
    }

    @Test
    void aProposalInForceIsPendingWhileTheOldPrinciplesStayInForce() {
        givenInForce(FRAMEWORK_2025, TERM_2025);
        given(new PrinciplesAmendmentProposed(FRAMEWORK_2025, 2, PRINCIPLES_V1, PRINCIPLES_V2,
                        "Yearly evaluation", LocalDate.of(2025, 6, 1)),
                approval(FRAMEWORK_2025, HAMEENLINNA, 2),
                approval(FRAMEWORK_2025, KANTA_HAME_WELFARE_AREA, 2));

        AgreementView view = find(FRAMEWORK_2025);

        assertThat(view.status()).isEqualTo(AgreementStatus.IN_FORCE);
        assertThat(view.version()).isEqualTo(1);
        assertThat(view.principles()).isEqualTo(PRINCIPLES_V1);
        assertThat(view.pendingAmendment()).isEqualTo(new PendingAmendmentView(2, PRINCIPLES_V2,
                "Yearly evaluation", LocalDate.of(2025, 6, 1), List.of("welfare-area:07", "municipality:109")));
        assertThat(partyOf(view, HAMEENLINNA).approval().version())
                .as("the party's approval of the version in force still shows").isEqualTo(1);
    }

    @Test
    void aProposalTakesEffectOnceEveryPartyApprovedIt() {
        givenInForce(FRAMEWORK_2025, TERM_2025);
        given(new PrinciplesAmendmentProposed(FRAMEWORK_2025, 2, PRINCIPLES_V1, PRINCIPLES_V2,
                "Yearly evaluation", LocalDate.of(2025, 6, 1)));
        KANTA_HAME.forEach(p -> given(approval(FRAMEWORK_2025, p, 2)));
        given(new PrinciplesAmended(FRAMEWORK_2025, 2, PRINCIPLES_V1, PRINCIPLES_V2, "Yearly evaluation",
                LocalDate.of(2025, 8, 20)));

        AgreementView view = find(FRAMEWORK_2025);

        assertThat(view.status()).isEqualTo(AgreementStatus.IN_FORCE);
        assertThat(view.version()).isEqualTo(2);
        assertThat(view.principles()).isEqualTo(PRINCIPLES_V2);
        assertThat(view.pendingAmendment()).isNull();
        assertThat(view.enteredIntoForceOn()).isEqualTo(LocalDate.of(2023, 8, 1));
        assertThat(view.parties()).allSatisfy(p -> assertThat(p.approval().version()).isEqualTo(2));
    }

    @Test
    void aSupersededAgreementAndItsSuccessorLinkToEachOther() {
        givenInForce(FRAMEWORK_2023, TERM_2021);
        given(drafted(FRAMEWORK_2025, TERM_2025),
                new AgreementSuperseded(FRAMEWORK_2023, FRAMEWORK_2025, LocalDate.of(2025, 9, 1)));

        AgreementView predecessor = find(FRAMEWORK_2023);
        assertThat(predecessor.status()).isEqualTo(AgreementStatus.SUPERSEDED);
        assertThat(predecessor.supersededBy()).isEqualTo(FRAMEWORK_2025.value());
        assertThat(predecessor.endedOn()).isEqualTo(LocalDate.of(2025, 9, 1));
        AgreementView successor = find(FRAMEWORK_2025);
        assertThat(successor.supersedes()).isEqualTo(FRAMEWORK_2023.value());
        assertThat(successor.status()).isEqualTo(AgreementStatus.DRAFT);

        given(approval(FRAMEWORK_2025, HAMEENLINNA, 1));
        assertThat(find(FRAMEWORK_2025).supersedes()).as("the successor's own events keep the link")
                .isEqualTo(FRAMEWORK_2023.value());
    }

    @Test
    void theSuccessorShowsItsPredecessorAlsoWhenTheSupersessionArrivedBeforeItsDraft() {
        givenInForce(FRAMEWORK_2023, TERM_2021);
        given(new AgreementSuperseded(FRAMEWORK_2023, FRAMEWORK_2025, LocalDate.of(2025, 9, 1)));

        assertThat(queryFind(FRAMEWORK_2025)).as("not drafted yet").isEmpty();
        assertThat(queries.handle(FindAgreements.all()).agreements()).extracting(AgreementView::id)
                .containsExactly(FRAMEWORK_2023.value());

        given(drafted(FRAMEWORK_2025, TERM_2025), approval(FRAMEWORK_2025, FORSSA, 1));

        AgreementView successor = find(FRAMEWORK_2025);
        assertThat(successor.supersedes()).isEqualTo(FRAMEWORK_2023.value());
        assertThat(successor.title()).isEqualTo("Framework agreement " + TERM_2025);
        assertThat(successor.aggregateSequence()).isEqualTo(1);
    }

    @Test
    void aTerminatedAgreementShowsWhenAndWhyItEnded() {
        givenInForce(OTHER, TERM_2025, List.of(ASIKKALA, PAIJAT_HAME_WELFARE_AREA));
        given(new AgreementTerminated(OTHER, LocalDate.of(2025, 12, 31), "Replaced by the county's strategy"));

        AgreementView view = find(OTHER);

        assertThat(view.status()).isEqualTo(AgreementStatus.TERMINATED);
        assertThat(view.endedOn()).isEqualTo(LocalDate.of(2025, 12, 31));
        assertThat(view.terminationReason()).isEqualTo("Replaced by the county's strategy");
        assertThat(view.supersededBy()).isNull();
    }

    @Test
    void reviewsAreSortedByDueDateWithTheirStatusAsOfTheClock() {
        given(drafted(FRAMEWORK_2025, TERM_2025),
                review(FRAMEWORK_2025, "annual-2026", LocalDate.of(2026, 3, 31)),
                review(FRAMEWORK_2025, "council-term", LocalDate.of(2025, 9, 30)),
                review(FRAMEWORK_2025, "overdue", LocalDate.of(2025, 9, 2)),
                review(FRAMEWORK_2025, "late", LocalDate.of(2025, 5, 31)),
                review(FRAMEWORK_2025, "on-time", LocalDate.of(2025, 6, 30)),
                new ReviewCompleted(FRAMEWORK_2025, ReviewId.of("late"), LocalDate.of(2025, 6, 2),
                        ReviewOutcome.NO_CHANGES, "Integraatiovaliokunta 3.6.2025 § 20"),
                new ReviewCompleted(FRAMEWORK_2025, ReviewId.of("on-time"), LocalDate.of(2025, 6, 30),
                        ReviewOutcome.AMEND, "Integraatiovaliokunta 30.6.2025 § 25"));

        List<ReviewView> reviews = find(FRAMEWORK_2025).reviews();

        assertThat(reviews).extracting(ReviewView::reviewId)
                .containsExactly("late", "on-time", "overdue", "council-term", "annual-2026");
        assertThat(reviews).extracting(ReviewView::status).containsExactly(ReviewStatus.COMPLETED_LATE,
                ReviewStatus.COMPLETED_ON_TIME, ReviewStatus.OVERDUE, ReviewStatus.DUE_SOON, ReviewStatus.UPCOMING);
        ReviewView completed = reviews.get(1);
        assertThat(completed.outcome()).isEqualTo(ReviewOutcome.AMEND);
        assertThat(completed.completedOn()).isEqualTo(LocalDate.of(2025, 6, 30));
        assertThat(completed.minutesReference()).isEqualTo("Integraatiovaliokunta 30.6.2025 § 25");
        assertThat(completed.responsibleBody()).isEqualTo("Integraatiovaliokunta");
        assertThat(completed.kind()).isEqualTo("AGREEMENT_EVALUATION");

        AgreementSummaryQueries withAWiderWindow =
                new AgreementSummaryQueries(database, CollectionNames.BASE, CLOCK, 365);
        assertThat(withAWiderWindow.handle(new FindAgreement(FRAMEWORK_2025)).reviews().get(4).status())
                .isEqualTo(ReviewStatus.DUE_SOON);
        AgreementSummaryQueries aYearLater = new AgreementSummaryQueries(database, CollectionNames.BASE,
                Clock.offset(CLOCK, java.time.Duration.ofDays(365)), 30);
        assertThat(aYearLater.handle(new FindAgreement(FRAMEWORK_2025)).reviews().get(4).status())
                .isEqualTo(ReviewStatus.OVERDUE);
    }

    @Test
    void agreementsCanBeFilteredByPartyStatusAndCouncilTerm() {
        givenInForce(FRAMEWORK_2023, TERM_2021);
        given(drafted(FRAMEWORK_2025, TERM_2025),
                new AgreementSuperseded(FRAMEWORK_2023, FRAMEWORK_2025, LocalDate.of(2025, 9, 1)),
                drafted(OTHER, TERM_2025, List.of(ASIKKALA, PAIJAT_HAME_WELFARE_AREA)));

        assertThat(ids(FindAgreements.all()))
                .containsExactlyInAnyOrder(FRAMEWORK_2023.value(), FRAMEWORK_2025.value(), OTHER.value());
        assertThat(ids(new FindAgreements(HAMEENLINNA.id(), null, null)))
                .containsExactlyInAnyOrder(FRAMEWORK_2023.value(), FRAMEWORK_2025.value());
        assertThat(ids(new FindAgreements(ASIKKALA.id(), null, null))).containsExactly(OTHER.value());
        assertThat(ids(new FindAgreements(null, AgreementStatus.DRAFT, null)))
                .containsExactlyInAnyOrder(FRAMEWORK_2025.value(), OTHER.value());
        assertThat(ids(new FindAgreements(null, AgreementStatus.SUPERSEDED, null)))
                .containsExactly(FRAMEWORK_2023.value());
        assertThat(ids(new FindAgreements(null, null, TERM_2021))).containsExactly(FRAMEWORK_2023.value());
        assertThat(ids(new FindAgreements(HAMEENLINNA.id(), AgreementStatus.DRAFT, TERM_2025)))
                .containsExactly(FRAMEWORK_2025.value());
        assertThat(ids(new FindAgreements(PartyId.of("municipality:091"), null, null))).isEmpty();
        assertThat(ids(new FindAgreements(null, AgreementStatus.IN_FORCE, null))).isEmpty();
    }

    @Test
    void anEventDeliveredTwiceLeavesAnIdenticalDocument() throws Exception {
        givenInForce(FRAMEWORK_2023, TERM_2021);
        given(new PrinciplesAmendmentProposed(FRAMEWORK_2023, 2, PRINCIPLES_V1, PRINCIPLES_V2, "Yearly evaluation",
                        LocalDate.of(2025, 6, 1)),
                approval(FRAMEWORK_2023, HAMEENLINNA, 2),
                review(FRAMEWORK_2023, "council-term", LocalDate.of(2025, 9, 30)),
                new ReviewCompleted(FRAMEWORK_2023, ReviewId.of("council-term"), LocalDate.of(2025, 9, 2),
                        ReviewOutcome.REPLACE, "Integraatiovaliokunta 2.9.2025 § 35"),
                new AgreementSuperseded(FRAMEWORK_2023, FRAMEWORK_2025, LocalDate.of(2025, 9, 3)),
                drafted(FRAMEWORK_2025, TERM_2025),
                approval(FRAMEWORK_2025, FORSSA, 1));
        List<Document> before = rawDocuments();
        assertThat(before).hasSize(2);

        for (GenericDomainEventMessage<?> message : List.copyOf(delivered)) {
            eventHandlers.handle(message);
            assertThat(rawDocuments()).as("after redelivering %s #%d",
                    message.getPayloadType().getSimpleName(), message.getSequenceNumber()).isEqualTo(before);
        }
    }

    @Test
    void anOlderEventRedeliveredAfterLaterOnesChangesNothing() throws Exception {
        given(drafted(FRAMEWORK_2025, TERM_2025),
                approval(FRAMEWORK_2025, HAMEENLINNA, 1),
                new PrinciplesAmended(FRAMEWORK_2025, 2, PRINCIPLES_V1, PRINCIPLES_V2, "Yearly evaluation", TODAY));
        List<Document> before = rawDocuments();

        eventHandlers.handle(delivered.get(0));
        eventHandlers.handle(delivered.get(1));

        assertThat(rawDocuments()).isEqualTo(before);
        assertThat(find(FRAMEWORK_2025).version()).isEqualTo(2);
    }

    @Test
    void anEventAheadOfItsTurnIsRefusedNotSkipped() throws Exception {
        // Another processor (a replay's rebuild) is still writing the earlier events into the same documents: the
        // batch must fail, to be retried, instead of the event being dropped.
        GenericDomainEventMessage<AgreementEvent> beforeTheDraft = new GenericDomainEventMessage<>("Agreement",
                FRAMEWORK_2025.value(), 1, approval(FRAMEWORK_2025, HAMEENLINNA, 1));
        assertThatThrownBy(() -> eventHandlers.handle(beforeTheDraft)).isInstanceOf(EventOutOfOrder.class)
                .hasMessageContaining("before the agreement's draft");
        assertThat(rawDocuments()).isEmpty();

        given(drafted(FRAMEWORK_2025, TERM_2025));
        GenericDomainEventMessage<AgreementEvent> pastAMissingOne = new GenericDomainEventMessage<>("Agreement",
                FRAMEWORK_2025.value(), 2, approval(FRAMEWORK_2025, FORSSA, 1));
        assertThatThrownBy(() -> eventHandlers.handle(pastAMissingOne)).isInstanceOf(EventOutOfOrder.class)
                .hasMessageContaining("arrived after #0");
        assertThat(find(FRAMEWORK_2025).aggregateSequence()).isZero();

        eventHandlers.handle(beforeTheDraft);       // its turn now: the retried batch goes through
        eventHandlers.handle(pastAMissingOne);
        assertThat(find(FRAMEWORK_2025).aggregateSequence()).isEqualTo(2);
    }

    @Test
    void theDocumentStoresDatesAsIsoStringsAndTheCouncilTermAsText() {
        given(drafted(FRAMEWORK_2025, TERM_2025), approval(FRAMEWORK_2025, HAMEENLINNA, 1));

        Document document = rawDocuments().get(0);

        assertThat(document.get("_id")).isEqualTo(FRAMEWORK_2025.value());
        assertThat(document.get("draftedOn")).isEqualTo("2025-09-03");
        assertThat(document.get("councilTerm")).isEqualTo("2025-2029");
        assertThat(document.get("status")).isEqualTo("DRAFT");
        assertThat(((Number) document.get("aggregateSequence")).longValue()).isEqualTo(1);
        assertThat(document.getList("parties", Document.class).get(6).getList("approvals", Document.class).get(0)
                .get("meetingDate")).isEqualTo("2023-03-13");
    }

    @Test
    void theFilteredFieldsAreIndexedAlsoAfterAReset() {
        assertThat(indexedFields()).contains("parties.partyId", "status", "councilTerm");

        projection.reset();

        assertThat(indexedFields()).contains("parties.partyId", "status", "councilTerm");
    }

    @Test
    void aResetEmptiesTheReadModelForAReplay() {
        given(drafted(FRAMEWORK_2025, TERM_2025));

        projection.reset();

        assertThat(queryFind(FRAMEWORK_2025)).isEmpty();
        assertThat(queries.handle(FindAgreements.all()).agreements()).isEmpty();
        replayEverything();
        assertThat(find(FRAMEWORK_2025).status()).isEqualTo(AgreementStatus.DRAFT);
    }

    @Test
    void anUnknownAgreementIsAnEmptyAnswerThroughTheQueryBus() {
        given(drafted(FRAMEWORK_2025, TERM_2025));

        assertThat(queryFind(OTHER)).isEmpty();
        assertThat(queryFind(FRAMEWORK_2025)).map(AgreementView::id).contains(FRAMEWORK_2025.value());
        assertThat(queryGateway().query(new FindAgreement(OTHER), AgreementView.class).join()).isNull();
    }

    // --- given ---

    private void given(AgreementEvent... events) {
        for (AgreementEvent event : events) {
            long sequence = lastSequence.merge(event.agreementId(), 0L, (last, zero) -> last + 1);
            GenericDomainEventMessage<AgreementEvent> message =
                    new GenericDomainEventMessage<>("Agreement", event.agreementId().value(), sequence, event);
            delivered.add(message);
            try {
                eventHandlers.handle(message);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private void replayEverything() {
        delivered.forEach(message -> {
            try {
                eventHandlers.handle(message);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private void givenInForce(AgreementId id, CouncilTerm term) {
        givenInForce(id, term, KANTA_HAME);
    }

    private void givenInForce(AgreementId id, CouncilTerm term, List<PartyRef> parties) {
        given(drafted(id, term, parties));
        givenEveryPartyApprovedAndSigned(id, 1);
        given(new AgreementEnteredIntoForce(id, 1, LocalDate.of(2023, 8, 1)));
    }

    private void givenEveryPartyApprovedAndSigned(AgreementId id, int version) {
        List<PartyRef> parties = find(id).parties().stream().map(p -> party(p.partyId(), p.name())).toList();
        parties.forEach(p -> given(approval(id, p, version)));
        parties.forEach(p -> given(signature(id, p, version)));
    }

    private static AgreementDrafted drafted(AgreementId id, CouncilTerm term) {
        return drafted(id, term, KANTA_HAME);
    }

    private static AgreementDrafted drafted(AgreementId id, CouncilTerm term, List<PartyRef> parties) {
        return new AgreementDrafted(id, "Framework agreement " + term, AgreementKind.FRAMEWORK_AGREEMENT,
                "Kanta-Häme", term, parties, PRINCIPLES_V1, List.of("Wellbeing of residents", "Working interfaces"),
                List.of(new Forum("Strategic forum", ForumLevel.STRATEGIC), new Forum("Chairs' forum", ForumLevel.CHAIRS)),
                1, TODAY);
    }

    private static ApprovalRecorded approval(AgreementId id, PartyRef party, int version) {
        return new ApprovalRecorded(id, party, version, "Kaupunginhallitus", LocalDate.of(2023, 3, 13), "§ 30",
                "56/15.00.18/2023", "Approved as proposed.");
    }

    private static AgreementSigned signature(AgreementId id, PartyRef party, int version) {
        return new AgreementSigned(id, party, version, new Signatory("Signatory of " + party.name(), "Kunnanjohtaja"),
                LocalDate.of(2023, 8, 1));
    }

    private static ReviewScheduled review(AgreementId id, String reviewId, LocalDate dueBy) {
        return new ReviewScheduled(id, ReviewId.of(reviewId), dueBy, "AGREEMENT_EVALUATION", "Integraatiovaliokunta",
                "611/2021 §14: at least once per council term", LocalDate.of(2025, 1, 15));
    }

    private static PartyRef party(String id, String name) {
        return new PartyRef(PartyId.of(id), name);
    }

    // --- then ---

    private AgreementView find(AgreementId id) {
        AgreementView view = queries.handle(new FindAgreement(id));
        assertThat(view).as("agreement %s", id).isNotNull();
        return view;
    }

    private Optional<AgreementView> queryFind(AgreementId id) {
        return queryGateway().query(new FindAgreement(id), ResponseTypes.optionalInstanceOf(AgreementView.class)).join();
    }

    private QueryGateway queryGateway() {
        SimpleQueryBus bus = SimpleQueryBus.builder().build();
        new AnnotationQueryHandlerAdapter<>(queries).subscribe(bus);
        return DefaultQueryGateway.builder().queryBus(bus).build();
    }

    private List<String> ids(FindAgreements query) {
        return queries.handle(query).agreements().stream().map(AgreementView::id).toList();
    }

    private List<Document> rawDocuments() {
        return database.getCollection("agreement_summaries").find().sort(new Document("_id", 1))
                .into(new ArrayList<>());
    }

    private List<String> indexedFields() {
        return database.getCollection("agreement_summaries").listIndexes().into(new ArrayList<>()).stream()
                .flatMap(index -> index.get("key", Document.class).keySet().stream())
                .toList();
    }

    private static PartyView partyOf(AgreementView view, PartyRef party) {
        return view.parties().stream().filter(p -> p.partyId().equals(party.id().value())).findFirst().orElseThrow();
    }
}
