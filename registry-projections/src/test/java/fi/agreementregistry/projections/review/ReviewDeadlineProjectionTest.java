package fi.agreementregistry.projections.review;

import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.core.agreement.AgreementStatus;
import fi.agreementregistry.core.agreement.AgreementTerminated;
import fi.agreementregistry.core.agreement.PartyAdded;
import fi.agreementregistry.core.review.ReviewCompleted;
import fi.agreementregistry.core.review.ReviewId;
import fi.agreementregistry.core.review.ReviewOutcome;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReviewDeadlineProjectionTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 3, 2);
    private static final Clock CLOCK = Clock.fixed(TODAY.atTime(10, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
    private static final AgreementId KANTA_HAME = AgreementId.of("kanta-hame-2025");
    private static final AgreementId OTHER = AgreementId.of("forssa-protocol");

    private Events events;
    private ReviewDeadlineQueries queries;

    @BeforeEach
    void setUp() {
        events = new Events();
        events.to(new ReviewDeadlineProjection(events.database(), CollectionNames.BASE));
        queries = new ReviewDeadlineQueries(events.database(), CollectionNames.BASE, CLOCK, 30);
        events.given(drafted(KANTA_HAME, LocalDate.of(2025, 9, 3), HAMEENLINNA, WELFARE_AREA),
                review(KANTA_HAME, "due-today", TODAY, LocalDate.of(2025, 9, 3)),
                review(KANTA_HAME, "due-in-30-days", TODAY.plusDays(30), LocalDate.of(2025, 9, 3)),
                review(KANTA_HAME, "due-in-31-days", TODAY.plusDays(31), LocalDate.of(2025, 9, 3)),
                review(KANTA_HAME, "one-day-late", TODAY.minusDays(1), LocalDate.of(2025, 9, 3)),
                review(KANTA_HAME, "done-on-time", TODAY.minusDays(10), LocalDate.of(2025, 9, 3)),
                new ReviewCompleted(KANTA_HAME, ReviewId.of("done-on-time"), TODAY.minusDays(10),
                        ReviewOutcome.NO_CHANGES, "§ 3"),
                review(KANTA_HAME, "done-late", TODAY.minusDays(20), LocalDate.of(2025, 9, 3)),
                new ReviewCompleted(KANTA_HAME, ReviewId.of("done-late"), TODAY.minusDays(19),
                        ReviewOutcome.AMEND, "§ 4"));
        events.given(drafted(OTHER, LocalDate.of(2025, 1, 10), FORSSA, WELFARE_AREA),
                new ReviewScheduledBuilder(OTHER).build());
    }

    @AfterEach
    void tearDown() {
        events.close();
    }

    /** A review of the other agreement by another body, due next year. */
    private record ReviewScheduledBuilder(AgreementId id) {
        fi.agreementregistry.core.review.ReviewScheduled build() {
            return new fi.agreementregistry.core.review.ReviewScheduled(id, ReviewId.of("annual"),
                    LocalDate.of(2027, 1, 31), "ANNUAL_WELFARE_NEGOTIATION", "Hyte-foorumi", null,
                    LocalDate.of(2025, 1, 10));
        }
    }

    private ReviewStatus statusOf(ReviewDeadlines deadlines, String reviewId) {
        return deadlines.reviews().stream().filter(r -> r.review().reviewId().equals(reviewId)).findFirst().orElseThrow()
                .review().status();
    }

    @Test
    void everyEventOfTheAgreementMovesItsSequenceSoAnEventAheadOfItsTurnIsRefused() {
        AgreementId id = AgreementId.of("sequence-check");
        events.given(drafted(id, LocalDate.of(2025, 9, 3), HAMEENLINNA, WELFARE_AREA),
                Events.approved(id, HAMEENLINNA, 1, LocalDate.of(2025, 10, 1)));
        assertThat(events.database().getCollection("review_agreements")
                .find(new org.bson.Document("_id", id.value())).first().get("aggregateSequence", Number.class)
                .longValue()).as("an approval, which the review list does not show, still counts").isEqualTo(1);

        org.axonframework.eventhandling.GenericDomainEventMessage<?> ahead =
                new org.axonframework.eventhandling.GenericDomainEventMessage<>("Agreement", id.value(), 3,
                        Events.approved(id, WELFARE_AREA, 1, LocalDate.of(2025, 10, 2)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        new org.axonframework.eventhandling.AnnotationEventHandlerAdapter(
                                new ReviewDeadlineProjection(events.database(), CollectionNames.BASE)).handle(ahead))
                .isInstanceOf(fi.agreementregistry.projections.support.EventOutOfOrder.class);
    }

    @Test
    void statusesAroundTheBoundariesAgainstTheClock() {
        ReviewDeadlines all = queries.handle(FindReviews.all());

        assertThat(all.asOf()).isEqualTo(TODAY);
        assertThat(statusOf(all, "due-today")).isEqualTo(ReviewStatus.DUE_SOON);
        assertThat(statusOf(all, "due-in-30-days")).isEqualTo(ReviewStatus.DUE_SOON);
        assertThat(statusOf(all, "due-in-31-days")).isEqualTo(ReviewStatus.UPCOMING);
        assertThat(statusOf(all, "one-day-late")).isEqualTo(ReviewStatus.OVERDUE);
        assertThat(statusOf(all, "done-on-time")).isEqualTo(ReviewStatus.COMPLETED_ON_TIME);
        assertThat(statusOf(all, "done-late")).isEqualTo(ReviewStatus.COMPLETED_LATE);
        assertThat(all.reviews()).extracting(r -> r.review().dueBy()).isSorted();
        ReviewDeadline first = all.reviews().get(0);
        assertThat(first.agreementTitle()).isEqualTo("Puitesopimus kanta-hame-2025");
        assertThat(first.parties()).containsExactly(HAMEENLINNA, WELFARE_AREA);
    }

    @Test
    void asOfADateTheStatusesHoldForThatDayAndLaterCompletionsAreStillOpen() {
        ReviewDeadlines earlier = queries.handle(new FindReviews(null, null, null, null, null, TODAY.minusDays(15)));

        assertThat(statusOf(earlier, "done-late")).as("completed four days later").isEqualTo(ReviewStatus.COMPLETED_LATE);
        assertThat(statusOf(earlier, "done-on-time")).as("completed five days later").isEqualTo(ReviewStatus.DUE_SOON);
        assertThat(statusOf(earlier, "due-in-31-days")).isEqualTo(ReviewStatus.UPCOMING);

        ReviewDeadlines overdue = queries.handle(new FindReviews(ReviewStatus.OVERDUE, null, null, null, null,
                TODAY.plusDays(1)));
        assertThat(overdue.reviews()).extracting(r -> r.review().reviewId()).containsExactly("one-day-late", "due-today");
    }

    @Test
    void filtersByDueDateResponsibleBodyAndParty() {
        assertThat(queries.handle(new FindReviews(null, TODAY.plusDays(30), TODAY, null, null, null)).reviews())
                .extracting(r -> r.review().reviewId()).containsExactly("due-today", "due-in-30-days");
        assertThat(queries.handle(new FindReviews(null, null, null, "hyte-foorumi", null, null)).reviews())
                .extracting(r -> r.review().reviewId()).containsExactly("annual");
        assertThat(queries.handle(new FindReviews(null, null, null, null, FORSSA.id(), null)).reviews())
                .extracting(ReviewDeadline::agreementId).containsOnly(OTHER.value());
        assertThat(queries.handle(new FindReviews(null, null, null, null, WELFARE_AREA.id(), null)).reviews())
                .hasSize(7);
    }

    /** 600 reviews of one more agreement, more than two chunks of the index on one day, then 40 on the next. */
    private List<String> manyReviews() {
        AgreementId many = AgreementId.of("many-reviews");
        List<fi.agreementregistry.core.agreement.AgreementEvent> given = new ArrayList<>();
        given.add(drafted(many, LocalDate.of(2025, 1, 10), FORSSA, HAMEENLINNA));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 640; i++) {
            String id = "m" + (999 - i); // scheduled in an order other than their ids' order
            given.add(review(many, id, i < 600 ? TODAY.plusDays(60) : TODAY.plusDays(61), LocalDate.of(2025, 2, 1)));
            ids.add(id);
        }
        events.given(given.toArray(fi.agreementregistry.core.agreement.AgreementEvent[]::new));
        return ids;
    }

    /** Every page of the query from its first, following nextCursor; fails if a page is larger than the limit. */
    private List<ReviewDeadline> walk(FindReviews first) {
        return walk(queries, first);
    }

    private static List<ReviewDeadline> walk(ReviewDeadlineQueries queries, FindReviews first) {
        List<ReviewDeadline> all = new ArrayList<>();
        FindReviews query = first;
        for (int pages = 0; pages < 1_000; pages++) {
            ReviewDeadlines page = queries.handle(query);
            assertThat(page.reviews()).hasSizeLessThanOrEqualTo(first.limit());
            assertThat(page.limit()).isEqualTo(first.limit());
            all.addAll(page.reviews());
            if (page.nextCursor() == null) {
                return all;
            }
            assertThat(page.reviews()).as("a page with a next one is full").hasSize(first.limit());
            query = first.from(page.nextCursor());
        }
        throw new AssertionError("no last page");
    }

    private static List<String> idsOf(List<ReviewDeadline> deadlines) {
        return deadlines.stream().map(r -> r.review().reviewId()).toList();
    }

    @Test
    void pagesFollowOneAnotherByDueDateAndTheOrderTheReviewsWereScheduledWithoutGapsOrRepeats() {
        List<String> many = manyReviews();
        List<String> whole = idsOf(walk(new FindReviews(null, null, null, null, null, null, 1_000, null)));

        List<String> paged = idsOf(walk(new FindReviews(null, null, null, null, null, null, 100, null)));

        assertThat(whole).hasSize(647);
        assertThat(paged).isEqualTo(whole);
        assertThat(paged.subList(6, 646)).as("within a day, in the order scheduled").isEqualTo(many);
        assertThat(queries.handle(new FindReviews(null, null, null, null, null, null, 100, null)).total())
                .as("without criteria the total is known").isEqualTo(647L);
        assertThat(queries.handle(new FindReviews(ReviewStatus.UPCOMING, null, null, null, null, null, 100, null))
                .total()).as("with criteria it is not counted").isNull();
    }

    @Test
    void aPageWithCriteriaHoldsOnlyMatchesAndTheCursorCarriesThemOn() {
        List<String> many = manyReviews();

        List<String> upcoming = idsOf(walk(new FindReviews(ReviewStatus.UPCOMING, null, null, null, null, null, 7, null)));
        List<String> onTheSecondDay = idsOf(walk(new FindReviews(null, TODAY.plusDays(61), TODAY.plusDays(61), null,
                null, null, 9, null)));
        List<String> ofForssa = idsOf(walk(new FindReviews(null, null, null, null, FORSSA.id(), null, 50, null)));

        List<String> expected = new ArrayList<>(List.of("due-in-31-days"));
        expected.addAll(many);
        expected.add("annual");
        assertThat(upcoming).isEqualTo(expected);
        assertThat(onTheSecondDay).isEqualTo(many.subList(600, 640));
        assertThat(ofForssa).as("a party's reviews by due date, through its own index").hasSize(641)
                .containsAll(many).contains("annual").doesNotHaveDuplicates();
    }

    @Test
    void anOpenStatusFromTodayOnWalksOnlyOpenReviewsAndStillSeesOneCompletedAfterTheDayAsked() {
        List<String> many = manyReviews();
        AgreementId old = AgreementId.of("old-and-done");
        List<fi.agreementregistry.core.agreement.AgreementEvent> done = new ArrayList<>();
        done.add(drafted(old, LocalDate.of(2020, 1, 1), FORSSA, HAMEENLINNA));
        for (int i = 0; i < 300; i++) {
            done.add(review(old, "done-" + i, LocalDate.of(2021, 1, 1), LocalDate.of(2020, 1, 2)));
            done.add(new ReviewCompleted(old, ReviewId.of("done-" + i), LocalDate.of(2021, 1, 1),
                    ReviewOutcome.NO_CHANGES, "§ " + i));
        }
        // Completed on a day after the day it was recorded (possible in events stored before the rule against it).
        done.add(review(old, "completed-in-future", LocalDate.of(2150, 1, 1), LocalDate.of(2020, 1, 2)));
        done.add(new ReviewCompleted(old, ReviewId.of("completed-in-future"), LocalDate.of(2150, 6, 1),
                ReviewOutcome.NO_CHANGES, "§ 999"));
        events.given(done.toArray(fi.agreementregistry.core.agreement.AgreementEvent[]::new));

        assertThat(events.database().getCollection("review_index").find(new Document("_id", "open|2021-01-01|0"))
                .first().getList("keys", String.class)).as("completed reviews leave the open index, their places blank")
                .hasSize(256).containsOnly("");
        assertThat(events.database().getCollection("review_index").find(new Document("_id", "due|2021-01-01|0"))
                .first().getList("keys", String.class)).hasSize(256);
        assertThat(idsOf(walk(new FindReviews(ReviewStatus.OVERDUE, null, null, null, null, null, 10, null))))
                .containsExactly("one-day-late");
        assertThat(idsOf(walk(new FindReviews(ReviewStatus.OVERDUE, null, null, null, null, LocalDate.of(2150, 3, 1),
                1_000, null)))).contains("completed-in-future", "one-day-late").containsAll(many)
                .noneMatch(id -> id.startsWith("done-"));
        assertThat(idsOf(walk(new FindReviews(ReviewStatus.COMPLETED_ON_TIME, null, null, null, null, null, 100,
                null)))).hasSize(301).contains("done-on-time");
        assertThat(idsOf(walk(new FindReviews(ReviewStatus.OVERDUE, null, null, null, null, LocalDate.of(2021, 1, 2),
                100, null)))).as("before today the completed ones count as they stood").isEmpty();
    }

    @Test
    void aReviewCompletedBetweenTwoPagesMovesNoOtherReviewPastTheCursor() {
        List<String> many = manyReviews();
        ReviewDeadlines first = queries.handle(new FindReviews(ReviewStatus.UPCOMING, null, null, null, null, null,
                100, null));
        List<String> seen = new ArrayList<>(idsOf(first.reviews()));

        events.given(new ReviewCompleted(AgreementId.of("many-reviews"), ReviewId.of(many.get(10)), TODAY,
                ReviewOutcome.NO_CHANGES, "§ 1"));
        seen.addAll(idsOf(walk(new FindReviews(ReviewStatus.UPCOMING, null, null, null, null, null, 100, null)
                .from(first.nextCursor()))));

        List<String> expected = new ArrayList<>(List.of("due-in-31-days"));
        expected.addAll(many);
        expected.add("annual");
        assertThat(seen).isEqualTo(expected);
    }

    @Test
    void aCursorOfAnotherQueryOrAnAlteredOneIsRefused() {
        manyReviews();
        String cursor = queries.handle(new FindReviews(null, null, null, null, null, null, 10, null)).nextCursor();

        assertThatThrownBy(() -> queries.handle(new FindReviews(ReviewStatus.UPCOMING, null, null, null, null, null,
                10, cursor))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("other criteria");
        assertThatThrownBy(() -> queries.handle(new FindReviews(null, null, null, null, null, null, 10,
                "x" + cursor))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not one this registry gave out");
        assertThatThrownBy(() -> new FindReviews(null, null, null, null, null, null, 0, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aGenerationWrittenBeforeTheIndexIsStillReadWholeAndPaged() {
        List<String> many = manyReviews();
        List<String> indexed = idsOf(walk(new FindReviews(null, null, null, null, null, null, 100, null)));
        events.database().getCollection("review_index").drop();

        List<String> scanned = idsOf(walk(new FindReviews(null, null, null, null, null, null, 100, null)));

        assertThat(scanned).hasSameSizeAs(indexed).containsExactlyInAnyOrderElementsOf(indexed)
                .containsAll(many);
    }

    @Test
    void aPartysReviewsComeFromItsOwnIndexPagedAsAGenerationWithoutItAnswersThemWhole() {
        List<String> many = manyReviews();
        events.given(new PartyAdded(OTHER, HAMEENLINNA, LocalDate.of(2025, 2, 1)));
        List<String> paged = idsOf(walk(new FindReviews(null, null, null, null, HAMEENLINNA.id(), null, 50, null)));
        assertThat(events.database().getCollection("review_index")
                .find(new org.bson.Document("_id", "due@" + HAMEENLINNA.id().value() + "-days")).first())
                .as("the party's own due-day index").isNotNull();

        assertThat(events.database().getCollection("review_index")
                .find(new org.bson.Document("_id", "party|" + HAMEENLINNA.id().value())).first())
                .as("the party's agreements: only generations of version 1 need them").isNull();

        // A generation written by the version before the parties' indexes (its format says version 1, and it holds
        // documents, so it is not taken for a new one): it keeps the party's agreements and reads through them.
        CollectionNames older = base -> base + "_v1";
        events.database().getCollection("review_index_v1").insertOne(new org.bson.Document("_id", "format")
                .append("version", 1));
        events.database().getCollection("review_deadlines_v1").insertOne(new org.bson.Document("_id", "x/y")
                .append("agreementId", "x"));
        events.to(new ReviewDeadlineProjection(events.database(), older));
        events.redeliverEverything();
        List<String> throughAgreements = idsOf(walk(new ReviewDeadlineQueries(events.database(), older, CLOCK, 30),
                new FindReviews(null, null, null, null, HAMEENLINNA.id(), null, 50, null)));
        assertThat(events.database().getCollection("review_index_v1")
                .find(new org.bson.Document("_id", "party|" + HAMEENLINNA.id().value())).first()).isNotNull();

        assertThat(paged).as("gained with the party: the reviews scheduled before it joined").containsAll(many)
                .contains("annual", "due-today", "done-late").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(throughAgreements);
    }

    @Test
    void aPartyThatLeftTheAgreementNoLongerSeesItsReviews() {
        events.given(new PartyAdded(OTHER, HAMEENLINNA, LocalDate.of(2025, 2, 1)),
                new fi.agreementregistry.core.agreement.PartyRemoved(OTHER, HAMEENLINNA, LocalDate.of(2025, 2, 2)));

        assertThat(queries.handle(new FindReviews(null, null, null, null, HAMEENLINNA.id(), null)).reviews())
                .extracting(ReviewDeadline::agreementId).containsOnly(KANTA_HAME.value());
    }

    @Test
    void partiesAndTheAgreementsStatusFollowTheirEvents() {
        events.given(new PartyAdded(OTHER, HAMEENLINNA, LocalDate.of(2025, 2, 1)),
                new AgreementTerminated(OTHER, LocalDate.of(2026, 1, 1), "Replaced"));

        ReviewDeadline annual = queries.handle(new FindReviews(null, null, null, null, HAMEENLINNA.id(), null))
                .reviews().stream().filter(r -> r.agreementId().equals(OTHER.value())).findFirst().orElseThrow();
        assertThat(annual.parties()).contains(HAMEENLINNA);
        assertThat(annual.agreementStatus()).isEqualTo(AgreementStatus.TERMINATED);
    }

    @Test
    void anEventDeliveredTwiceLeavesTheSameDocuments() {
        List<Document> reviews = events.database().getCollection("review_deadlines").find()
                .sort(new Document("_id", 1)).into(new ArrayList<>());
        List<Document> agreements = events.database().getCollection("review_agreements").find()
                .sort(new Document("_id", 1)).into(new ArrayList<>());

        events.redeliverEverything();

        assertThat(events.database().getCollection("review_deadlines").find().sort(new Document("_id", 1))
                .into(new ArrayList<>())).isEqualTo(reviews);
        assertThat(events.database().getCollection("review_agreements").find().sort(new Document("_id", 1))
                .into(new ArrayList<>())).isEqualTo(agreements);
    }
}
