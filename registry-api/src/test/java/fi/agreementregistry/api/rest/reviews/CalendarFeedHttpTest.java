package fi.agreementregistry.api.rest.reviews;

import biweekly.Biweekly;
import biweekly.ICalVersion;
import biweekly.ICalendar;
import biweekly.component.VEvent;
import com.fasterxml.jackson.databind.JsonNode;
import fi.agreementregistry.api.RegistryHttpTest;
import fi.agreementregistry.api.accesslog.AccessLog;
import fi.agreementregistry.api.application.CalendarFeeds;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Calendar subscriptions: a calendar app sends no credentials, so the feed's secret address lets it in, and what it
 * reads is what the feed's owner may read at that moment.
 */
class CalendarFeedHttpTest extends RegistryHttpTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 3, 2);
    private static final String HAMEENLINNA = "municipality:109";

    @Autowired
    AccessLog accessLog;

    @Test
    void aFeedMadeBySigningInIsReadWithoutCredentialsWithStableUidsAlarmsAndALinkBack() throws Exception {
        String id = draftKantaHame();
        String open = schedule(id, TODAY.plusDays(20), "Syötevaliokunta");
        String done = schedule(id, TODAY.minusDays(10), "Syötevaliokunta");
        post("/api/agreements/" + id + "/reviews/" + done + "/completion",
                Map.of("completedOn", TODAY.minusDays(12).toString(), "outcome", "NO_CHANGES"));
        awaitReviews("Syötevaliokunta", 2);

        ResponseEntity<String> made = as(COMMITTEE).post("/api/calendar-feeds",
                Map.of("name", "Valiokunnan arvioinnit", "responsibleBody", "Syötevaliokunta"));
        assertThat(made.getStatusCode().value()).as(made.getBody()).isEqualTo(201);
        JsonNode feed = body(made);
        String url = feed.get("url").asText();
        assertThat(feed.get("name").asText()).isEqualTo("Valiokunnan arvioinnit");
        assertThat(feed.get("createdAt").asText()).isEqualTo(NOW.toString());
        assertThat(made.getHeaders().getLocation().toString()).isEqualTo("/api/calendar-feeds/" + feed.get("id").asText());
        assertThat(url).startsWith(http.getRootUri() + "/calendar/").endsWith(".ics");
        String token = url.substring(url.lastIndexOf('/') + 1, url.length() - ".ics".length());
        assertThat(java.util.Base64.getUrlDecoder().decode(token)).as("at least 128 random bits").hasSizeGreaterThanOrEqualTo(16);

        // Stored only as a hash.
        Document stored = database.getCollection(CalendarFeeds.COLLECTION)
                .find(new Document("_id", feed.get("id").asText())).first();
        assertThat(stored.toJson()).doesNotContain(token);
        assertThat(stored.getString("tokenHash")).isEqualTo(sha256(token));

        ResponseEntity<String> fetched = anonymous().get(url);
        assertThat(fetched.getStatusCode().value()).as(fetched.getBody()).isEqualTo(200);
        assertThat(fetched.getHeaders().getContentType().toString()).startsWith("text/calendar");
        ICalendar calendar = Biweekly.parse(fetched.getBody()).first();
        assertThat(calendar.validate(ICalVersion.V2_0).isEmpty()).as(calendar.validate(ICalVersion.V2_0).toString()).isTrue();
        assertThat(calendar.getExperimentalProperty("X-WR-CALNAME").getValue()).isEqualTo("Sopimusten arvioinnit");
        List<VEvent> events = calendar.getEvents();
        assertThat(events).hasSize(2);
        VEvent due = events.stream().filter(e -> e.getUid().getValue().contains(open)).findFirst().orElseThrow();
        assertThat(due.getUid().getValue()).isEqualTo(id + "/" + open + "@agreement-registry");
        assertThat(due.getSummary().getValue()).startsWith("Arviointi erääntyy: Puitesopimus Kanta-Hämeen");
        assertThat(due.getDateStart().getValue().hasTime()).as("an all-day event").isFalse();
        assertThat(due.getUrl().getValue()).isEqualTo(http.getRootUri() + "/ui/agreements/" + id);
        assertThat(due.getDescription().getValue()).contains("Sopimuksen arviointi", "määräpäivä 22.3.2026",
                "Hämeenlinna", http.getRootUri() + "/ui/agreements/" + id);
        assertThat(due.getAlarms()).hasSize(2);
        VEvent completed = events.stream().filter(e -> e.getUid().getValue().contains(done)).findFirst().orElseThrow();
        assertThat(completed.getSummary().getValue()).startsWith("Arvioitu: ");
        assertThat(completed.getCategories().get(0).getValues()).contains("Tehty ajallaan");
        assertThat(completed.getAlarms()).as("nothing to remind of").isEmpty();

        // Polling costs little: the same ETag answers 304 without a body.
        String etag = fetched.getHeaders().getETag();
        assertThat(etag).isNotBlank();
        HttpHeaders conditional = new HttpHeaders();
        conditional.setIfNoneMatch(etag);
        ResponseEntity<String> again = anonymous().exchange(HttpMethod.GET, url, null, conditional);
        assertThat(again.getStatusCode().value()).isEqualTo(304);
        assertThat(again.getBody()).isNull();
        // A change to what the calendar shows changes the tag.
        schedule(id, TODAY.plusDays(40), "Syötevaliokunta");
        awaitReviews("Syötevaliokunta", 3);
        ResponseEntity<String> changed = anonymous().exchange(HttpMethod.GET, url, null, conditional);
        assertThat(changed.getStatusCode().value()).isEqualTo(200);
        assertThat(Biweekly.parse(changed.getBody()).first().getEvents()).hasSize(3);

        // Every fetch is in the access log, under the feed and its owner, and the token is not.
        String target = "calendar-feed:" + feed.get("id").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> accessEntries(target).size() >= 3);
        assertThat(accessEntries(target)).allSatisfy(entry -> {
            assertThat(entry.get("userId").asText()).isEqualTo(COMMITTEE);
            assertThat(entry.get("action").asText()).isEqualTo("GET /calendar/{token}.ics");
        });
        accessLog.flush();
        assertThat(database.getCollection("access_log").find().into(new java.util.ArrayList<>()).toString())
                .doesNotContain(token);
    }

    @Test
    void aClerksFeedShowsTheirOwnPartysReviewsOnlyAndTheyMayNotMakeOneForAnother() {
        String kantaHame = draftKantaHame();
        schedule(kantaHame, TODAY.plusDays(5), "Rajattu valiokunta");
        Map<String, Object> other = new java.util.HashMap<>(kantaHameDraft());
        other.put("title", "Helsingin ja Espoon yhteistyö");
        other.put("parties", List.of("municipality:091", "municipality:049"));
        String helsinki = body(post("/api/agreements", other)).get("agreementId").asText();
        schedule(helsinki, TODAY.plusDays(6), "Rajattu valiokunta");
        awaitReviews("Rajattu valiokunta", 2);

        assertThat(as(clerkOf(HAMEENLINNA)).post("/api/calendar-feeds",
                Map.of("name", "Toisen osapuolen", "party", "municipality:091")).getStatusCode().value()).isEqualTo(403);
        JsonNode feed = body(as(clerkOf(HAMEENLINNA)).post("/api/calendar-feeds", Map.of("name", "Omat")));
        assertThat(feed.get("party").asText()).isEqualTo(HAMEENLINNA);
        List<VEvent> events = Biweekly.parse(anonymous().get(feed.get("url").asText()).getBody()).first().getEvents();
        assertThat(events).extracting(e -> e.getUid().getValue())
                .anyMatch(uid -> uid.startsWith(kantaHame + "/"))
                .noneMatch(uid -> uid.startsWith(helsinki + "/"));

        JsonNode committee = body(as(COMMITTEE).post("/api/calendar-feeds",
                Map.of("name", "Kaikki", "responsibleBody", "Rajattu valiokunta", "language", "sv")));
        ICalendar all = Biweekly.parse(anonymous().get(committee.get("url").asText()).getBody()).first();
        assertThat(all.getEvents()).hasSize(2);
        assertThat(all.getEvents().get(0).getSummary().getValue()).startsWith("Utvärdering förfaller: ");
    }

    @Test
    void listingShowsNoTokensAndARevokedUnknownOrOrphanedFeedIs404() {
        JsonNode feed = body(as(AUDITOR).post("/api/calendar-feeds", Map.of("name", "Tarkastus")));
        String url = feed.get("url").asText();
        String feedId = feed.get("id").asText();
        JsonNode mine = body(as(AUDITOR).get("/api/calendar-feeds"));
        assertThat(mine.findValuesAsText("id")).contains(feedId);
        assertThat(mine.findValues("url")).isEmpty();
        assertThat(mine.findValuesAsText("name")).contains("Tarkastus");
        assertThat(mine.toString()).doesNotContain(url.substring(url.lastIndexOf('/') + 1, url.length() - 4));
        assertThat(body(as(COMMITTEE).get("/api/calendar-feeds")).findValuesAsText("id")).doesNotContain(feedId);
        // Another user's feed looks unknown.
        assertThat(as(COMMITTEE).delete("/api/calendar-feeds/" + feed.get("id").asText()).getStatusCode().value())
                .isEqualTo(404);
        assertThat(anonymous().get(url).getStatusCode().value()).isEqualTo(200);

        assertThat(as(AUDITOR).delete("/api/calendar-feeds/" + feed.get("id").asText()).getStatusCode().value())
                .isEqualTo(204);
        ResponseEntity<String> revoked = anonymous().get(url);
        assertThat(revoked.getStatusCode().value()).isEqualTo(404);
        assertThat(body(revoked).get("status").asInt()).isEqualTo(404);
        assertThat(body(as(AUDITOR).get("/api/calendar-feeds")).findValuesAsText("id")).doesNotContain(feedId);
        assertThat(anonymous().get("/calendar/" + "A".repeat(43) + ".ics").getStatusCode().value()).isEqualTo(404);

        // A feed whose owner is no longer a configured user, and one whose owner's role no longer reads reviews.
        for (String owner : List.of("departed-user", ADMIN)) {
            String token = "token-of-" + owner;
            database.getCollection(CalendarFeeds.COLLECTION).insertOne(new Document("_id", "feed-" + owner)
                    .append("tokenHash", sha256(token)).append("name", "Vanha").append("language", "fi")
                    .append("baseUrl", http.getRootUri()).append("createdAt", NOW.toString())
                    .append("owner", new Document("userId", owner).append("role", "COMMITTEE")));
            assertThat(anonymous().get("/calendar/" + token + ".ics").getStatusCode().value()).as(owner).isEqualTo(404);
        }
    }

    @Test
    void badRequestsAreProblemsAndAdministratorsAndStrangersMayNotMakeFeeds() {
        long before = database.getCollection(CalendarFeeds.COLLECTION).countDocuments();
        ResponseEntity<String> blank = as(COMMITTEE).post("/api/calendar-feeds", Map.of("name", " "));
        assertThat(blank.getStatusCode().value()).isEqualTo(400);
        assertThat(body(blank).get("errors").findValuesAsText("field")).contains("name");
        ResponseEntity<String> party = as(COMMITTEE).post("/api/calendar-feeds", Map.of("name", "x", "party", "kunta"));
        assertThat(party.getStatusCode().value()).isEqualTo(400);
        assertThat(body(party).toString()).contains("party");
        assertThat(as(COMMITTEE).post("/api/calendar-feeds", Map.of("name", "x", "party", "municipality:999"))
                .getStatusCode().value()).isEqualTo(400);
        assertThat(as(COMMITTEE).post("/api/calendar-feeds", Map.of("name", "x", "language", "de"))
                .getStatusCode().value()).isEqualTo(400);
        assertThat(as(ADMIN).post("/api/calendar-feeds", Map.of("name", "x")).getStatusCode().value()).isEqualTo(403);
        assertThat(anonymous().post("/api/calendar-feeds", Map.of("name", "x")).getStatusCode().value()).isEqualTo(401);
        assertThat(database.getCollection(CalendarFeeds.COLLECTION).countDocuments()).as("nothing stored").isEqualTo(before);
    }

    /**
     * Beside the reviews, a feed carries the statutory negotiations due and the open measures. Pohjois-Karjala's
     * county, which no test records negotiations for, has both duties overdue; Päijät-Häme's held its yearly one for
     * 2025 here, so 2026's is due; Kanta-Häme's negotiated with Riihimäki on 5.11.2025 and agreed two measures, one
     * due in April, one past due.
     */
    @Test
    void aFeedCarriesTheNegotiationsDueAndTheOpenMeasuresInThreeLanguages() {
        String riihimaki = "municipality:694";
        JsonNode negotiation = body(as(clerkOf("welfare-area:07")).post("/api/negotiations", Map.of(
                "welfareAreaId", "welfare-area:07", "parties", List.of(riihimaki), "heldOn", "2025-11-05",
                "legalBases", List.of("611/2021 §14"), "measures", List.of(
                        Map.of("text", "Riihimäen nuorisotilojen yhteiskäyttö", "responsiblePartyIds", List.of(riihimaki),
                                "dueBy", "2026-04-30"),
                        Map.of("text", "Riihimäen koulukuraattorien työnjako", "responsiblePartyIds",
                                List.of("welfare-area:07"), "dueBy", "2026-02-15")))));
        String id = negotiation.get("id").asText();
        String coming = negotiation.get("measures").get(0).get("id").asText();
        String late = negotiation.get("measures").get(1).get("id").asText();
        List<String> paijatHame = municipalitiesOf("09");
        assertThat(as(clerkOf("welfare-area:09")).post("/api/negotiations", Map.of("welfareAreaId", "welfare-area:09",
                "parties", paijatHame, "heldOn", "2025-09-10", "legalBases", List.of("612/2021 §7")))
                .getStatusCode().value()).isEqualTo(201);

        String url = body(as(COMMITTEE).post("/api/calendar-feeds", Map.of("name", "Kaikki määräajat"))).get("url")
                .asText();
        ResponseEntity<String> fetched = anonymous().get(url);
        ICalendar calendar = Biweekly.parse(fetched.getBody()).first();
        assertThat(calendar.validate(ICalVersion.V2_0).isEmpty()).as(calendar.validate(ICalVersion.V2_0).toString()).isTrue();

        VEvent karelia = event(calendar, "statutory-negotiation/welfare-area:14/611/2022-03-01@agreement-registry");
        assertThat(karelia.getSummary().getValue()).isEqualTo("MYÖHÄSSÄ, neuvottelu: Yhteistyöneuvottelu "
                + "(611/2021 14 §, valtuustokausittain), Pohjois-Karjalan hyvinvointialue");
        assertThat(day(karelia)).as("the last day of the first county term").isEqualTo(LocalDate.of(2025, 5, 31));
        assertThat(karelia.getDateStart().getValue().hasTime()).isFalse();
        assertThat(karelia.getUrl().getValue()).isEqualTo(http.getRootUri() + "/ui/counties/welfare-area:14");
        assertThat(karelia.getDescription().getValue()).contains("Kausi 1.3.2022–31.5.2025", "Tila: Myöhässä",
                "Kunnat, joiden kanssa ei ole neuvoteltu (", "Joensuu");
        assertThat(karelia.getAlarms()).as("past: nothing to remind of").isEmpty();
        assertThat(day(event(calendar, "statutory-negotiation/welfare-area:14/612/2025-01-01@agreement-registry")))
                .isEqualTo(LocalDate.of(2025, 12, 31));
        VEvent hyte = event(calendar, "statutory-negotiation/welfare-area:09/612/2026-01-01@agreement-registry");
        assertThat(hyte.getSummary().getValue()).isEqualTo("Neuvottelu erääntyy: Hyte-neuvottelu (612/2021 7 §, "
                + "vuosittain), Päijät-Hämeen hyvinvointialue");
        assertThat(day(hyte)).isEqualTo(LocalDate.of(2026, 12, 31));
        assertThat(hyte.getAlarms()).hasSize(2);
        assertThat(hyte.getAlarms().get(0).getDescription().getValue()).startsWith("Lakisääteinen neuvottelu erääntyy 14 päivän kuluttua");

        VEvent open = event(calendar, "measure/" + id + "/" + coming + "@agreement-registry");
        assertThat(open.getSummary().getValue()).isEqualTo("Toimenpide erääntyy: Riihimäen nuorisotilojen yhteiskäyttö");
        assertThat(day(open)).isEqualTo(LocalDate.of(2026, 4, 30));
        assertThat(open.getUrl().getValue()).isEqualTo(http.getRootUri() + "/ui/counties/welfare-area:07");
        assertThat(open.getDescription().getValue()).contains("Vastuutahot: Riihimäki", "Tila: Suunniteltu",
                "Sovittu neuvottelussa 5.11.2025, Kanta-Hämeen hyvinvointialue");
        assertThat(open.getAlarms()).hasSize(2);
        VEvent overdue = event(calendar, "measure/" + id + "/" + late + "@agreement-registry");
        assertThat(overdue.getSummary().getValue()).isEqualTo("MYÖHÄSSÄ, toimenpide: Riihimäen koulukuraattorien työnjako");
        assertThat(overdue.getDescription().getValue()).contains("Tila: Suunniteltu (Myöhässä)");
        assertThat(overdue.getAlarms()).isEmpty();

        // Unchanged: 304. A measure done leaves the calendar, and the tag changes.
        HttpHeaders conditional = new HttpHeaders();
        conditional.setIfNoneMatch(fetched.getHeaders().getETag());
        assertThat(anonymous().exchange(HttpMethod.GET, url, null, conditional).getStatusCode().value()).isEqualTo(304);
        assertThat(as(clerkOf(riihimaki)).post("/api/negotiations/" + id + "/measures/" + coming + "/status",
                Map.of("status", "DONE", "on", "2026-03-01", "note", "Käyttövuorot sovittu")).getStatusCode().value())
                .isEqualTo(200);
        ResponseEntity<String> changed = anonymous().exchange(HttpMethod.GET, url, null, conditional);
        assertThat(changed.getStatusCode().value()).isEqualTo(200);
        assertThat(uids(Biweekly.parse(changed.getBody()).first())).doesNotContain(
                "measure/" + id + "/" + coming + "@agreement-registry").contains(
                "measure/" + id + "/" + late + "@agreement-registry");

        // The same in Swedish and English.
        ICalendar sv = Biweekly.parse(anonymous().get(body(as(COMMITTEE).post("/api/calendar-feeds",
                Map.of("name", "Alla", "language", "sv"))).get("url").asText()).getBody()).first();
        assertThat(event(sv, "statutory-negotiation/welfare-area:14/611/2022-03-01@agreement-registry").getSummary()
                .getValue()).isEqualTo("FÖRSENAD förhandling: Samarbetsförhandling (611/2021 14 §, per "
                + "fullmäktigeperiod), Pohjois-Karjalan hyvinvointialue");
        assertThat(event(sv, "measure/" + id + "/" + late + "@agreement-registry").getSummary().getValue())
                .isEqualTo("FÖRSENAD åtgärd: Riihimäen koulukuraattorien työnjako");
        ICalendar en = Biweekly.parse(anonymous().get(body(as(COMMITTEE).post("/api/calendar-feeds",
                Map.of("name", "All", "language", "en"))).get("url").asText()).getBody()).first();
        VEvent hyteEn = event(en, "statutory-negotiation/welfare-area:09/612/2026-01-01@agreement-registry");
        assertThat(hyteEn.getSummary().getValue()).isEqualTo("Negotiation due: Health and wellbeing negotiation "
                + "(612/2021 s. 7, yearly), Päijät-Hämeen hyvinvointialue");
        assertThat(hyteEn.getDescription().getValue()).contains("Period 2026-01-01–2026-12-31", "Status: Due");

        // A feed of one responsible body's reviews: nothing else.
        ICalendar ofBody = Biweekly.parse(anonymous().get(body(as(COMMITTEE).post("/api/calendar-feeds",
                Map.of("name", "Valiokunta", "responsibleBody", "Integraatiovaliokunta"))).get("url").asText())
                .getBody()).first();
        assertThat(uids(ofBody)).noneMatch(uid -> uid.startsWith("statutory-negotiation/") || uid.startsWith("measure/"));

        // A clerk's feed: their own county's negotiations that their party is still to hold, the measures it answers
        // for. Riihimäki met the council-term duty on 5.11.2025.
        ICalendar own = Biweekly.parse(anonymous().get(body(as(clerkOf(riihimaki)).post("/api/calendar-feeds",
                Map.of("name", "Omat"))).get("url").asText()).getBody()).first();
        assertThat(uids(own)).filteredOn(uid -> uid.startsWith("statutory-negotiation/")).isNotEmpty()
                .allMatch(uid -> uid.startsWith("statutory-negotiation/welfare-area:07/612/"));
        assertThat(uids(own)).filteredOn(uid -> uid.startsWith("measure/")).isEmpty(); // the one it had is done
        ICalendar county = Biweekly.parse(anonymous().get(body(as(clerkOf("welfare-area:07")).post(
                "/api/calendar-feeds", Map.of("name", "Omat"))).get("url").asText()).getBody()).first();
        assertThat(uids(county)).contains("measure/" + id + "/" + late + "@agreement-registry")
                .noneMatch(uid -> uid.startsWith("statutory-negotiation/welfare-area:14/"));
    }

    @Test
    void theSignedInCalendarCarriesThemForTheSameFilters() {
        ResponseEntity<String> karelia = get("/api/reviews.ics?party=welfare-area:14&asOf=2026-03-02");
        assertThat(karelia.getStatusCode().value()).isEqualTo(200);
        ICalendar calendar = Biweekly.parse(karelia.getBody()).first();
        assertThat(uids(calendar)).containsExactlyInAnyOrder(
                "statutory-negotiation/welfare-area:14/611/2022-03-01@agreement-registry",
                "statutory-negotiation/welfare-area:14/612/2025-01-01@agreement-registry");
        assertThat(event(calendar, "statutory-negotiation/welfare-area:14/611/2022-03-01@agreement-registry")
                .getSummary().getValue()).startsWith("OVERDUE negotiation: Cooperation negotiation (611/2021 s. 14");
        assertThat(uids(Biweekly.parse(get("/api/reviews.ics?party=welfare-area:14&dueBefore=2025-06-30").getBody())
                .first())).containsExactly("statutory-negotiation/welfare-area:14/611/2022-03-01@agreement-registry");
        // A review status asks for reviews only.
        assertThat(Biweekly.parse(get("/api/reviews.ics?party=welfare-area:14&status=OVERDUE").getBody()).first()
                .getEvents()).isEmpty();
        // Before the first county term nothing was due.
        assertThat(Biweekly.parse(get("/api/reviews.ics?party=welfare-area:14&asOf=2022-02-28").getBody()).first()
                .getEvents()).isEmpty();
    }

    private static VEvent event(ICalendar calendar, String uid) {
        return calendar.getEvents().stream().filter(e -> e.getUid().getValue().equals(uid)).findFirst()
                .orElseThrow(() -> new AssertionError("no event " + uid + " in " + uids(calendar)));
    }

    private static List<String> uids(ICalendar calendar) {
        return calendar.getEvents().stream().map(e -> e.getUid().getValue()).toList();
    }

    private static LocalDate day(VEvent event) {
        return event.getDateStart().getValue().toInstant().atZone(java.time.ZoneId.systemDefault()).toLocalDate();
    }

    private String schedule(String id, LocalDate dueBy, String body) {
        ResponseEntity<String> scheduled = post("/api/agreements/" + id + "/reviews", Map.of("dueBy", dueBy.toString(),
                "kind", "AGREEMENT_EVALUATION", "responsibleBody", body, "scheduledOn", "2026-01-01"));
        assertThat(scheduled.getStatusCode().value()).as(scheduled.getBody()).isEqualTo(201);
        return body(scheduled).get("reviewId").asText();
    }

    private void awaitReviews(String body, int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> body(get("/api/reviews?responsibleBody=" + body))
                .get("reviews").size() == count);
    }

    private List<JsonNode> accessEntries(String target) {
        accessLog.flush();
        List<JsonNode> entries = new java.util.ArrayList<>();
        body(as(AUDITOR).get("/api/audit/access?target=" + target + "&size=1000")).get("entries").forEach(entries::add);
        return entries;
    }

    private static String sha256(String token) throws RuntimeException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
