package fi.agreementregistry.api.rest.reviews;

import biweekly.Biweekly;
import biweekly.ICalendar;
import biweekly.component.VEvent;
import com.fasterxml.jackson.databind.JsonNode;
import fi.agreementregistry.api.RegistryHttpTest;
import fi.agreementregistry.api.web.PageSession;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ReviewDeadlineHttpTest extends RegistryHttpTest {

    /** The fixed clock's day. */
    private static final LocalDate TODAY = LocalDate.of(2026, 3, 2);

    private String scheduleBoundaryReviews(String body) {
        String id = draftKantaHame();
        schedule(id, TODAY, body);
        schedule(id, TODAY.plusDays(30), body);
        schedule(id, TODAY.plusDays(31), body);
        schedule(id, TODAY.minusDays(1), body);
        String late = schedule(id, TODAY.minusDays(3), body);
        post("/api/agreements/" + id + "/reviews/" + late + "/completion",
                Map.of("completedOn", TODAY.minusDays(2).toString(), "outcome", "NO_CHANGES"));
        await().atMost(Duration.ofSeconds(10)).until(() -> reviews("responsibleBody=" + body).size() == 5
                && reviews("responsibleBody=" + body + "&status=COMPLETED_LATE").size() == 1);
        return id;
    }

    private String schedule(String id, LocalDate dueBy, String body) {
        ResponseEntity<String> scheduled = post("/api/agreements/" + id + "/reviews", Map.of("dueBy", dueBy.toString(),
                "kind", "AGREEMENT_EVALUATION", "responsibleBody", body, "reason", "Rajatapaus " + dueBy,
                "scheduledOn", "2026-01-01"));
        assertThat(scheduled.getStatusCode().value()).as(scheduled.getBody()).isEqualTo(201);
        return body(scheduled).get("reviewId").asText();
    }

    @Test
    void theDeadlinesPageNamesAReviewsKindInThePagesLanguageAndShowsFreeTextAsWritten() throws Exception {
        String id = draftKantaHame();
        String body = "Kielivaliokunta";
        schedule(id, TODAY.plusDays(60), body);
        assertThat(post("/api/agreements/" + id + "/reviews", Map.of("dueBy", TODAY.plusDays(90).toString(),
                "kind", "Talousarvion seuranta", "responsibleBody", body)).getStatusCode().value()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(10)).until(() -> reviews("responsibleBody=" + body).size() == 2);

        PageSession pages = PageSession.signIn(http.getRootUri(), COMMITTEE, PASSWORD);
        String finnish = pages.get("/ui/deadlines?responsibleBody=" + body).body();
        assertThat(finnish).contains("<td>Sopimuksen arviointi</td>").contains("<td>Talousarvion seuranta</td>")
                .doesNotContain("AGREEMENT_EVALUATION");
        assertThat(pages.get("/ui/deadlines?lang=sv&responsibleBody=" + body).body())
                .contains("<td>Utvärdering av avtalet</td>").doesNotContain("AGREEMENT_EVALUATION");
        assertThat(pages.get("/ui/deadlines?lang=en&responsibleBody=" + body).body())
                .contains("<td>Agreement evaluation</td>");
    }

    @Test
    void theListComesInPagesThatFollowOneAnotherByCursorAndTheDeadlinesPageLinksToTheNext() throws Exception {
        String id = draftKantaHame();
        String body = "Sivutusvaliokunta";
        java.util.Set<String> scheduled = new java.util.HashSet<>();
        for (int i = 0; i < 130; i++) {
            scheduled.add(schedule(id, TODAY.plusDays(100 + i % 3), body));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> reviews("responsibleBody=" + body + "&limit=1000").size() == 130);

        List<String> walked = new java.util.ArrayList<>();
        List<String> dueDates = new java.util.ArrayList<>();
        List<Integer> sizes = new java.util.ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = body(get("/api/reviews?responsibleBody=" + body + "&limit=50"
                    + (cursor == null ? "" : "&cursor=" + cursor)));
            assertThat(page.get("limit").asInt()).isEqualTo(50);
            assertThat(page.has("total")).as("not counted with criteria").isFalse();
            sizes.add(page.get("reviews").size());
            walked.addAll(page.get("reviews").findValuesAsText("reviewId"));
            dueDates.addAll(page.get("reviews").findValuesAsText("dueBy"));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        } while (cursor != null);

        assertThat(sizes).containsExactly(50, 50, 30);
        assertThat(walked).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(scheduled);
        assertThat(dueDates).isSorted();

        PageSession pages = PageSession.signIn(http.getRootUri(), COMMITTEE, PASSWORD);
        String first = pages.get("/ui/deadlines?responsibleBody=" + body).body();
        java.util.regex.Matcher more = java.util.regex.Pattern
                .compile("<p class=\"more\"><a href=\"([^\"]+)\"").matcher(first);
        assertThat(more.find()).as("a link to the next page of the upcoming reviews").isTrue();
        String next = pages.get(more.group(1).replace("&amp;", "&").replaceFirst("^https?://[^/]+", "")).body();
        assertThat(next).contains("id=\"group-UPCOMING\"").doesNotContain("id=\"group-OVERDUE\"");
        assertThat(count(first, "<tr>") + count(next, "<tr>") - 2).as("rows of both pages, without the headers")
                .isEqualTo(100);
    }

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    @Test
    void aWrongLimitOrCursorIsAProblemOnThatParameter() {
        String id = draftKantaHame();
        schedule(id, TODAY.plusDays(5), "Rajoitusvaliokunta");
        schedule(id, TODAY.plusDays(6), "Rajoitusvaliokunta");
        await().atMost(Duration.ofSeconds(10)).until(() -> reviews("responsibleBody=Rajoitusvaliokunta").size() == 2);
        String cursor = body(get("/api/reviews?responsibleBody=Rajoitusvaliokunta&limit=1")).get("nextCursor").asText();

        Map<String, String> wrong = Map.of(
                "limit=0", "limit", "limit=1001", "limit", "limit=many", "limit",
                "cursor=bm90LWEtY3Vyc29y", "cursor",
                "status=UPCOMING&cursor=" + cursor, "cursor");
        wrong.forEach((query, field) -> {
            ResponseEntity<String> response = get("/api/reviews?responsibleBody=Rajoitusvaliokunta&" + query);
            assertThat(response.getStatusCode().value()).as(query + ": " + response.getBody()).isEqualTo(400);
            assertThat(response.getHeaders().getContentType().toString()).contains("application/problem+json");
            assertThat(body(response).get("errors").findValuesAsText("field")).as(query).contains(field);
        });
        assertThat(body(get("/api/reviews?responsibleBody=Rajoitusvaliokunta&limit=1&cursor=" + cursor))
                .get("reviews").findValuesAsText("dueBy")).containsExactly(TODAY.plusDays(6).toString());
    }

    private JsonNode reviews(String query) {
        return body(get("/api/reviews?" + query)).get("reviews");
    }

    @Test
    void statusesAroundTheBoundariesDueTodayDueIn30DaysAndOneDayLate() {
        scheduleBoundaryReviews("Rajavaliokunta");

        JsonNode reviews = reviews("responsibleBody=rajavaliokunta");
        assertThat(reviews.findValuesAsText("dueBy")).containsExactly("2026-02-27", "2026-03-01", "2026-03-02",
                "2026-04-01", "2026-04-02");
        assertThat(reviews.findValuesAsText("status")).containsExactly("COMPLETED_LATE", "OVERDUE", "DUE_SOON",
                "DUE_SOON", "UPCOMING");
        assertThat(reviews.get(0).get("agreementTitle").asText()).startsWith("Puitesopimus Kanta-Hämeen");
        assertThat(reviews.get(0).get("parties")).hasSize(13);

        JsonNode overdueLater = body(get("/api/reviews?responsibleBody=Rajavaliokunta&status=OVERDUE&asOf=2026-04-02"));
        assertThat(overdueLater.get("asOf").asText()).isEqualTo("2026-04-02");
        assertThat(overdueLater.get("reviews").findValuesAsText("dueBy"))
                .containsExactly("2026-03-01", "2026-03-02", "2026-04-01");
        assertThat(reviews("responsibleBody=Rajavaliokunta&dueAfter=2026-03-02&dueBefore=2026-04-01")
                .findValuesAsText("dueBy")).containsExactly("2026-03-02", "2026-04-01");
        assertThat(reviews("responsibleBody=Rajavaliokunta&party=municipality:109")).hasSize(5);
    }

    @Test
    void theIcsFeedIsACalendarThatACalendarLibraryReadsBack() {
        String id = scheduleBoundaryReviews("Kalenterivaliokunta");

        ResponseEntity<String> response = get("/api/reviews.ics?responsibleBody=Kalenterivaliokunta");

        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getHeaders().getContentType().toString()).startsWith("text/calendar");
        assertThat(response.getBody()).startsWith("BEGIN:VCALENDAR\r\n");
        ICalendar calendar = Biweekly.parse(response.getBody()).first();
        assertThat(calendar.validate(biweekly.ICalVersion.V2_0).isEmpty()).as(calendar.validate(biweekly.ICalVersion.V2_0).toString()).isTrue();
        assertThat(calendar.getProductId().getValue()).contains("Agreement registry");
        assertThat(calendar.getExperimentalProperty("X-WR-CALNAME").getValue()).isEqualTo("Agreement reviews");
        List<VEvent> events = calendar.getEvents();
        assertThat(events).hasSize(5);
        VEvent overdue = events.get(1);
        assertThat(overdue.getUid().getValue()).startsWith(id + "/").endsWith("@agreement-registry");
        assertThat(overdue.getDateStart().getValue().hasTime()).isFalse();
        assertThat(overdue.getDateStart().getValue().toInstant().atZone(ZoneId.systemDefault()).toLocalDate())
                .isEqualTo(LocalDate.of(2026, 3, 1));
        assertThat(overdue.getSummary().getValue()).startsWith("OVERDUE review: Puitesopimus Kanta-Hämeen");
        assertThat(overdue.getDescription().getValue()).contains("Kalenterivaliokunta").contains("Hämeenlinna");
    }

    @Test
    void badParametersAre400NamingTheParameter() {
        for (Map.Entry<String, String> bad : Map.of("status", "status=LATE", "asOf", "asOf=yesterday",
                "dueBefore", "dueBefore=2026-02-30", "party", "party=hameenlinna").entrySet()) {
            for (String path : List.of("/api/reviews?", "/api/reviews.ics?")) {
                ResponseEntity<String> response = get(path + bad.getValue());
                assertThat(response.getStatusCode().value()).as(path + bad.getValue()).isEqualTo(400);
                assertThat(body(response).get("errors").findValuesAsText("field")).contains(bad.getKey());
            }
        }
    }

    @Test
    void aReviewPolicyMakesTheRegistryScheduleTheFirstReviewWhenTheAgreementEntersIntoForce() {
        Map<String, Object> draft = new HashMap<>(kantaHameDraft());
        draft.put("parties", List.of("municipality:109", "welfare-area:07"));
        draft.put("reviewPolicy", Map.of("kind", "EVERY_MONTHS", "months", 12, "responsibleBody", "Hyte-foorumi"));
        String id = body(post("/api/agreements", draft)).get("agreementId").asText();
        post("/api/agreements/" + id + "/approvals", approval("municipality:109", 1, "2026-01-12"));
        post("/api/agreements/" + id + "/approvals", approval("welfare-area:07", 1, "2026-01-19"));
        post("/api/agreements/" + id + "/signatures", signature("municipality:109", 1, "2026-02-02"));
        post("/api/agreements/" + id + "/signatures", signature("welfare-area:07", 1, "2026-02-03"));

        JsonNode agreement = body(get("/api/agreements/" + id));
        assertThat(agreement.get("status").asText()).isEqualTo("IN_FORCE");
        assertThat(agreement.get("reviewPolicy").get("kind").asText()).isEqualTo("EVERY_MONTHS");
        assertThat(agreement.get("reviewPolicy").get("months").asInt()).isEqualTo(12);
        JsonNode review = agreement.get("reviews").get(0);
        assertThat(review.get("kind").asText()).isEqualTo("PERIODIC_REVIEW");
        assertThat(review.get("dueBy").asText()).isEqualTo("2027-02-03");
        assertThat(review.get("responsibleBody").asText()).isEqualTo("Hyte-foorumi");

        await().atMost(Duration.ofSeconds(10)).until(() -> body(get("/api/agreements/" + id
                + "/history?type=ReviewScheduled")).get("entries").size() == 1);
        JsonNode scheduled = body(get("/api/agreements/" + id + "/history?type=ReviewScheduled")).get("entries").get(0);
        assertThat(scheduled.get("actor").get("role").asText()).isEqualTo("SYSTEM");
    }

    @Test
    void anIncompleteReviewPolicyIs400NamingIt() {
        Map<String, Object> draft = new HashMap<>(kantaHameDraft());
        draft.put("reviewPolicy", Map.of("kind", "EVERY_MONTHS", "responsibleBody", "Hyte-foorumi"));
        ResponseEntity<String> response = post("/api/agreements", draft);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(400);
        assertThat(body(response).get("errors").findValuesAsText("field")).contains("reviewPolicy");
        assertThat(response.getBody()).contains("months");
    }
}
