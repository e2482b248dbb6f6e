package fi.agreementregistry.api.rest.negotiations;

import com.fasterxml.jackson.databind.JsonNode;
import fi.agreementregistry.api.RegistryHttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records the example of docs/examples/negotiations: Päijät-Häme's HYTE negotiation of 29.8.2024 (source document 003)
 * with its three agreed outcomes, as the county's clerk would, and reads back what the registry makes of it.
 */
class PaijatHameHyteExampleTest extends RegistryHttpTest {

    static JsonNode example(String name) throws Exception {
        Path file = Path.of("docs", "examples", "negotiations", name);
        if (!Files.exists(file)) {
            file = Path.of("..").resolve(file); // the tests run in the module's directory
        }
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(Files.readString(file));
    }

    @Test
    void theHyteNegotiationOf29August2024IsRecordedWithItsThreeOutcomes() throws Exception {
        ResponseEntity<String> created = as(clerkOf("welfare-area:09")).post("/api/negotiations",
                example("paijat-hame-hyte-2024-08-29.json"));
        assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
        String id = body(created).get("id").asText();

        JsonNode negotiation = body(as(COMMITTEE).get("/api/negotiations/" + id));
        assertThat(negotiation.get("welfareArea").get("name").asText()).isEqualTo("Päijät-Hämeen hyvinvointialue");
        assertThat(negotiation.get("heldOn").asText()).isEqualTo("2024-08-29");
        assertThat(negotiation.get("legalBases").toString()).isEqualTo("[\"612/2021 §7\"]");
        assertThat(negotiation.get("parties")).hasSize(10);
        assertThat(negotiation.get("measures")).hasSize(3);
        assertThat(negotiation.get("measures").findValuesAsText("status")).containsOnly("PLANNED");
        assertThat(negotiation.get("measures").findValuesAsText("dueBy")).containsOnly("2025-12-31");

        // It meets Lahti's yearly duty for 2024; by 2.3.2026 its outcomes are past due and still open.
        JsonNode compliance = body(as(COMMITTEE).get("/api/compliance?welfareArea=welfare-area:09&asOf=2024-12-31"));
        JsonNode lahti = null;
        for (JsonNode row : compliance.get("municipalities")) {
            if (row.get("partyId").asText().equals("municipality:398")) {
                lahti = row.get("duties").get(1);
            }
        }
        assertThat(lahti.get("status").asText()).isEqualTo("DONE");
        assertThat(lahti.get("lastNegotiationId").asText()).isEqualTo(id);
        assertThat(compliance.get("welfareAreaDuties").get(1).get("status").asText()).isEqualTo("DONE");

        JsonNode overdue = body(as(COMMITTEE).get("/api/measures?responsible=municipality:398"));
        assertThat(overdue.findValuesAsText("negotiationId")).containsOnly(id);
        assertThat(overdue).hasSize(3).allMatch(entry -> entry.get("overdue").asBoolean());
    }
}
