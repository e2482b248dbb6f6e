package fi.agreementregistry.projections.processors;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventhandling.tokenstore.GenericTokenEntry;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.serialization.Serializer;
import org.bson.Document;
import org.bson.types.Binary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Earlier versions ran one tracking processor per read model, named after its processing group. On the first start
 * with the one {@value ReadModelProcessor#NAME} processor, this takes its token over from theirs: the lower bound of
 * every segment token of the four (so every event one of them had not applied yet is delivered again, which their
 * stored sequences make harmless), and deletes the old tokens. Without it the new processor would start from the
 * first event and apply the whole store once more. Nothing happens when the processor has a token already, or when
 * any of the four has none (then none of them had a known position to take over).
 */
@Component
public class ReadModelTokenMigration implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReadModelTokenMigration.class);
    private static final String TOKENS = "trackingtokens";

    private final MongoDatabase database;
    private final TokenStore tokenStore;
    private final Serializer serializer;
    private volatile boolean running;

    public ReadModelTokenMigration(MongoDatabase database, TokenStore tokenStore, Serializer serializer) {
        this.database = database;
        this.tokenStore = tokenStore;
        this.serializer = serializer;
    }

    /** @return the token the processor took over, if it took one over */
    public Optional<TrackingToken> migrate() {
        MongoCollection<Document> tokens = database.getCollection(TOKENS);
        if (tokens.countDocuments(Filters.eq("processorName", ReadModelProcessor.NAME)) > 0) {
            return Optional.empty();
        }
        List<Document> old = tokens.find(Filters.in("processorName", ReadModelProcessor.FORMERLY_OWN_GROUPS)).into(new ArrayList<>());
        if (old.stream().map(entry -> entry.getString("processorName")).distinct().count()
                < ReadModelProcessor.FORMERLY_OWN_GROUPS.size()) {
            return Optional.empty();
        }
        GapAwareTrackingToken lowest = null;
        for (Document entry : old) {
            TrackingToken token = WrappedToken.unwrapLowerBound(read(entry));
            if (!(token instanceof GapAwareTrackingToken gapAware)) {
                return Optional.empty();
            }
            lowest = lowest == null ? gapAware : lowest.lowerBound(gapAware);
        }
        try {
            tokenStore.initializeTokenSegments(ReadModelProcessor.NAME, 1, lowest);
        } catch (UnableToClaimTokenException e) {
            return Optional.empty(); // another instance took it over first
        }
        tokens.deleteMany(Filters.in("processorName", ReadModelProcessor.FORMERLY_OWN_GROUPS));
        log.info("The {} processor takes over from {} at {} (the lowest of their tokens)", ReadModelProcessor.NAME,
                ReadModelProcessor.FORMERLY_OWN_GROUPS, lowest);
        return Optional.of(lowest);
    }

    private TrackingToken read(Document entry) {
        Object token = entry.get("token");
        byte[] data = token instanceof Binary binary ? binary.getData() : null;
        if (data == null) {
            return null;
        }
        return new GenericTokenEntry<>(data, entry.getString("tokenType"),
                Instant.ofEpochMilli(entry.get("timestamp", Number.class).longValue()).toString(),
                entry.getString("owner"), entry.getString("processorName"),
                entry.get("segment", Number.class).intValue(), byte[].class).getToken(serializer);
    }

    @Override
    public void start() {
        migrate();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before Axon starts its event processors (phase Integer.MAX_VALUE / 2). */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE / 2 - 1000;
    }
}
