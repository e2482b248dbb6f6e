package fi.agreementregistry.projections.history;

import fi.agreementregistry.core.agreement.AgreementEnteredIntoForce;
import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.core.agreement.AgreementTerminated;
import fi.agreementregistry.core.agreement.PartyAdded;
import fi.agreementregistry.core.agreement.PartyRemoved;
import fi.agreementregistry.core.agreement.Principle;
import fi.agreementregistry.core.amendment.PrinciplesAmended;
import fi.agreementregistry.core.amendment.PrinciplesAmendmentProposed;
import fi.agreementregistry.core.review.ReviewCompleted;
import fi.agreementregistry.core.review.ReviewId;
import fi.agreementregistry.core.review.ReviewOutcome;
import fi.agreementregistry.projections.support.CollectionNames;
import fi.agreementregistry.projections.support.Events;
import fi.agreementregistry.projections.support.JsonDocuments;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static fi.agreementregistry.projections.support.Events.*;
import static org.assertj.core.api.Assertions.assertThat;

class AgreementHistoryProjectionTest {

    private static final AgreementId KANTA_HAME = AgreementId.of("kanta-hame-2025");
    private static final AgreementId OTHER = AgreementId.of("other-2024");
    private static final List<Principle> V1 = Principle.numbered(List.of("Plan welfare work together.",
            "Evaluate once per council term."));
    private static final List<Principle> V2 = Principle.numbered(List.of("Plan welfare work together.",
            "Evaluate every year.", "The strategic forum meets twice a year."));

    private Events events;
    private AgreementHistoryQueries queries;

    @BeforeEach
    void setUp() {
        events = new Events();
        events.to(new AgreementHistoryProjection(events.database(), CollectionNames.BASE));
        queries = new AgreementHistoryQueries(events.database(), CollectionNames.BASE);
    }

    @AfterEach
    void tearDown() {
        events.close();
    }

    private void givenTheKantaHameAgreementInForceAndAmended() {
        events.given(CLERK_OF_HAMEENLINNA, drafted(KANTA_HAME, LocalDate.of(2025, 9, 3), HAMEENLINNA, WELFARE_AREA),
                approved(KANTA_HAME, HAMEENLINNA, 1, LocalDate.of(2025, 9, 22)));
        events.given(approved(KANTA_HAME, WELFARE_AREA, 1, LocalDate.of(2025, 10, 7)),
                signed(KANTA_HAME, HAMEENLINNA, 1, LocalDate.of(2025, 10, 10)),
                signed(KANTA_HAME, WELFARE_AREA, 1, LocalDate.of(2025, 10, 14)),
                new AgreementEnteredIntoForce(KANTA_HAME, 1, LocalDate.of(2025, 10, 14)),
                review(KANTA_HAME, "spring-2026", LocalDate.of(2026, 5, 31), LocalDate.of(2025, 10, 14)),
                new ReviewCompleted(KANTA_HAME, ReviewId.of("spring-2026"), LocalDate.of(2026, 1, 20),
                        ReviewOutcome.AMEND, "IVA 20.1.2026 § 5"),
                new PrinciplesAmendmentProposed(KANTA_HAME, 2, V1, V2, "Yearly evaluation", LocalDate.of(2026, 1, 21)),
                approved(KANTA_HAME, HAMEENLINNA, 2, LocalDate.of(2026, 2, 2)),
                approved(KANTA_HAME, WELFARE_AREA, 2, LocalDate.of(2026, 2, 9)),
                new PrinciplesAmended(KANTA_HAME, 2, V1, V2, "Yearly evaluation", LocalDate.of(2026, 2, 9)));
    }

    @Test
    void theStoredDocumentsReadBackExactlyAsJacksonReadsThem() {
        givenTheKantaHameAgreementInForceAndAmended();
        events.given(new PartyAdded(KANTA_HAME, FORSSA, LocalDate.of(2026, 3, 1)),
                new PartyRemoved(KANTA_HAME, FORSSA, LocalDate.of(2026, 4, 1)),
                new AgreementTerminated(KANTA_HAME, LocalDate.of(2026, 5, 1), "Replaced by law"));

        List<Document> stored = events.database().getCollection("agreement_history").find().into(new ArrayList<>());
        assertThat(stored).hasSize(15);
        for (Document document : stored) {
            assertThat(HistoryEntryDocuments.fromDocument(document)).as(document.getString("eventType"))
                    .isEqualTo(JsonDocuments.fromDocument(document, HistoryEntry.class));
        }
        assertThat(stored).as("null fields are left out of the stored documents")
                .allMatch(d -> !d.containsValue(null));
    }

    @Test
    void theHistoryListsEveryEventInOrderWithItsFactsDatesAndActor() {
        givenTheKantaHameAgreementInForceAndAmended();

        List<HistoryEntry> entries = queries.handle(FindAgreementHistory.of(KANTA_HAME)).entries();

        assertThat(entries).extracting(HistoryEntry::sequence).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L,
                10L, 11L);
        assertThat(entries).extracting(HistoryEntry::eventType).startsWith("AgreementDrafted", "ApprovalRecorded")
                .contains("AgreementEnteredIntoForce", "ReviewCompleted").endsWith("PrinciplesAmended");
        HistoryEntry approval = entries.get(1);
        assertThat(approval.actor()).isEqualTo(CLERK_OF_HAMEENLINNA);
        assertThat(approval.partyId()).isEqualTo("municipality:109");
        assertThat(approval.partyName()).isEqualTo("Hämeenlinna");
        assertThat(approval.version()).isEqualTo(1);
        assertThat(approval.decisionBody()).isEqualTo("Kaupunginhallitus");
        assertThat(approval.meetingDate()).isEqualTo(LocalDate.of(2025, 9, 22));
        assertThat(approval.effectiveOn()).isEqualTo(LocalDate.of(2025, 9, 22));
        assertThat(approval.section()).isEqualTo("§ 30");
        assertThat(approval.diaryNumber()).isEqualTo("56/15.00.18/2023");
        assertThat(approval.recordedAt()).isAfter(entries.get(0).recordedAt());
        assertThat(entries.get(2).actor()).as("recorded without an actor").isNull();
        assertThat(entries.get(3).signatoryName()).isEqualTo("Olli Ohjaaja");
        assertThat(entries.get(3).signatoryTitle()).isEqualTo("kaupunginjohtaja");
        assertThat(entries.get(7).outcome()).isEqualTo(ReviewOutcome.AMEND);
        assertThat(entries.get(6).dueBy()).isEqualTo(LocalDate.of(2026, 5, 31));
        assertThat(entries.get(11).principlesBefore()).isEqualTo(V1);
        assertThat(entries.get(11).principlesAfter()).isEqualTo(V2);
    }

    @Test
    void theHistoryFiltersByPartyEventTypeAndBusinessDate() {
        givenTheKantaHameAgreementInForceAndAmended();

        assertThat(queries.handle(new FindAgreementHistory(KANTA_HAME, WELFARE_AREA.id(), "ApprovalRecorded", null,
                null)).entries()).extracting(HistoryEntry::effectiveOn)
                .containsExactly(LocalDate.of(2025, 10, 7), LocalDate.of(2026, 2, 9));
        assertThat(queries.handle(new FindAgreementHistory(KANTA_HAME, null, null, LocalDate.of(2026, 1, 1),
                LocalDate.of(2026, 2, 2))).entries()).extracting(HistoryEntry::sequence).containsExactly(7L, 8L, 9L);
        assertThat(queries.handle(FindAgreementHistory.of(AgreementId.of("unknown")))).isNull();
    }

    @Test
    void theHistoryAcrossAgreementsIsNewestFirstAndPaginatedWithATotal() {
        givenTheKantaHameAgreementInForceAndAmended();
        events.given(drafted(OTHER, LocalDate.of(2024, 1, 5), FORSSA, HAMEENLINNA),
                approved(OTHER, HAMEENLINNA, 1, LocalDate.of(2024, 2, 1)));

        HistoryPage approvals2025 = queries.handle(new FindHistory(LocalDate.of(2024, 1, 1),
                LocalDate.of(2025, 12, 31), HAMEENLINNA.id(), "ApprovalRecorded", 0, 10));
        assertThat(approvals2025.total()).isEqualTo(2);
        assertThat(approvals2025.entries()).extracting(HistoryEntry::agreementId)
                .containsExactly(KANTA_HAME.value(), OTHER.value());

        HistoryPage first = queries.handle(new FindHistory(null, null, null, null, 0, 5));
        HistoryPage third = queries.handle(new FindHistory(null, null, null, null, 2, 5));
        assertThat(first.total()).isEqualTo(14);
        assertThat(first.entries()).hasSize(5);
        assertThat(first.entries().get(0).effectiveOn()).isEqualTo(LocalDate.of(2026, 2, 9));
        assertThat(third.entries()).hasSize(4);
        assertThat(third.entries().get(3).eventType()).isEqualTo("AgreementDrafted");
        assertThat(third.entries().get(3).agreementId()).isEqualTo(OTHER.value());
    }

    /** Every page by cursor from the first, following nextCursor. */
    private List<HistoryEntry> walk(FindHistory first) {
        List<HistoryEntry> all = new java.util.ArrayList<>();
        FindHistory query = first;
        for (int pages = 0; pages < 1_000; pages++) {
            HistoryPage page = queries.handle(query);
            assertThat(page.entries()).hasSizeLessThanOrEqualTo(first.size());
            all.addAll(page.entries());
            if (page.nextCursor() == null) {
                return all;
            }
            assertThat(page.entries()).as("a page with a next one is full").hasSize(first.size());
            query = FindHistory.byCursor(first.from(), first.to(), first.party(), first.eventType(), first.size(),
                    page.nextCursor());
        }
        throw new AssertionError("no last page");
    }

    @Test
    void byCursorThePagesFollowOneAnotherNewestBusinessDateFirstWithoutGapsOrRepeats() {
        givenTheKantaHameAgreementInForceAndAmended();
        List<fi.agreementregistry.core.agreement.AgreementEvent> many = new java.util.ArrayList<>();
        many.add(drafted(OTHER, LocalDate.of(2024, 1, 5), FORSSA, HAMEENLINNA));
        for (int i = 0; i < 600; i++) {
            many.add(Events.review(OTHER, "r" + i, LocalDate.of(2027, 1, 1), LocalDate.of(2024, 3, 1 + i % 2)));
        }
        events.given(many.toArray(fi.agreementregistry.core.agreement.AgreementEvent[]::new));
        List<HistoryEntry> everything = queries.handle(new FindHistory(null, null, null, null, 0, 1_000)).entries();

        List<HistoryEntry> walked = walk(FindHistory.byCursor(null, null, null, null, 50, null));
        List<HistoryEntry> reviewsOf1March = walk(FindHistory.byCursor(LocalDate.of(2024, 3, 1),
                LocalDate.of(2024, 3, 1), null, "ReviewScheduled", 40, null));

        assertThat(walked).hasSize(everything.size()).hasSize(613)
                .extracting(e -> e.agreementId() + "#" + e.sequence()).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(everything.stream().map(e -> e.agreementId() + "#" + e.sequence())
                        .toList());
        assertThat(walked).extracting(HistoryEntry::effectiveOn).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(walked.subList(0, 14)).as("the newest business dates first").isEqualTo(everything.subList(0, 14));
        assertThat(reviewsOf1March).hasSize(300).allSatisfy(e -> assertThat(e.effectiveOn())
                .isEqualTo(LocalDate.of(2024, 3, 1)));
        assertThat(queries.handle(FindHistory.byCursor(null, null, null, null, 10, null)).total()).isEqualTo(613);
        assertThat(queries.handle(FindHistory.byCursor(null, null, FORSSA.id(), null, 10, null)).total()).isNull();
    }

    @Test
    void aRedeliveredEventIsListedOnceAndAGenerationWithoutTheIndexIsPagedByOffset() {
        givenTheKantaHameAgreementInForceAndAmended();
        List<HistoryEntry> once = walk(FindHistory.byCursor(null, null, null, null, 4, null));
        events.redeliverEverything();

        assertThat(walk(FindHistory.byCursor(null, null, null, null, 4, null))).isEqualTo(once);
        events.database().getCollection("agreement_history_index").drop();
        assertThat(walk(FindHistory.byCursor(null, null, null, null, 4, null)))
                .isEqualTo(queries.handle(new FindHistory(null, null, null, null, 0, 100)).entries());
        String cursor = queries.handle(FindHistory.byCursor(null, null, null, null, 4, null)).nextCursor();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FindHistory.byCursor(null, null, FORSSA.id(), null,
                4, cursor)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("other criteria");
    }

    @Test
    void aLongHistoryReadAgainShowsWhatWasAddedSinceAndNothingOfADroppedCollection() {
        List<fi.agreementregistry.core.agreement.AgreementEvent> many = new java.util.ArrayList<>();
        many.add(drafted(OTHER, LocalDate.of(2024, 1, 5), FORSSA, HAMEENLINNA));
        for (int i = 0; i < 300; i++) {
            many.add(Events.review(OTHER, "r" + i, LocalDate.of(2027, 1, 1), LocalDate.of(2024, 3, 1)));
        }
        events.given(many.toArray(fi.agreementregistry.core.agreement.AgreementEvent[]::new));
        assertThat(queries.handle(FindAgreementHistory.of(OTHER)).entries()).hasSize(301);

        events.given(Events.review(OTHER, "one-more", LocalDate.of(2027, 1, 1), LocalDate.of(2024, 3, 2)));
        List<HistoryEntry> after = queries.handle(FindAgreementHistory.of(OTHER)).entries();

        assertThat(after).hasSize(302).extracting(HistoryEntry::sequence).isEqualTo(
                java.util.stream.LongStream.range(0, 302).boxed().toList());
        assertThat(after.get(301).reviewId()).isEqualTo("one-more");
        events.database().getCollection("agreement_history").drop();
        assertThat(queries.handle(FindAgreementHistory.of(OTHER))).as("the kept entries are gone with it").isNull();
    }

    @Test
    void principleVersionsAndTheirDiff() {
        givenTheKantaHameAgreementInForceAndAmended();

        assertThat(queries.handle(new FindPrinciples(KANTA_HAME, 1)).principles()).isEqualTo(V1);
        PrinciplesVersion v2 = queries.handle(new FindPrinciples(KANTA_HAME, 2));
        assertThat(v2.principles()).isEqualTo(V2);
        assertThat(v2.recordedBy()).isEqualTo("PrinciplesAmended");
        assertThat(v2.since()).isEqualTo(LocalDate.of(2026, 2, 9));
        assertThat(queries.handle(new FindPrinciples(KANTA_HAME, 3))).isNull();

        PrinciplesDiff diff = queries.handle(new FindPrinciplesDiff(KANTA_HAME, 1, 2));
        assertThat(diff.added()).containsExactly(new Principle(3, "The strategic forum meets twice a year."));
        assertThat(diff.removed()).isEmpty();
        assertThat(diff.changed()).containsExactly(
                new PrinciplesDiff.Change(2, "Evaluate once per council term.", "Evaluate every year."));
        assertThat(queries.handle(new FindPrinciplesDiff(KANTA_HAME, 2, 1)).removed()).hasSize(1);
    }

    @Test
    void anEventDeliveredTwiceLeavesTheSameDocuments() {
        givenTheKantaHameAgreementInForceAndAmended();
        List<Document> once = events.database().getCollection("agreement_history").find()
                .sort(new Document("_id", 1)).into(new ArrayList<>());

        events.redeliverEverything();

        assertThat(events.database().getCollection("agreement_history").find().sort(new Document("_id", 1))
                .into(new ArrayList<>())).isEqualTo(once);
    }

    @Test
    void theEventTypesForFiltersNameEveryAgreementAndNegotiationEvent() {
        List<String> events = new com.tngtech.archunit.core.importer.ClassFileImporter()
                .withImportOption(com.tngtech.archunit.core.importer.ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("fi.agreementregistry.core").stream()
                .filter(c -> (c.isAssignableTo(fi.agreementregistry.core.agreement.AgreementEvent.class)
                        || c.isAssignableTo(fi.agreementregistry.core.negotiation.NegotiationEvent.class))
                        && !c.isInterface())
                .map(com.tngtech.archunit.core.domain.JavaClass::getSimpleName).toList();
        assertThat(AgreementHistoryProjection.EVENT_TYPES).containsExactlyInAnyOrderElementsOf(events);
    }
}
