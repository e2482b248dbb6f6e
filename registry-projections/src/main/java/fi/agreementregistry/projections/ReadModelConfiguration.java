package fi.agreementregistry.projections;

import com.mongodb.client.MongoDatabase;
import fi.agreementregistry.projections.agreement.AgreementAsOfQueries;
import fi.agreementregistry.projections.agreement.AgreementSummaryProjection;
import fi.agreementregistry.projections.agreement.AgreementSummaryQueries;
import fi.agreementregistry.projections.history.AgreementHistoryProjection;
import fi.agreementregistry.projections.history.AgreementHistoryQueries;
import fi.agreementregistry.projections.negotiation.NegotiationProjection;
import fi.agreementregistry.projections.negotiation.NegotiationQueries;
import fi.agreementregistry.projections.party.PartyPortfolioProjection;
import fi.agreementregistry.projections.party.PartyPortfolioQueries;
import fi.agreementregistry.projections.review.ReviewDeadlineProjection;
import fi.agreementregistry.projections.review.ReviewDeadlineQueries;
import fi.agreementregistry.projections.support.CollectionNames;
import fi.agreementregistry.projections.support.ReadModelCollections;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * The read models and their query handlers as the running registry uses them. Each class has one constructor that
 * takes the collections it works on; here they are bound to the live generation of their processing group
 * ({@link ReadModelCollections#live}), which a blue/green rebuild switches with one update, while the rebuild itself
 * builds a second instance on the generation it fills ({@code rebuild.ReplayableGroups}) and the tests build them on
 * the plain names ({@link CollectionNames#BASE}).
 */
@Configuration(proxyBeanMethods = false)
public class ReadModelConfiguration {

    private final MongoDatabase database;
    private final ReadModelCollections collections;
    private final Clock clock;
    private final int dueSoonDays;

    public ReadModelConfiguration(MongoDatabase database, ReadModelCollections collections, Clock clock,
                                  ReadModelSettings settings) {
        this.database = database;
        this.collections = collections;
        this.clock = clock;
        this.dueSoonDays = settings.dueSoonDays();
    }

    @Bean
    public AgreementSummaryProjection agreementSummaryProjection() {
        return new AgreementSummaryProjection(database, live(AgreementSummaryProjection.PROCESSING_GROUP));
    }

    @Bean
    public AgreementSummaryQueries agreementSummaryQueries() {
        return new AgreementSummaryQueries(database, live(AgreementSummaryProjection.PROCESSING_GROUP), clock,
                dueSoonDays);
    }

    /** Reads the event store, not a collection: the agreement as of a date is folded afresh. */
    @Bean
    public AgreementAsOfQueries agreementAsOfQueries(EventStore eventStore) {
        return new AgreementAsOfQueries(eventStore, clock, dueSoonDays);
    }

    @Bean
    public AgreementHistoryProjection agreementHistoryProjection() {
        return new AgreementHistoryProjection(database, live(AgreementHistoryProjection.PROCESSING_GROUP));
    }

    @Bean
    public AgreementHistoryQueries agreementHistoryQueries() {
        return new AgreementHistoryQueries(database, live(AgreementHistoryProjection.PROCESSING_GROUP));
    }

    @Bean
    public ReviewDeadlineProjection reviewDeadlineProjection() {
        return new ReviewDeadlineProjection(database, live(ReviewDeadlineProjection.PROCESSING_GROUP));
    }

    @Bean
    public ReviewDeadlineQueries reviewDeadlineQueries() {
        return new ReviewDeadlineQueries(database, live(ReviewDeadlineProjection.PROCESSING_GROUP), clock,
                dueSoonDays);
    }

    @Bean
    public PartyPortfolioProjection partyPortfolioProjection() {
        return new PartyPortfolioProjection(database, live(PartyPortfolioProjection.PROCESSING_GROUP));
    }

    @Bean
    public PartyPortfolioQueries partyPortfolioQueries() {
        return new PartyPortfolioQueries(database, live(PartyPortfolioProjection.PROCESSING_GROUP), clock,
                dueSoonDays);
    }

    @Bean
    public NegotiationProjection negotiationProjection() {
        return new NegotiationProjection(database, live(NegotiationProjection.PROCESSING_GROUP));
    }

    @Bean
    public NegotiationQueries negotiationQueries() {
        return new NegotiationQueries(database, live(NegotiationProjection.PROCESSING_GROUP));
    }

    private CollectionNames live(String processingGroup) {
        return collections.live(processingGroup);
    }
}
