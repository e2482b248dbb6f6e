package fi.agreementregistry.api.rest.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import fi.agreementregistry.api.RegistryHttpTest;
import fi.agreementregistry.projections.party.PartyPortfolioProjection;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ConsistencyHttpTest extends RegistryHttpTest {

    @Test
    void aCorruptedReadModelIsReportedAndRepairedFromItsEvents() {
        Answers before = anApprovedAgreementTheCheckFindsConsistent();
        String id = before.id();

        // Ahead, behind, and a hole in the per-event history.
        database.getCollection("agreement_summaries").updateOne(Filters.eq("_id", id),
                Updates.combine(Updates.set("aggregateSequence", 7), Updates.set("title", "Väärä otsikko")));
        database.getCollection("party_portfolio_agreements").updateOne(Filters.eq("_id", id),
                Updates.set("aggregateSequence", 0));
        database.getCollection("agreement_history").deleteOne(Filters.eq("_id", id + "#" + String.format("%019d", 0)));
        // And a posting in the portfolio's buckets from a later event that the store does not hold.
        JsonNode portfolioBefore = portfolioEntry(id);
        String posting = PartyPortfolioProjection.postingField(id);
        database.getCollection("party_portfolio_postings_index").updateMany(Filters.exists(posting),
                Updates.combine(Updates.set(posting + ".title", "Väärä"),
                        Updates.set(posting + ".aggregateSequence", 99)));
        assertThat(portfolioEntry(id).get("title").asText()).isEqualTo("Väärä");

        assertThat(reportedStatesOf(id)).containsExactlyInAnyOrder("agreement-summary:ahead", "party-portfolio:behind",
                "agreement-history:behind");

        JsonNode repair = body(as(ADMIN).post("/api/admin/consistency/repair", null));
        assertThat(repair.get("repaired").toString()).contains(id);
        assertThat(mismatchesOf(id)).isEmpty();
        assertAnswersAsBefore(before);
        assertThat(portfolioEntry(id)).isEqualTo(portfolioBefore);
        assertThat(body(as(AUDITOR).get("/api/audit/admin-actions")).findValuesAsText("action"))
                .contains("consistency-repair");
    }

    @Test
    void contentForgedBehindTheRegistrysBackIsReportedAndRepairedThoughItsSequencesAreRight() {
        Answers before = anApprovedAgreementTheCheckFindsConsistent();
        String id = before.id();

        // A forged title, a forged actor in the audit history, a forged review list entry and an extra membership,
        // each with its sequence left as it was.
        database.getCollection("agreement_summaries").updateOne(Filters.eq("_id", id),
                Updates.set("title", "Väärennetty otsikko"));
        database.getCollection("agreement_history").updateOne(Filters.eq("_id", id + "#" + String.format("%019d", 1)),
                Updates.set("actor.name", "Joku muu"));
        database.getCollection("review_agreements").updateOne(Filters.eq("_id", id),
                Updates.set("title", "Väärennetty otsikko"));
        database.getCollection("party_portfolio").insertOne(new org.bson.Document("_id", "municipality:091|" + id)
                .append("partyId", "municipality:091").append("agreementId", id));

        assertThat(reportedStatesOf(id)).containsExactlyInAnyOrder("agreement-summary:altered",
                "agreement-history:altered", "review-deadlines:altered", "party-portfolio:altered");

        JsonNode repair = body(as(ADMIN).post("/api/admin/consistency/repair", null));
        assertThat(repair.get("after").get("consistent").asBoolean()).isTrue();
        assertAnswersAsBefore(before);
        assertThat(database.getCollection("party_portfolio").countDocuments(Filters.eq("agreementId", id)))
                .isEqualTo(13);
    }

    /** An agreement's summary and history as the API answered them while the read models were right. */
    private record Answers(String id, JsonNode summary, JsonNode history) {
    }

    @Test
    void agreementsWhoseReviewsShareADayWithHundredsOfOthersAreConsistent() {
        String crowded = draftKantaHame();
        // 300 reviews due on one day, appended as the commands would write them: more than a chunk of the lists' index
        // (256), so the next agreement's review of that day sits in a later chunk than a fold of it alone would give.
        org.axonframework.messaging.MetaData system = org.axonframework.messaging.MetaData.from(
                fi.agreementregistry.core.actor.Actor.SYSTEM.toMetaData());
        java.time.LocalDate day = java.time.LocalDate.of(2027, 3, 31);
        List<org.axonframework.eventhandling.DomainEventMessage<?>> reviews = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            reviews.add(new org.axonframework.eventhandling.GenericDomainEventMessage<>(
                    fi.agreementregistry.core.agreement.Agreement.AGGREGATE_TYPE, crowded, i + 1L,
                    new fi.agreementregistry.core.review.ReviewScheduled(
                            fi.agreementregistry.core.agreement.AgreementId.of(crowded),
                            fi.agreementregistry.core.review.ReviewId.of("crowd-" + i), day, "AGREEMENT_EVALUATION",
                            "Ruuhkavaliokunta", "Arviointi", java.time.LocalDate.of(2025, 9, 3)), system));
        }
        eventStore.publish(reviews);
        String later = draftKantaHame();
        JsonNode scheduled = body(post("/api/agreements/" + later + "/reviews", java.util.Map.of("dueBy", day.toString(),
                "kind", "AGREEMENT_EVALUATION", "responsibleBody", "Ruuhkavaliokunta", "scheduledOn", "2026-01-01")));
        assertThat(post("/api/agreements/" + later + "/reviews/" + scheduled.get("reviewId").asText() + "/completion",
                java.util.Map.of("completedOn", "2026-02-01", "outcome", "NO_CHANGES")).getStatusCode()
                .is2xxSuccessful()).isTrue();

        await().atMost(Duration.ofSeconds(30)).until(() ->
                body(get("/api/reviews?responsibleBody=Ruuhkavaliokunta&limit=1000")).get("reviews").size() == 301);
        assertThat(mismatchesOf(crowded)).isEmpty();
        assertThat(mismatchesOf(later)).isEmpty();
    }

    /** A Kanta-Häme agreement, approved once, that the consistency check reports nothing about; and its answers. */
    private Answers anApprovedAgreementTheCheckFindsConsistent() {
        String id = draftKantaHame();
        assertThat(post("/api/agreements/" + id + "/approvals", approval("welfare-area:07", 1, "2026-01-20"))
                .getStatusCode().is2xxSuccessful()).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> mismatchesOf(id).isEmpty());
        return new Answers(id, body(get("/api/agreements/" + id)), body(get("/api/agreements/" + id + "/history")));
    }

    /** The agreement in the portfolio of Kanta-Häme's county, one of its parties. */
    private JsonNode portfolioEntry(String id) {
        JsonNode portfolio = body(get("/api/parties/welfare-area:07/agreements?limit=1000"));
        for (JsonNode entry : portfolio.get("agreements")) {
            if (entry.get("agreementId").asText().equals(id)) {
                return entry;
            }
        }
        throw new AssertionError(id + " is not in the portfolio of welfare-area:07");
    }

    private void assertAnswersAsBefore(Answers before) {
        assertThat(body(get("/api/agreements/" + before.id()))).isEqualTo(before.summary());
        assertThat(body(get("/api/agreements/" + before.id() + "/history"))).isEqualTo(before.history());
    }

    /** What the check reports about the agreement, as {@code processor:state}. */
    private List<String> reportedStatesOf(String id) {
        return mismatchesOf(id).stream()
                .map(m -> m.get("processor").asText() + ":" + m.get("state").asText()).toList();
    }

    private List<JsonNode> mismatchesOf(String id) {
        JsonNode report = body(as(ADMIN).get("/api/admin/consistency"));
        List<JsonNode> mine = new ArrayList<>();
        report.get("mismatches").forEach(m -> {
            if (m.get("agreementId").asText().equals(id)) {
                mine.add(m);
            }
        });
        return mine;
    }
}
