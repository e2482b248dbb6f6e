package fi.agreementregistry.projections.agreement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import fi.agreementregistry.core.agreement.AgreementKind;
import fi.agreementregistry.core.agreement.AgreementStatus;
import fi.agreementregistry.core.agreement.CouncilTerm;
import fi.agreementregistry.core.agreement.Forum;
import fi.agreementregistry.core.agreement.ForumLevel;
import fi.agreementregistry.core.agreement.Principle;
import fi.agreementregistry.core.review.ReviewOutcome;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The view's JSON is the API contract: these are the names and formats the UI and tools rely on. */
class AgreementViewJsonTest {

    // As Spring Boot configures it: Java time as ISO strings.
    private final ObjectMapper json = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    @Test
    void theViewSerializesWithTheNamesAndFormatsOfTheApiContract() {
        AgreementView view = new AgreementView("kanta-hame-2025", "Puitesopimus", AgreementKind.FRAMEWORK_AGREEMENT,
                "Kanta-Häme", CouncilTerm.parse("2025–2029"), AgreementStatus.IN_FORCE, 1, 27,
                LocalDate.of(2023, 1, 10), LocalDate.of(2023, 8, 1),
                List.of(new PartyView("municipality:109", "Hämeenlinna",
                        new ApprovalView(1, "Kaupunginhallitus", LocalDate.of(2023, 3, 13), "§ 30",
                                "56/15.00.18/2023", "Approved."),
                        new SignatureView(1, "A. Signatory", "Kaupunginjohtaja", LocalDate.of(2023, 8, 1)))),
                Principle.numbered(List.of("Plan together.")), List.of("Wellbeing"),
                List.of(new Forum("Strategic forum", ForumLevel.STRATEGIC)),
                new PendingAmendmentView(2, Principle.numbered(List.of("Plan together yearly.")), "Yearly",
                        LocalDate.of(2025, 6, 1), List.of("municipality:109")),
                List.of(new ReviewView("r1", "AGREEMENT_EVALUATION", LocalDate.of(2025, 5, 31), "Integraatiovaliokunta",
                        "611/2021 §14", LocalDate.of(2023, 8, 1), ReviewStatus.COMPLETED_LATE,
                        LocalDate.of(2025, 6, 2), ReviewOutcome.NO_CHANGES, "§ 20")),
                null, "kanta-hame-2021", null, null, null);

        JsonNode node = json.valueToTree(view);

        assertThat(node.get("id").asText()).isEqualTo("kanta-hame-2025");
        assertThat(node.get("councilTerm").asText()).isEqualTo("2025-2029");
        assertThat(node.get("status").asText()).isEqualTo("IN_FORCE");
        assertThat(node.get("version").asInt()).isEqualTo(1);
        assertThat(node.get("aggregateSequence").asLong()).isEqualTo(27);
        assertThat(node.get("enteredIntoForceOn").asText()).isEqualTo("2023-08-01");
        JsonNode party = node.get("parties").get(0);
        assertThat(party.get("partyId").asText()).isEqualTo("municipality:109");
        assertThat(party.get("approval").get("meetingDate").asText()).isEqualTo("2023-03-13");
        assertThat(party.get("approval").get("section").asText()).isEqualTo("§ 30");
        assertThat(party.get("signature").get("signedOn").asText()).isEqualTo("2023-08-01");
        assertThat(node.get("principles").get(0).get("number").asInt()).isEqualTo(1);
        assertThat(node.get("principles").get(0).get("text").asText()).isEqualTo("Plan together.");
        assertThat(node.get("forums").get(0).get("level").asText()).isEqualTo("STRATEGIC");
        assertThat(node.get("pendingAmendment").get("approvedBy").get(0).asText()).isEqualTo("municipality:109");
        assertThat(node.get("reviews").get(0).get("status").asText()).isEqualTo("COMPLETED_LATE");
        assertThat(node.get("reviews").get(0).get("dueBy").asText()).isEqualTo("2025-05-31");
        assertThat(node.get("supersedes").asText()).isEqualTo("kanta-hame-2021");
        assertThat(node.get("supersededBy").isNull()).isTrue();
        assertThat(node.fieldNames()).toIterable().containsExactly("id", "title", "kind", "region", "councilTerm",
                "status", "version", "aggregateSequence", "draftedOn", "enteredIntoForceOn", "parties", "principles",
                "goals", "forums", "pendingAmendment", "reviews", "supersededBy", "supersedes", "endedOn",
                "terminationReason", "reviewPolicy");
    }
}
