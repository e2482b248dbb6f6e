package fi.agreementregistry.api.rest.publicregister;

import fi.agreementregistry.api.RegistryHttpTest;
import org.springframework.http.ResponseEntity;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Agreements for the public register's tests, made through the signed-in API as clerks and the committee would: each
 * with its own title words, so a test finds its own among the shared database's. Every approval, signature and review
 * carries text that must never reach the public (a signatory's name, a decision text, a review's reason), so a test
 * can look for it.
 */
public abstract class PublicRegisterFixtures extends RegistryHttpTest {

    public static final String HAMEENLINNA = "municipality:109";
    public static final String COUNTY = "welfare-area:07";
    public static final String FORSSA = "municipality:061";
    /** Personal data and texts typed by clerks that the public never sees. */
    public static final String SIGNATORY_NAME = "Salla Salainen";
    public static final String DECISION_TEXT = "Päätösteksti, jota ei julkaista";
    public static final String REVIEW_REASON = "Arvioinnin syy, jota ei julkaista";

    /** A word no other test's title has. */
    protected static String word() {
        return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    protected String draft(String title, List<String> parties, String region, String councilTerm, String kind,
                           List<String> principles, String draftedOn) {
        Map<String, Object> draft = new HashMap<>(kantaHameDraft());
        draft.put("title", title);
        draft.put("parties", parties);
        draft.put("region", region);
        draft.put("councilTerm", councilTerm);
        draft.put("kind", kind);
        draft.put("principles", principles);
        draft.put("draftedOn", draftedOn);
        ResponseEntity<String> created = post("/api/agreements", draft);
        assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
        return body(created).get("agreementId").asText();
    }

    protected String draft(String title) {
        return draft(title, List.of(HAMEENLINNA, COUNTY), "Kanta-Häme", "2025-2029", "FRAMEWORK_AGREEMENT",
                List.of("Osapuolet ovat kumppaneita.", "Tieto kulkee."), "2025-09-03");
    }

    /** Approved by every party at meetings on {@code approvedOn}, signed on {@code signedOn}: in force then. */
    protected String inForce(String title, List<String> parties, String region, String councilTerm, String kind,
                             String approvedOn, String signedOn) {
        String id = draft(title, parties, region, councilTerm, kind,
                List.of("Osapuolet ovat kumppaneita.", "Tieto kulkee."), "2025-09-03");
        parties.forEach(party -> approve(id, party, 1, approvedOn));
        parties.forEach(party -> sign(id, party, 1, signedOn));
        return id;
    }

    protected String inForce(String title) {
        return inForce(title, List.of(HAMEENLINNA, COUNTY), "Kanta-Häme", "2025-2029", "FRAMEWORK_AGREEMENT",
                "2025-10-06", "2025-11-03");
    }

    protected void approve(String id, String party, int version, String meetingDate) {
        ResponseEntity<String> approved = post("/api/agreements/" + id + "/approvals", Map.of("partyId", party,
                "version", version, "decisionBody", "Kunnanhallitus", "meetingDate", meetingDate, "section", "§ 30",
                "diaryNumber", "56/15.00.18/2023", "decisionText", DECISION_TEXT));
        assertThat(approved.getStatusCode().value()).as(approved.getBody()).isEqualTo(201);
    }

    protected void sign(String id, String party, int version, String signedOn) {
        ResponseEntity<String> signed = post("/api/agreements/" + id + "/signatures", Map.of("partyId", party,
                "version", version, "signatory", Map.of("name", SIGNATORY_NAME, "title", "kunnanjohtaja"),
                "signedOn", signedOn));
        assertThat(signed.getStatusCode().value()).as(signed.getBody()).isEqualTo(201);
    }

    /** Amends an agreement in force to {@code version}; it takes effect once both parties approved it. */
    protected void amendInForce(String id, int version, List<String> principles, String proposedOn,
                                String approvedOn) {
        ResponseEntity<String> proposed = post("/api/agreements/" + id + "/principles", Map.of("principles",
                principles, "rationale", "Tarkennus.", "proposedOn", proposedOn));
        assertThat(proposed.getStatusCode().value()).as(proposed.getBody()).isBetween(200, 201);
        approve(id, HAMEENLINNA, version, approvedOn);
        approve(id, COUNTY, version, approvedOn);
    }

    /** Schedules and completes a review. */
    protected void review(String id, String scheduledOn, String completedOn, String outcome) {
        ResponseEntity<String> scheduled = as(COMMITTEE).post("/api/agreements/" + id + "/reviews", Map.of(
                "dueBy", "2027-12-31", "responsibleBody", "Integraatiovaliokunta", "reason", REVIEW_REASON,
                "scheduledOn", scheduledOn));
        assertThat(scheduled.getStatusCode().value()).as(scheduled.getBody()).isEqualTo(201);
        String reviewId = body(scheduled).get("reviewId").asText();
        ResponseEntity<String> completed = as(COMMITTEE).post("/api/agreements/" + id + "/reviews/" + reviewId
                + "/completion", Map.of("completedOn", completedOn, "outcome", outcome,
                "minutesReference", "Integraatiovaliokunta 2.2.2026 § 4"));
        assertThat(completed.getStatusCode().value()).as(completed.getBody()).isBetween(200, 201);
    }

    protected void supersede(String id, String successorId, String on) {
        ResponseEntity<String> done = post("/api/agreements/" + id + "/supersession",
                Map.of("successorId", successorId, "supersededOn", on));
        assertThat(done.getStatusCode().value()).as(done.getBody()).isBetween(200, 201);
    }

    protected void terminate(String id, String on) {
        ResponseEntity<String> done = post("/api/agreements/" + id + "/termination",
                Map.of("terminatedOn", on, "reason", "Tehtävät siirtyivät hyvinvointialueelle."));
        assertThat(done.getStatusCode().value()).as(done.getBody()).isBetween(200, 201);
    }
}
