package fi.agreementregistry.api.web;

import com.fasterxml.jackson.databind.JsonNode;
import fi.agreementregistry.api.RegistryHttpTest;
import fi.agreementregistry.core.agreement.Agreement;
import fi.agreementregistry.core.agreement.AgreementDrafted;
import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.core.agreement.AgreementKind;
import fi.agreementregistry.core.agreement.AgreementTerminated;
import fi.agreementregistry.core.agreement.CouncilTerm;
import fi.agreementregistry.core.agreement.Principle;
import fi.agreementregistry.core.approval.ApprovalRecorded;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.core.party.PartyRef;
import fi.agreementregistry.core.review.ReviewId;
import fi.agreementregistry.core.review.ReviewScheduled;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Issue 13, section 1: every page, feed and export renders every date the registry can hold. One agreement carries the
 * window's own ends (1.1.1900, 31.12.2199), entered through the API; another was stored before the window existed,
 * with the extreme dates java.time allows ({@code -999999999-01-01}, {@code +999999999-12-31}), written straight into
 * the event store. Every page and feed then answers 200, promptly (the timeline once ran out of heap on such a date),
 * and the date filters compare them as dates.
 */
class ExtremeDatesRenderHttpTest extends RegistryHttpTest {

    private static final LocalDate MIN = LocalDate.MIN;
    private static final LocalDate MAX = LocalDate.MAX;
    private static final PartyRef HAMEENLINNA = new PartyRef(PartyId.of("municipality:109"), "Hämeenlinna");
    private static final PartyRef FORSSA = new PartyRef(PartyId.of("municipality:061"), "Forssa");

    private String edges;
    private String legacy;
    private String legacyFutureReview;
    private String legacyPastReview;

    @BeforeEach
    void agreementsAtTheEdgesAndBeyond() {
        Map<String, Object> draft = new HashMap<>(kantaHameDraft());
        draft.put("draftedOn", "1900-01-01");
        edges = body(post("/api/agreements", draft)).get("agreementId").asText();
        assertThat(post("/api/agreements/" + edges + "/approvals", approval("municipality:109", 1, "1900-01-01"))
                .getStatusCode().value()).isEqualTo(201);
        assertThat(post("/api/agreements/" + edges + "/reviews",
                Map.of("dueBy", "2199-12-31", "responsibleBody", "Integraatiovaliokunta")).getStatusCode().value())
                .isEqualTo(201);

        AgreementId id = AgreementId.random();
        legacy = id.value();
        legacyFutureReview = ReviewId.random().value();
        legacyPastReview = ReviewId.random().value();
        List<Object> events = List.of(
                new AgreementDrafted(id, "Vanha sopimus", AgreementKind.FRAMEWORK_AGREEMENT, "Kanta-Häme",
                        CouncilTerm.parse("2025-2029"), List.of(HAMEENLINNA, FORSSA),
                        List.of(new Principle(1, "Periaate")), List.of(), List.of(), 1, MIN),
                new ApprovalRecorded(id, HAMEENLINNA, 1, "Kaupunginhallitus", MIN.plusDays(2), "§ 1", 1, null, null),
                new ReviewScheduled(id, ReviewId.of(legacyFutureReview), MAX, "AGREEMENT_EVALUATION",
                        "Integraatiovaliokunta", null, MIN.plusDays(3)),
                new ReviewScheduled(id, ReviewId.of(legacyPastReview), MIN.plusDays(40), "AGREEMENT_EVALUATION",
                        "Integraatiovaliokunta", null, MIN.plusDays(3)),
                new AgreementTerminated(id, MAX, "Päättynyt"));
        for (int seq = 0; seq < events.size(); seq++) {
            eventStore.publish(new GenericDomainEventMessage<>(Agreement.AGGREGATE_TYPE, legacy, seq, events.get(seq)));
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(get("/api/agreements/" + legacy).getStatusCode().value()).isEqualTo(200);
            assertThat(body(get("/api/agreements/" + legacy + "/history")).get("entries")).hasSize(events.size());
            assertThat(reviewIds("/api/reviews")).contains(legacyFutureReview, legacyPastReview);
            assertThat(body(get("/api/parties/municipality:109/agreements")).toString()).contains(legacy);
        });
    }

    @Test
    void everyApiReadFeedAndExportAnswers() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (String path : List.of("/api/agreements", "/api/agreements/" + legacy, "/api/agreements/" + edges,
                    "/api/agreements/" + legacy + "?asOf=2026-03-01", "/api/agreements/" + edges + "?asOf=1900-01-01",
                    "/api/agreements/" + legacy + "/history", "/api/agreements/" + edges + "/history",
                    "/api/history", "/api/reviews", "/api/reviews?asOf=1900-01-01", "/api/reviews?asOf=2199-12-31",
                    "/api/parties/municipality:109/agreements", "/api/parties/municipality:109")) {
                ResponseEntity<String> response = get(path);
                assertThat(response.getStatusCode().value()).as(path + ": " + response.getBody()).isEqualTo(200);
            }
            assertThat(body(get("/api/agreements/" + legacy)).get("draftedOn").asText()).isEqualTo("-999999999-01-01");

            ResponseEntity<String> calendar = get("/api/reviews.ics");
            assertThat(calendar.getStatusCode().value()).as(calendar.getBody()).isEqualTo(200);
            String ics = calendar.getBody().replace("\r\n ", "");
            assertThat(ics).contains("DTSTART;VALUE=DATE:21991231", "DTSTART;VALUE=DATE:19000101")
                    .contains("+999999999-12-31 (as stored").contains("-999999999-02-10 (as stored");

            for (String id : List.of(legacy, edges)) {
                ResponseEntity<String> csv = as(AUDITOR).exchange(org.springframework.http.HttpMethod.GET,
                        "/api/agreements/" + id + "/history", null, acceptCsv());
                assertThat(csv.getStatusCode().value()).isEqualTo(200);
            }
            String legacyCsv = as(AUDITOR).exchange(org.springframework.http.HttpMethod.GET,
                    "/api/agreements/" + legacy + "/history", null, acceptCsv()).getBody();
            assertThat(legacyCsv).contains("'-999999999-01-01", "+999999999-12-31");
        });
    }

    @Test
    void everyPageRendersTheEdgesAndTheDatesStoredBeforeTheWindow() throws Exception {
        PageSession pages = PageSession.signIn(http.getRootUri(), AUDITOR, PASSWORD);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            List<String> paths = new ArrayList<>(List.of("/ui/agreements", "/ui/deadlines",
                    "/ui/deadlines?asOf=1900-01-01", "/ui/deadlines?asOf=2199-12-31", "/ui/history",
                    "/ui/history?agreement=" + legacy, "/ui/history?agreement=" + edges, "/ui/history?to=1950-01-01",
                    "/ui/history.csv?agreement=" + legacy, "/ui/party?party=municipality:109"));
            for (String id : List.of(legacy, edges)) {
                paths.add("/ui/agreements/" + id);
                paths.add("/ui/agreements/" + id + "?asOf=1900-01-01");
                paths.add("/ui/agreements/" + id + "?asOf=2199-12-31");
            }
            for (String path : paths) {
                HttpResponse<String> page = pages.get(path);
                assertThat(page.statusCode()).as(path + ": " + page.body()).isEqualTo(200);
            }
            String legacyPage = pages.get("/ui/agreements/" + legacy).body();
            assertThat(legacyPage).contains("1.1.-999999999").contains("31.12.+999999999");
            // The axis is not stretched over two billion years: a handful of year labels, the marks pinned to its ends.
            assertThat(Pattern.compile("class=\"tick").matcher(legacyPage).results().count()).isLessThanOrEqualTo(40);
        });
        // The pages as the other roles see them: a clerk's own page (with its recording forms), the committee's
        // deadlines, the administrator's processors.
        for (String[] session : new String[][]{{clerkOf("municipality:109"), "/ui/party"},
                {COMMITTEE, "/ui/deadlines"}, {ADMIN, "/ui/admin"}}) {
            PageSession other = PageSession.signIn(http.getRootUri(), session[0], PASSWORD);
            HttpResponse<String> page = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> other.get(session[1]));
            assertThat(page.statusCode()).as(session[0] + " " + session[1] + ": " + page.body()).isEqualTo(200);
        }
        assertThat(pages.get("/ui/deadlines?asOf=1899-12-31").statusCode()).isEqualTo(400);
        assertThat(pages.get("/ui/agreements/" + legacy + "?asOf=-999999999-01-01").statusCode()).isEqualTo(400);
    }

    @Test
    void dateFiltersCompareAsDatesNotAsText() {
        // "+999999999-12-31" sorts before "0001-01-01" as text; as a date it is after every day of the window.
        assertThat(reviewIds("/api/reviews?dueBefore=1950-01-01")).contains(legacyPastReview)
                .doesNotContain(legacyFutureReview);
        assertThat(reviewIds("/api/reviews?dueAfter=2100-01-01")).contains(legacyFutureReview)
                .doesNotContain(legacyPastReview);
        List<String> dues = new ArrayList<>();
        body(get("/api/reviews")).get("reviews").forEach(r -> dues.add(r.get("dueBy").asText()));
        assertThat(dues.get(0)).isEqualTo("-999999999-02-10");
        assertThat(dues.get(dues.size() - 1)).isEqualTo("+999999999-12-31");

        assertThat(historyTypes("/api/history?to=2000-01-01&size=500")).contains("AgreementDrafted")
                .doesNotContain("AgreementTerminated");
        assertThat(historyTypes("/api/history?from=2100-01-01&size=500")).contains("AgreementTerminated")
                .doesNotContain("AgreementDrafted");
        assertThat(historyTypes("/api/agreements/" + legacy + "/history?from=2100-01-01"))
                .containsExactly("AgreementTerminated");
    }

    private List<String> reviewIds(String path) {
        List<String> ids = new ArrayList<>();
        ResponseEntity<String> response = get(path);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        body(response).get("reviews").forEach(r -> ids.add(r.get("reviewId").asText()));
        return ids;
    }

    private List<String> historyTypes(String path) {
        List<String> types = new ArrayList<>();
        ResponseEntity<String> response = get(path);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        for (JsonNode e : body(response).get("entries")) {
            if (legacy.equals(e.get("agreementId").asText())) {
                types.add(e.get("eventType").asText());
            }
        }
        return types;
    }

    private static org.springframework.http.HttpHeaders acceptCsv() {
        org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
        headers.set("Accept", "text/csv");
        return headers;
    }
}
