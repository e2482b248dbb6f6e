package fi.agreementregistry.api.operations;

import fi.agreementregistry.api.http.CorrelationIdFilter;
import fi.agreementregistry.api.RegistryHttpTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator sees: probes, the Prometheus scrape, correlation ids in the logs. Spring Boot tests switch
 * metrics export off unless told otherwise, hence {@code @AutoConfigureObservability}.
 */
@AutoConfigureObservability
@ExtendWith(OutputCaptureExtension.class)
class OperationsHttpTest extends RegistryHttpTest {

    @Autowired
    CorrelationIdFilter correlationIdFilter;

    @Test
    void readinessChecksMongoAndTheEventProcessorsWhileLivenessDoesNot() {
        ResponseEntity<String> readiness = get("/actuator/health/readiness");
        assertThat(readiness.getStatusCode().value()).isEqualTo(200);
        assertThat(body(readiness).get("components").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("readinessState", "mongo", "eventProcessors");
        assertThat(body(readiness).at("/components/mongo/status").asText()).isEqualTo("UP");
        assertThat(body(readiness).at("/components/eventProcessors/status").asText()).isEqualTo("UP");

        ResponseEntity<String> liveness = get("/actuator/health/liveness");
        assertThat(liveness.getStatusCode().value()).isEqualTo(200);
        assertThat(body(liveness).get("components").fieldNames()).toIterable().containsExactly("livenessState");
    }

    @Test
    void prometheusShowsCommandsByTypeAndOutcomeAppendLatencyAndProcessorLag() {
        draftKantaHame();
        String scrape = get("/actuator/prometheus").getBody();
        assertThat(scrape)
                .containsPattern("commandBus_successTimer_seconds_count\\{[^}]*payloadType=\"DraftAgreement\"")
                .containsPattern("registry_eventstore_append_seconds_count\\{[^}]*outcome=\"success\"")
                .containsPattern("registry_processor_lag_events\\{[^}]*processor=\"read-models\"")
                .containsPattern("registry_processor_replay_progress\\{[^}]*processor=\"read-models\"");
    }

    @Test
    void aRuleViolationIsCountedAsAFailedCommand() {
        String id = draftKantaHame();
        post("/api/agreements/" + id + "/signatures", signature("municipality:109", 1, "2026-02-01"));
        assertThat(get("/actuator/prometheus").getBody())
                .containsPattern("commandBus_failureTimer_seconds_count\\{[^}]*payloadType=\"SignAgreement\"");
    }

    @Test
    void theCallersCorrelationIdIsEchoedAndOnEveryLogLineOfTheRequest(CapturedOutput output) throws Exception {
        HttpHeaders headers = new HttpHeaders();
        headers.set(CorrelationIdFilter.HEADER, "clerk-req-4711");
        ResponseEntity<String> response = http.exchange("/api/parties/municipality:109", HttpMethod.GET,
                new HttpEntity<>(headers), String.class);
        assertThat(response.getHeaders().getFirst(CorrelationIdFilter.HEADER)).isEqualTo("clerk-req-4711");

        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/parties");
        request.addHeader(CorrelationIdFilter.HEADER, "clerk-req-4712");
        correlationIdFilter.doFilter(request, new MockHttpServletResponse(),
                (req, res) -> LoggerFactory.getLogger(OperationsHttpTest.class).info("handling the request"));
        assertThat(output.getOut()).containsPattern("\\[clerk-req-4712\\].*handling the request");
    }

    @Test
    void aMissingOrUnsafeCorrelationIdIsReplacedByANewOne() {
        HttpHeaders headers = new HttpHeaders();
        headers.set(CorrelationIdFilter.HEADER, "forged\" line");
        String echoed = http.exchange("/api/parties/municipality:109", HttpMethod.GET, new HttpEntity<>(headers),
                String.class).getHeaders().getFirst(CorrelationIdFilter.HEADER);
        assertThat(echoed).matches("[0-9a-f-]{36}");
    }
}
