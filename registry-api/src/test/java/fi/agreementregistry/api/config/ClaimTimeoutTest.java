package fi.agreementregistry.api.config;

import fi.agreementregistry.api.storage.AxonConfiguration;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mock.env.MockEnvironment;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import fi.agreementregistry.api.storage.embedded.InMemoryMongo;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The token store the registry configures keeps a segment with its owner until the claim timeout has passed since the
 * owner last renewed the claim, and the shipped timeout is long enough for clock skew and pauses. Axon's
 * MongoTokenStore compares stored claim times with the system clock and takes no {@link java.time.Clock}, so the
 * tests age a claim by moving its stored time back, which is what the store sees after that much time.
 */
class ClaimTimeoutTest {

    private static final String PROCESSOR = "read-models";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    final InMemoryMongo mongo = new InMemoryMongo();
    private MongoDatabase database;

    @BeforeEach
    void start() {
        database = mongo.client().getDatabase("registry");
    }

    @Test
    void theShippedClaimTimeoutIsAtLeastSixtySeconds() throws Exception {
        List<PropertySource<?>> yaml = new YamlPropertySourceLoader()
                .load("application.yml", new ClassPathResource("application.yml"));
        Object configured = yaml.get(0).getProperty("axon.eventhandling.tokenstore.claim-timeout");

        assertThat(configured).as("application.yml names the claim timeout").isNotNull();
        assertThat(DurationStyle.detectAndParse(configured.toString())).isGreaterThanOrEqualTo(TIMEOUT);
    }

    @Test
    void anotherInstanceTakesASegmentOnlyOnceItsClaimIsOlderThanTheTimeout() {
        TokenStore first = store("instance-a");
        TokenStore second = store("instance-b");
        first.initializeTokenSegments(PROCESSOR, 1);
        first.fetchToken(PROCESSOR, 0);

        claimedAgo(TIMEOUT.minusSeconds(5));
        assertThatThrownBy(() -> second.fetchToken(PROCESSOR, 0)).isInstanceOf(UnableToClaimTokenException.class);
        first.storeToken(GapAwareTrackingToken.newInstance(3, List.of()), PROCESSOR, 0);

        claimedAgo(TIMEOUT.plusSeconds(5));
        assertThat(second.fetchToken(PROCESSOR, 0)).isEqualTo(GapAwareTrackingToken.newInstance(3, List.of()));
        // The paused owner learns it lost the segment when it stores its token.
        assertThatThrownBy(() -> first.storeToken(GapAwareTrackingToken.newInstance(9, List.of()), PROCESSOR, 0))
                .isInstanceOf(UnableToClaimTokenException.class);
    }

    private TokenStore store(String owner) {
        AxonConfiguration configuration = new AxonConfiguration();
        return configuration.tokenStore(database, configuration.serializer(), TIMEOUT, Binder.get(
                new MockEnvironment().withProperty("registry.instance-id", owner))
                .bindOrCreate("registry", Bindable.of(RegistryProperties.class)));
    }

    /** Moves the segment's stored claim time back: as if its owner had not renewed the claim for that long. */
    private void claimedAgo(Duration age) {
        database.getCollection("trackingtokens").updateOne(
                Filters.and(Filters.eq("processorName", PROCESSOR), Filters.eq("segment", 0)),
                Updates.set("timestamp", Instant.now().minus(age).toEpochMilli()));
    }
}
