package fi.agreementregistry.projections.party;

import fi.agreementregistry.core.agreement.AgreementEnteredIntoForce;
import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.core.agreement.AgreementStatus;
import fi.agreementregistry.core.agreement.AgreementSuperseded;
import fi.agreementregistry.core.agreement.PartyRemoved;
import fi.agreementregistry.core.agreement.Principle;
import fi.agreementregistry.core.amendment.PrinciplesAmendmentProposed;
import fi.agreementregistry.projections.agreement.ReviewStatus;
import fi.agreementregistry.projections.support.CollectionNames;
import fi.agreementregistry.projections.support.Events;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static fi.agreementregistry.projections.support.Events.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class PartyPortfolioProjectionTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 3, 2);
    private static final Clock CLOCK = Clock.fixed(TODAY.atTime(10, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
    private static final AgreementId IN_FORCE = AgreementId.of("a-in-force");
    private static final AgreementId DRAFT = AgreementId.of("b-draft");
    private static final AgreementId OLD = AgreementId.of("c-old");

    private Events events;
    private PartyPortfolioQueries queries;

    @BeforeEach
    void setUp() {
        events = new Events();
        events.to(new PartyPortfolioProjection(events.database(), CollectionNames.BASE));
        queries = new PartyPortfolioQueries(events.database(), CollectionNames.BASE, CLOCK, 30);
        List<Principle> v1 = drafted(IN_FORCE, TODAY, HAMEENLINNA).principles();
        events.given(drafted(IN_FORCE, LocalDate.of(2025, 9, 3), HAMEENLINNA, WELFARE_AREA),
                approved(IN_FORCE, HAMEENLINNA, 1, LocalDate.of(2025, 9, 22)),
                approved(IN_FORCE, WELFARE_AREA, 1, LocalDate.of(2025, 9, 23)),
                signed(IN_FORCE, HAMEENLINNA, 1, LocalDate.of(2025, 10, 1)),
                signed(IN_FORCE, WELFARE_AREA, 1, LocalDate.of(2025, 10, 2)),
                new AgreementEnteredIntoForce(IN_FORCE, 1, LocalDate.of(2025, 10, 2)),
                review(IN_FORCE, "spring", TODAY.plusDays(10), LocalDate.of(2025, 10, 2)),
                review(IN_FORCE, "autumn", TODAY.plusDays(200), LocalDate.of(2025, 10, 2)),
                new PrinciplesAmendmentProposed(IN_FORCE, 2, v1, Principle.numbered(List.of("New")), "yearly",
                        TODAY),
                approved(IN_FORCE, WELFARE_AREA, 2, TODAY));
        events.given(drafted(DRAFT, LocalDate.of(2026, 2, 1), HAMEENLINNA, WELFARE_AREA, FORSSA),
                approved(DRAFT, HAMEENLINNA, 1, LocalDate.of(2026, 2, 10)),
                approved(DRAFT, FORSSA, 1, LocalDate.of(2026, 2, 11)),
                signed(DRAFT, FORSSA, 1, LocalDate.of(2026, 2, 12)));
        events.given(drafted(OLD, LocalDate.of(2022, 1, 1), HAMEENLINNA, FORSSA),
                review(OLD, "never-done", LocalDate.of(2023, 1, 1), LocalDate.of(2022, 1, 1)),
                new AgreementSuperseded(OLD, IN_FORCE, LocalDate.of(2025, 10, 2)));
    }

    @AfterEach
    void tearDown() {
        events.close();
    }

    @Test
    void aPartysAgreementsComeInPagesByTitleWithTheCountsAndTotalOfAll() {
        for (int i = 0; i < 25; i++) {
            events.given(drafted(AgreementId.of("paged-" + i), LocalDate.of(2026, 1, 5), FORSSA, WELFARE_AREA));
        }
        PartyPortfolio whole = queries.handle(new FindPartyPortfolio(FORSSA.id(), null));

        List<String> walked = new java.util.ArrayList<>();
        FindPartyPortfolio query = new FindPartyPortfolio(FORSSA.id(), null, 10, null);
        List<Integer> sizes = new java.util.ArrayList<>();
        while (true) {
            PartyPortfolio page = queries.handle(query);
            assertThat(page.counts()).isEqualTo(whole.counts());
            assertThat(page.total()).isEqualTo(27);
            sizes.add(page.agreements().size());
            page.agreements().forEach(entry -> walked.add(entry.agreementId()));
            if (page.nextCursor() == null) {
                break;
            }
            query = new FindPartyPortfolio(FORSSA.id(), null, 10, page.nextCursor());
        }

        assertThat(sizes).containsExactly(10, 10, 7);
        assertThat(walked).isEqualTo(whole.agreements().stream().map(PortfolioEntry::agreementId).toList());
        String cursor = queries.handle(new FindPartyPortfolio(FORSSA.id(), null, 10, null)).nextCursor();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new FindPartyPortfolio(HAMEENLINNA.id(), null, 10,
                cursor)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("other criteria");
    }

    @Test
    void aPartyThatLeftIsFoundNoMoreAndAGenerationWithoutTheIndexIsScanned() {
        events.given(new fi.agreementregistry.core.agreement.PartyRemoved(DRAFT, FORSSA, LocalDate.of(2026, 2, 13)));
        List<String> indexed = queries.handle(new FindPartyPortfolio(FORSSA.id(), null)).agreements().stream()
                .map(PortfolioEntry::agreementId).toList();

        events.database().getCollection("party_portfolio_index").drop();

        assertThat(indexed).containsExactly(OLD.value());
        assertThat(queries.handle(new FindPartyPortfolio(FORSSA.id(), null)).agreements())
                .extracting(PortfolioEntry::agreementId).isEqualTo(indexed);
    }

    /**
     * A generation written before the postings (indexes of version 1) keeps its party index and works the entries out
     * from the agreements' states by the same rules, so it answers exactly as the postings do; a generation of the
     * current version does not write that index.
     */
    @Test
    void aGenerationBuiltBeforeThePostingsAnswersTheSame() {
        events.given(new PartyRemoved(DRAFT, FORSSA, TODAY));
        List<FindPartyPortfolio> queried = new ArrayList<>();
        for (var party : List.of(HAMEENLINNA, WELFARE_AREA, FORSSA)) {
            queried.add(new FindPartyPortfolio(party.id(), null));
            queried.add(new FindPartyPortfolio(party.id(), TODAY.plusDays(180), 2, null));
        }
        List<PartyPortfolio> fromPostings = queried.stream().map(queries::handle).toList();
        assertThat(fromPostings.get(0).agreements()).hasSize(3);

        CollectionNames older = base -> base + "_v1";
        // What a generation built by the previous version holds before these events: a format of version 1, and
        // documents (so it is not taken for a new, empty generation).
        events.database().getCollection("party_portfolio_index_v1").insertOne(new Document("_id", "format")
                .append("version", 1));
        events.database().getCollection("party_portfolio_v1").insertOne(new Document("_id", "municipality:091|x")
                .append("agreementId", "x").append("removed", true).append("aggregateSequence", 0L));
        events.to(new PartyPortfolioProjection(events.database(), older));
        events.redeliverEverything();

        PartyPortfolioQueries ofOlder = new PartyPortfolioQueries(events.database(), older, CLOCK, 30);
        assertThat(queried.stream().map(ofOlder::handle).toList()).isEqualTo(fromPostings);
        assertThat(events.database().getCollection("party_portfolio_index_v1").countDocuments()).isEqualTo(4);
        assertThat(events.database().getCollection("party_portfolio_index").countDocuments())
                .as("the format document alone").isEqualTo(1);
    }

    /** Agreement ids may be all digits or hold dots; neither is a plain field name of the party's bucket. */
    @Test
    void agreementIdsOfDigitsAndDotsArePostedAsAnyOther() {
        AgreementId digits = AgreementId.of("20240017");
        AgreementId dotted = AgreementId.of("kh.2024.3");
        events.given(drafted(digits, LocalDate.of(2026, 1, 5), FORSSA, WELFARE_AREA),
                drafted(dotted, LocalDate.of(2026, 1, 5), FORSSA, WELFARE_AREA),
                approved(digits, FORSSA, 1, LocalDate.of(2026, 1, 20)));

        assertThat(queries.handle(new FindPartyPortfolio(FORSSA.id(), null)).agreements())
                .filteredOn(entry -> List.of(digits.value(), dotted.value()).contains(entry.agreementId()))
                .extracting(PortfolioEntry::agreementId, entry -> entry.pendingActions().get(0).kind())
                .containsExactlyInAnyOrder(tuple(digits.value(), PendingAction.Kind.SIGNATURE),
                        tuple(dotted.value(), PendingAction.Kind.APPROVAL));
    }

    @Test
    void eachAgreementWithThePartysOwnPendingActionsAndTheNextReview() {
        PartyPortfolio hameenlinna = queries.handle(new FindPartyPortfolio(HAMEENLINNA.id(), null));

        assertThat(hameenlinna.agreements()).extracting(PortfolioEntry::agreementId)
                .containsExactly(IN_FORCE.value(), DRAFT.value(), OLD.value());
        PortfolioEntry inForce = hameenlinna.agreements().get(0);
        assertThat(inForce.status()).isEqualTo(AgreementStatus.IN_FORCE);
        assertThat(inForce.nextReviewDue()).isEqualTo(TODAY.plusDays(10));
        assertThat(inForce.pendingActions()).containsExactly(
                new PendingAction(PendingAction.Kind.APPROVAL, 2, null, null, null),
                new PendingAction(PendingAction.Kind.REVIEW, null, "spring", TODAY.plusDays(10), ReviewStatus.DUE_SOON));
        assertThat(hameenlinna.agreements().get(1).pendingActions())
                .containsExactly(new PendingAction(PendingAction.Kind.SIGNATURE, 1, null, null, null));
        assertThat(hameenlinna.agreements().get(2).pendingActions()).as("superseded: nothing waits").isEmpty();
        assertThat(hameenlinna.counts()).isEqualTo(new PortfolioCounts(3, 1, 1, 1));

        PartyPortfolio welfareArea = queries.handle(new FindPartyPortfolio(WELFARE_AREA.id(), null));
        assertThat(welfareArea.counts()).isEqualTo(new PortfolioCounts(2, 1, 0, 1));
        assertThat(welfareArea.agreements().get(1).pendingActions())
                .containsExactly(new PendingAction(PendingAction.Kind.APPROVAL, 1, null, null, null));
    }

    @Test
    void aReviewIsDueForThePartyAsOfTheAskedDay() {
        PartyPortfolio later = queries.handle(new FindPartyPortfolio(HAMEENLINNA.id(), TODAY.plusDays(180)));
        assertThat(later.agreements().get(0).pendingActions()).extracting(PendingAction::reviewStatus)
                .containsExactly(null, ReviewStatus.OVERDUE, ReviewStatus.DUE_SOON);
    }

    @Test
    void aRemovedPartyNoLongerSeesTheAgreement() {
        events.given(new PartyRemoved(DRAFT, FORSSA, TODAY));

        assertThat(queries.handle(new FindPartyPortfolio(FORSSA.id(), null)).agreements())
                .extracting(PortfolioEntry::agreementId).containsExactly(OLD.value());
        assertThat(queries.handle(new FindPartyPortfolio(PARTY_WITHOUT_AGREEMENTS, null)).counts())
                .isEqualTo(new PortfolioCounts(0, 0, 0, 0));
    }

    private static final fi.agreementregistry.core.party.PartyId PARTY_WITHOUT_AGREEMENTS =
            fi.agreementregistry.core.party.PartyId.of("municipality:091");

    @Test
    void anEventDeliveredTwiceLeavesTheSameDocuments() {
        List<Document> before = snapshot();
        events.redeliverEverything();
        assertThat(snapshot()).isEqualTo(before);
    }

    private List<Document> snapshot() {
        List<Document> all = events.database().getCollection("party_portfolio").find().sort(new Document("_id", 1))
                .into(new ArrayList<>());
        events.database().getCollection("party_portfolio_agreements").find().sort(new Document("_id", 1)).into(all);
        events.database().getCollection("party_portfolio_postings_index").find().sort(new Document("_id", 1))
                .into(all);
        return all;
    }
}
