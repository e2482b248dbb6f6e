package fi.agreementregistry.api.rest.imports;

import com.fasterxml.jackson.databind.JsonNode;
import fi.agreementregistry.api.RegistryHttpTest;
import fi.agreementregistry.api.application.imports.AgreementImports;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/examples/source-documents.json, the agreements and decisions of the source documents, imports without a
 * problem and the registry then says what the documents say.
 */
class SourceDocumentsImportHttpTest extends RegistryHttpTest {

    @BeforeEach
    void importTheExamples() throws IOException {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setBasicAuth(ADMIN, PASSWORD);
        ResponseEntity<String> imported = http.exchange("/api/imports?fileName=source-documents.json",
                HttpMethod.POST, new HttpEntity<>(Files.readAllBytes(Path.of("..", "docs", "examples",
                        "source-documents.json")), headers), String.class);
        assertThat(imported.getStatusCode().value()).as(imported.getBody()).isEqualTo(200);
        assertThat(body(imported).get("problems")).isEmpty();
        assertThat(body(imported).get("agreements").findValuesAsText("outcome"))
                .hasSize(5).allMatch(outcome -> outcome.equals("IMPORTED") || outcome.equals("ALREADY_IMPORTED"));
    }

    private JsonNode agreement(String key) {
        ResponseEntity<String> found = as(AUDITOR).get("/api/agreements/"
                + AgreementImports.agreementIdFor(key).value());
        assertThat(found.getStatusCode().value()).as(found.getBody()).isEqualTo(200);
        return body(found);
    }

    private static JsonNode party(JsonNode agreement, String partyId) {
        for (JsonNode party : agreement.get("parties")) {
            if (party.get("partyId").asText().equals(partyId)) {
                return party;
            }
        }
        throw new AssertionError(partyId + " is not a party of " + agreement.get("title"));
    }

    @Test
    void thePaijatHameRegionalBoardsDecisionOf13March2023() {
        JsonNode agreement = agreement("paijat-hame-hyte-2023");
        JsonNode approval = party(agreement, "regional-council:07").get("approval");
        assertThat(approval.get("decisionBody").asText()).isEqualTo("Maakuntahallitus");
        assertThat(approval.get("meetingDate").asText()).isEqualTo("2023-03-13");
        assertThat(approval.get("section").asText()).isEqualTo("§ 30");
        assertThat(approval.get("diaryNumber").asText()).isEqualTo("56/15.00.18/2023");
        assertThat(party(agreement, "regional-council:07").get("name").asText()).isEqualTo("Päijät-Hämeen liitto");
        // The county's decision is not in the documents: the agreement stays a draft.
        JsonNode county = party(agreement, "welfare-area:09").path("approval");
        assertThat(county.isNull() || county.isMissingNode()).as(county.toString()).isTrue();
        assertThat(agreement.get("status").asText()).isEqualTo("DRAFT");
        assertThat(agreement.get("councilTerm").asText()).isEqualTo("2021-2025");
    }

    @Test
    void theKantaHameFrameworkAgreementOf2023AndItsEvaluationInSpring2025() {
        JsonNode agreement = agreement("kanta-hame-puitesopimus-2023");
        assertThat(agreement.get("parties")).hasSize(13);
        assertThat(party(agreement, "regional-council:05").get("name").asText()).isEqualTo("Hämeen liitto");
        assertThat(agreement.get("goals")).hasSize(4);
        JsonNode review = agreement.get("reviews").get(0);
        assertThat(review.get("reviewId").asText()).isEqualTo("evaluation-spring-2025");
        assertThat(review.get("dueBy").asText()).isEqualTo("2025-05-31");
        assertThat(review.get("completedOn").asText()).isEqualTo("2025-09-03");
        assertThat(review.get("outcome").asText()).isEqualTo("REPLACE");
        assertThat(review.get("minutesReference").asText()).contains("11026/00.01.00/2025");

        JsonNode next = agreement("kanta-hame-puitesopimus-2025-2029");
        assertThat(next.get("councilTerm").asText()).isEqualTo("2025-2029");
        assertThat(next.get("draftedOn").asText()).isEqualTo("2025-09-03");
        assertThat(next.get("parties")).hasSize(13);
        assertThat(next.get("status").asText()).isEqualTo("DRAFT");
    }

    @Test
    void thePaijatHameCooperationProtocolAndTheNegotiationOfAugust2024() {
        JsonNode protocol = agreement("paijat-hame-yhteistyopoytakirja-2022");
        assertThat(protocol.get("kind").asText()).isEqualTo("COOPERATION_PROTOCOL");
        assertThat(protocol.get("parties")).hasSize(12);
        assertThat(protocol.get("forums").findValuesAsText("level"))
                .containsExactly("STRATEGIC", "CHAIRS", "TACTICAL", "TACTICAL", "TACTICAL", "OPERATIONAL",
                        "OPERATIONAL");

        JsonNode negotiation = agreement("paijat-hame-hyte-neuvottelu-2024");
        assertThat(negotiation.get("draftedOn").asText()).isEqualTo("2024-08-29");
        assertThat(negotiation.get("kind").asText()).isEqualTo("NEGOTIATION_RECORD");
    }
}
