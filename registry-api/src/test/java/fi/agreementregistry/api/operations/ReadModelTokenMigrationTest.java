package fi.agreementregistry.api.operations;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import fi.agreementregistry.api.config.RegistryProperties;
import fi.agreementregistry.api.storage.AxonConfiguration;
import fi.agreementregistry.api.storage.embedded.InMemoryMongo;
import fi.agreementregistry.projections.processors.ReadModelProcessor;
import fi.agreementregistry.projections.processors.ReadModelTokenMigration;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mock.env.MockEnvironment;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A store written by the version with one processor per read model: the one processor takes over from their tokens. */
class ReadModelTokenMigrationTest {

    @RegisterExtension
    final InMemoryMongo mongo = new InMemoryMongo();
    private MongoDatabase database;
    private TokenStore tokens;
    private ReadModelTokenMigration migration;

    @BeforeEach
    void start() {
        database = mongo.client().getDatabase("registry");
        AxonConfiguration configuration = new AxonConfiguration();
        Serializer serializer = configuration.serializer();
        tokens = configuration.tokenStore(database, serializer, Duration.ofSeconds(60), Binder.get(
                new MockEnvironment().withProperty("registry.instance-id", "instance-a"))
                .bindOrCreate("registry", Bindable.of(RegistryProperties.class)));
        migration = new ReadModelTokenMigration(database, tokens, serializer);
    }

    @Test
    void theOneProcessorStartsAtTheLowestOfTheFourTokensAndTheirsAreDeleted() {
        stored("agreement-summary", GapAwareTrackingToken.newInstance(40, List.of()));
        stored("agreement-history", GapAwareTrackingToken.newInstance(35, List.of(30L)));
        // A group that was replaying (reset) when the old version stopped.
        stored("review-deadlines", ReplayToken.createReplayToken(GapAwareTrackingToken.newInstance(40, List.of()),
                GapAwareTrackingToken.newInstance(38, List.of())));
        stored("party-portfolio", GapAwareTrackingToken.newInstance(41, List.of()));

        assertThat(migration.migrate()).contains(GapAwareTrackingToken.newInstance(35, List.of(30L)));

        assertThat(tokens.fetchToken(ReadModelProcessor.NAME, 0))
                .isEqualTo(GapAwareTrackingToken.newInstance(35, List.of(30L)));
        assertThat(database.getCollection("trackingtokens")
                .countDocuments(Filters.in("processorName", ReadModelProcessor.GROUPS))).isZero();
        assertThat(migration.migrate()).as("once only").isEmpty();
    }

    @Test
    void nothingChangesWhenTheProcessorHasATokenOrAGroupHasNone() {
        for (String group : List.of("agreement-summary", "agreement-history", "review-deadlines")) {
            stored(group, GapAwareTrackingToken.newInstance(10, List.of()));
        }
        assertThat(migration.migrate()).as("party-portfolio has no token").isEmpty();
        assertThat(database.getCollection("trackingtokens").countDocuments()).isEqualTo(3);

        stored("party-portfolio", GapAwareTrackingToken.newInstance(10, List.of()));
        stored(ReadModelProcessor.NAME, GapAwareTrackingToken.newInstance(12, List.of()));
        assertThat(migration.migrate()).isEmpty();
        assertThat(tokens.fetchToken(ReadModelProcessor.NAME, 0))
                .isEqualTo(GapAwareTrackingToken.newInstance(12, List.of()));
    }

    private void stored(String processor, org.axonframework.eventhandling.TrackingToken token) {
        tokens.initializeTokenSegments(processor, 1, token);
    }
}
