package fi.agreementregistry.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestTemplate;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded default keeps its data in files: an agreement drafted before a restart is there after it. */
class RestartKeepsAgreementsTest {

    @TempDir
    Path dataDir;

    private final ObjectMapper json = new ObjectMapper();
    private final RestTemplate http = new RestTemplate();

    @Test
    void anAgreementSurvivesARestartOfTheEmbeddedDefault() throws Exception {
        String id;
        try (ConfigurableApplicationContext app = start()) {
            HttpHeaders headers = new HttpHeaders();
            headers.setContentType(MediaType.APPLICATION_JSON);
            headers.setBasicAuth(RegistryHttpTest.clerkOf(RegistryHttpTest.KANTA_HAME.get(0)), RegistryHttpTest.PASSWORD);
            String draft = json.writeValueAsString(RegistryHttpTest.kantaHameDraft());
            String created = http.postForObject(base(app) + "/api/agreements", new HttpEntity<>(draft, headers), String.class);
            id = json.readTree(created).get("agreementId").asText();
        }
        try (ConfigurableApplicationContext app = start()) {
            HttpHeaders auditor = new HttpHeaders();
            auditor.setBasicAuth(RegistryHttpTest.AUDITOR, RegistryHttpTest.PASSWORD);
            JsonNode agreement = json.readTree(http.exchange(base(app) + "/api/agreements/" + id, HttpMethod.GET,
                    new HttpEntity<>(auditor), String.class).getBody());
            assertThat(agreement.get("status").asText()).isEqualTo("DRAFT");
            assertThat(agreement.get("parties")).hasSize(13);
        }
    }

    private ConfigurableApplicationContext start() {
        return SpringApplication.run(RegistryApplication.class,
                "--server.port=0",
                "--spring.profiles.active=test",
                "--registry.embedded.backend=file",
                "--registry.embedded.data-dir=" + dataDir);
    }

    private static String base(ConfigurableApplicationContext app) {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        return "http://127.0.0.1:" + port;
    }
}
