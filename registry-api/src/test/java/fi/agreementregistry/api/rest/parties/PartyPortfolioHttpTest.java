package fi.agreementregistry.api.rest.parties;

import com.fasterxml.jackson.databind.JsonNode;
import fi.agreementregistry.api.RegistryHttpTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PartyPortfolioHttpTest extends RegistryHttpTest {

    /** Two municipalities that no other test uses, so the counts are this test's own. */
    private static final String ESPOO = "municipality:049";
    private static final String KAUNIAINEN = "municipality:235";

    @Test
    void aMunicipalitySeesItsAgreementsItsPendingActionsAndTheNextReview() {
        Map<String, Object> draft = new HashMap<>(kantaHameDraft());
        draft.put("parties", List.of(ESPOO, KAUNIAINEN));
        String id = body(post("/api/agreements", draft)).get("agreementId").asText();
        post("/api/agreements/" + id + "/approvals", approval(ESPOO, 1, "2026-01-12"));
        post("/api/agreements/" + id + "/reviews", Map.of("dueBy", "2026-03-20", "responsibleBody",
                "Integraatiovaliokunta"));

        await().atMost(Duration.ofSeconds(10)).until(() ->
                body(get("/api/parties/" + ESPOO + "/agreements")).get("counts").get("reviewsDue").asInt() == 1);
        JsonNode espoo = body(get("/api/parties/" + ESPOO + "/agreements"));
        assertThat(espoo.get("partyId").asText()).isEqualTo(ESPOO);
        JsonNode entry = espoo.get("agreements").get(0);
        assertThat(entry.get("agreementId").asText()).isEqualTo(id);
        assertThat(entry.get("status").asText()).isEqualTo("DRAFT");
        assertThat(entry.get("nextReviewDue").asText()).isEqualTo("2026-03-20");
        assertThat(entry.get("pendingActions").findValuesAsText("kind")).containsExactly("SIGNATURE", "REVIEW");

        JsonNode kauniainen = body(get("/api/parties/" + KAUNIAINEN));
        assertThat(kauniainen.get("name").asText()).isEqualTo("Kauniainen");
        assertThat(kauniainen.get("id").asText()).isEqualTo(KAUNIAINEN);
        assertThat(kauniainen.get("kind").asText()).isEqualTo("MUNICIPALITY");
        assertThat(kauniainen.get("agreements").asInt()).isEqualTo(1);
        assertThat(kauniainen.get("pendingApprovals").asInt()).isEqualTo(1);
        assertThat(kauniainen.get("pendingSignatures").asInt()).isZero();
        assertThat(kauniainen.get("reviewsDue").asInt()).isEqualTo(1);

        JsonNode later = body(get("/api/parties/" + ESPOO + "/agreements?asOf=2026-01-01"));
        assertThat(later.get("counts").get("reviewsDue").asInt()).as("not due yet on 1 January").isZero();
    }

    @Test
    void anUnknownPartyIs404AndABadDateIs400() {
        assertThat(get("/api/parties/municipality:999/agreements").getStatusCode().value()).isEqualTo(404);
        assertThat(get("/api/parties/nobody/agreements").getStatusCode().value()).isEqualTo(404);
        assertThat(get("/api/parties/nobody").getStatusCode().value()).isEqualTo(404);
        var bad = get("/api/parties/" + KAUNIAINEN + "/agreements?asOf=tomorrow");
        assertThat(bad.getStatusCode().value()).isEqualTo(400);
        assertThat(body(bad).get("errors").findValuesAsText("field")).contains("asOf");
    }

    @Test
    void thePortfolioComesInPagesWithTheTotalAndABadLimitOrCursorIsA400() {
        String helsinki = "municipality:091";
        for (int i = 0; i < 5; i++) {
            Map<String, Object> draft = new HashMap<>(kantaHameDraft());
            draft.put("parties", List.of(helsinki, ESPOO));
            draft.put("title", "Sivutettu sopimus " + i);
            var created = post("/api/agreements", draft);
            assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> body(get("/api/parties/" + helsinki + "/agreements"
                + "?limit=1000")).get("agreements").findValuesAsText("title").stream()
                .filter(t -> t.startsWith("Sivutettu")).count() == 5);

        List<String> titles = new java.util.ArrayList<>();
        List<Integer> totals = new java.util.ArrayList<>();
        String cursor = null;
        JsonNode first = null;
        do {
            JsonNode page = body(get("/api/parties/" + helsinki + "/agreements?limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor)));
            first = first == null ? page : first;
            assertThat(page.get("agreements").size()).isLessThanOrEqualTo(2);
            totals.add(page.get("total").asInt());
            assertThat(page.get("counts").get("agreements").asInt()).isEqualTo(page.get("total").asInt());
            titles.addAll(page.get("agreements").findValuesAsText("title"));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        } while (cursor != null);

        assertThat(totals).containsOnly(titles.size());
        assertThat(titles).isSorted().doesNotHaveDuplicates().containsSubsequence("Sivutettu sopimus 0",
                "Sivutettu sopimus 1", "Sivutettu sopimus 2", "Sivutettu sopimus 3", "Sivutettu sopimus 4");
        for (String query : List.of("limit=0", "limit=2000", "cursor=zzz",
                "limit=2&cursor=" + first.get("nextCursor").asText() + "&asOf=2026-01-01")) {
            var bad = get("/api/parties/" + helsinki + "/agreements?" + query);
            assertThat(bad.getStatusCode().value()).as(query).isEqualTo(400);
            assertThat(body(bad).get("errors").findValuesAsText("field")).as(query)
                    .containsAnyOf("limit", "cursor");
        }
    }
}
