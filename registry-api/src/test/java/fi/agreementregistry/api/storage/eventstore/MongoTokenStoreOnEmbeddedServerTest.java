package fi.agreementregistry.api.storage.eventstore;

import fi.agreementregistry.api.storage.embedded.InMemoryMongo;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Axon's MongoTokenStore (kept from the Mongo extension) on the embedded server, with Jackson. */
class MongoTokenStoreOnEmbeddedServerTest {

    @RegisterExtension
    final InMemoryMongo mongo = new InMemoryMongo();
    private ExecutorService pool;

    @BeforeEach
    void start() {
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private MongoTokenStore store(String owner) {
        return MongoTokenStore.builder()
                              .mongoTemplate(DefaultMongoTemplate.builder()
                                                                 .mongoDatabase(mongo.client(), StoreTestSupport.DATABASE)
                                                                 .build())
                              .serializer(StoreTestSupport.jackson())
                              .claimTimeout(Duration.ofSeconds(10))
                              .nodeId(owner)
                              .build();
    }

    @Test
    void twoOwnersRacingForOneSegmentExactlyOneGetsIt() throws Exception {
        MongoTokenStore a = store("node-a");
        MongoTokenStore b = store("node-b");
        int rounds = 50;
        for (int round = 0; round < rounds; round++) {
            String processor = "projection-" + round;
            a.initializeTokenSegments(processor, 1);
            CyclicBarrier go = new CyclicBarrier(2);
            Future<Throwable> byA = pool.submit(() -> claim(a, processor, go));
            Future<Throwable> byB = pool.submit(() -> claim(b, processor, go));
            Throwable outcomeA = byA.get(10, TimeUnit.SECONDS);
            Throwable outcomeB = byB.get(10, TimeUnit.SECONDS);

            assertThat(outcomeA == null ^ outcomeB == null).as("round %d: exactly one owner", round).isTrue();
            assertThat(outcomeA != null ? outcomeA : outcomeB).isInstanceOf(UnableToClaimTokenException.class);
            MongoTokenStore winner = outcomeA == null ? a : b;
            MongoTokenStore loser = outcomeA == null ? b : a;
            assertThatThrownBy(() -> loser.extendClaim(processor, 0)).isInstanceOf(UnableToClaimTokenException.class);
            assertThatThrownBy(() -> loser.storeToken(GapAwareTrackingToken.newInstance(1, List.of()), processor, 0))
                    .isInstanceOf(UnableToClaimTokenException.class);
            winner.extendClaim(processor, 0);
            winner.releaseClaim(processor, 0);
            loser.fetchToken(processor, 0);     // released: now the other may claim it
        }
    }

    @Test
    void gapAwareTokenRoundTripsThroughTheStore() {
        MongoTokenStore store = store("node-a");
        store.initializeTokenSegments("projection", 2);
        TrackingToken token = GapAwareTrackingToken.newInstance(1_234, List.of(1_200L, 1_230L));
        store.storeToken(token, "projection", 1);

        assertThat(store.fetchToken("projection", 1)).isEqualTo(token);
        assertThat(((GapAwareTrackingToken) store.fetchToken("projection", 1)).getGaps()).containsExactly(1_200L, 1_230L);
        assertThat(store.fetchToken("projection", 0)).isNull();
        assertThat(store.fetchSegments("projection")).containsExactly(0, 1);
        assertThat(store.retrieveStorageIdentifier()).isPresent();
        assertThatThrownBy(() -> store("node-b").fetchToken("projection", 1))
                .isInstanceOf(UnableToClaimTokenException.class);
    }

    private static Throwable claim(MongoTokenStore store, String processor, CyclicBarrier go) {
        try {
            go.await(5, TimeUnit.SECONDS);
            store.fetchToken(processor, 0);
            return null;
        } catch (Throwable t) {
            return t;
        }
    }
}
