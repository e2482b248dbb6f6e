package fi.agreementregistry.api.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import fi.agreementregistry.api.RegistryHttpTest;
import fi.agreementregistry.core.actor.Actor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** With an issuer configured the registry is a resource server: the identity provider's JWTs, claims → role and party. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"registry.embedded.backend=memory", "registry.security.jwt.issuer-uri=https://login.example.fi/hame",
                "registry.security.jwt.audience=agreement-registry", "registry.security.jwt.party-claim=org"})
class JwtResourceServerHttpTest {

    private static final RSAKey KEY;
    private static final HttpServer JWKS;

    static {
        try {
            KEY = new RSAKeyGenerator(2048).keyID("idp-1").generate();
            JWKS = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            byte[] keys = new JWKSet(KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            JWKS.createContext("/jwks", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, keys.length);
                exchange.getResponseBody().write(keys);
                exchange.close();
            });
            JWKS.start();
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void jwks(DynamicPropertyRegistry registry) {
        registry.add("registry.security.jwt.jwk-set-uri",
                () -> "http://127.0.0.1:" + JWKS.getAddress().getPort() + "/jwks");
    }

    @AfterAll
    static void stopJwks() {
        JWKS.stop(0);
    }

    @Autowired
    TestRestTemplate http;

    @Autowired
    EventStore eventStore;

    private final ObjectMapper json = new ObjectMapper();

    private static String token(String subject, Object roles, String party, String audience) throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer("https://login.example.fi/hame")
                .subject(subject).audience(audience).claim("name", "Kirjaaja, Hämeenlinna").claim("roles", roles)
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(300)));
        if (party != null) {
            claims.claim("org", party);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY.getKeyID()).build(), claims.build());
        jwt.sign(new RSASSASigner(KEY));
        return jwt.serialize();
    }

    private ResponseEntity<String> draft(String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (token != null) {
            headers.setBearerAuth(token);
        }
        return http.exchange("/api/agreements", HttpMethod.POST, new HttpEntity<>(RegistryHttpTest.kantaHameDraft(), headers),
                String.class);
    }

    @Test
    void aClerksTokenDraftsAndTheEventNamesTheTokensSubjectRoleAndParty() throws Exception {
        ResponseEntity<String> created = draft(token("8d1f-hml-kirjaaja", List.of("CLERK"), "municipality:109",
                "agreement-registry"));
        assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
        String id = json.readTree(created.getBody()).get("agreementId").asText();
        Actor actor = Actor.fromMetaData(eventStore.readEvents(id, 0).next().getMetaData()).orElseThrow();
        assertThat(actor).isEqualTo(new Actor("8d1f-hml-kirjaaja", "Kirjaaja, Hämeenlinna", "CLERK", "municipality:109"));
    }

    @Test
    void tokensForAnotherAudienceWithoutARoleOrWithoutAPartyOrNoneAtAllAre401() throws Exception {
        assertThat(draft(token("x", "CLERK", "municipality:109", "someone-else")).getStatusCode().value()).isEqualTo(401);
        assertThat(draft(token("x", List.of("VISITOR"), null, "agreement-registry")).getStatusCode().value()).isEqualTo(401);
        assertThat(draft(token("x", "CLERK", null, "agreement-registry")).getStatusCode().value()).isEqualTo(401);
        ResponseEntity<String> none = draft(null);
        assertThat(none.getStatusCode().value()).isEqualTo(401);
        assertThat(none.getHeaders().getFirst("WWW-Authenticate")).startsWith("Bearer");
        assertThat(none.getHeaders().getContentType()).hasToString("application/problem+json");
    }

    @Test
    void anAuditorsTokenReadsButCannotDraft() throws Exception {
        String auditor = token("tarkastaja", "AUDITOR", null, "agreement-registry");
        assertThat(draft(auditor).getStatusCode().value()).isEqualTo(403);
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(auditor);
        ResponseEntity<String> list = http.exchange("/api/agreements", HttpMethod.GET, new HttpEntity<>(headers), String.class);
        assertThat(list.getStatusCode().value()).isEqualTo(200);
    }
}
