package fi.agreementregistry.api.rest.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import fi.agreementregistry.api.RegistryHttpTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ConsistencyHttpTest extends RegistryHttpTest {

    @Test
    void aCorruptedReadModelIsReportedAndRepairedFromItsEvents() {
        String id = draftKantaHame();
        assertThat(post("/api/agreements/" + id + "/approvals", approval("welfare-area:07", 1, "2026-01-20"))
                .getStatusCode().is2xxSuccessful()).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> mismatchesOf(id).isEmpty());
        JsonNode summary = body(get("/api/agreements/" + id));
        JsonNode history = body(get("/api/agreements/" + id + "/history"));

        // Ahead, behind, and a hole in the per-event history.
        database.getCollection("agreement_summaries").updateOne(Filters.eq("_id", id),
                Updates.combine(Updates.set("aggregateSequence", 7), Updates.set("title", "Väärä otsikko")));
        database.getCollection("party_portfolio_agreements").updateOne(Filters.eq("_id", id),
                Updates.set("aggregateSequence", 0));
        database.getCollection("agreement_history").deleteOne(Filters.eq("_id", id + "#" + String.format("%019d", 0)));

        List<String> reported = mismatchesOf(id).stream()
                .map(m -> m.get("processor").asText() + ":" + m.get("state").asText()).toList();
        assertThat(reported).containsExactlyInAnyOrder("agreement-summary:ahead", "party-portfolio:behind",
                "agreement-history:behind");

        JsonNode repair = body(as(ADMIN).post("/api/admin/consistency/repair", null));
        assertThat(repair.get("repaired").toString()).contains(id);
        assertThat(mismatchesOf(id)).isEmpty();
        assertThat(body(get("/api/agreements/" + id))).isEqualTo(summary);
        assertThat(body(get("/api/agreements/" + id + "/history"))).isEqualTo(history);
        assertThat(body(as(AUDITOR).get("/api/audit/admin-actions")).findValuesAsText("action"))
                .contains("consistency-repair");
    }

    @Test
    void contentForgedBehindTheRegistrysBackIsReportedAndRepairedThoughItsSequencesAreRight() {
        String id = draftKantaHame();
        assertThat(post("/api/agreements/" + id + "/approvals", approval("welfare-area:07", 1, "2026-01-20"))
                .getStatusCode().is2xxSuccessful()).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> mismatchesOf(id).isEmpty());
        JsonNode summary = body(get("/api/agreements/" + id));
        JsonNode history = body(get("/api/agreements/" + id + "/history"));

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

        List<String> reported = mismatchesOf(id).stream()
                .map(m -> m.get("processor").asText() + ":" + m.get("state").asText()).toList();
        assertThat(reported).containsExactlyInAnyOrder("agreement-summary:altered", "agreement-history:altered",
                "review-deadlines:altered", "party-portfolio:altered");

        JsonNode repair = body(as(ADMIN).post("/api/admin/consistency/repair", null));
        assertThat(repair.get("after").get("consistent").asBoolean()).isTrue();
        assertThat(body(get("/api/agreements/" + id))).isEqualTo(summary);
        assertThat(body(get("/api/agreements/" + id + "/history"))).isEqualTo(history);
        assertThat(database.getCollection("party_portfolio").countDocuments(Filters.eq("agreementId", id)))
                .isEqualTo(13);
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
