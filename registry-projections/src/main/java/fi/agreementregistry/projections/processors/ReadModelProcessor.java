package fi.agreementregistry.projections.processors;

import fi.agreementregistry.projections.agreement.AgreementSummaryProjection;
import fi.agreementregistry.projections.history.AgreementHistoryProjection;
import fi.agreementregistry.projections.negotiation.NegotiationProjection;
import fi.agreementregistry.projections.party.PartyPortfolioProjection;
import fi.agreementregistry.projections.review.ReviewDeadlineProjection;
import org.axonframework.config.ConfigurerModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/**
 * One tracking processor, {@value #NAME}, feeds every read model: each event is read from the store and deserialized
 * once, and handed in one unit of work to the four processing groups' handlers, whose batch writes are flushed before
 * the one token of the batch ({@code support.BatchFlushingTokenStore}). Four processors each reading every event cost
 * four reads, four deserializations and four token writes per batch, and on two cores slowed appends down 2.5 to 3
 * times (docs/performance.md, "One pass"). The processing groups stay: a blue/green rebuild still names them one by
 * one ({@code rebuild.ProjectionReplays}), and each keeps its own generation of collections. The groups with side
 * effects ({@code review-notifications}) and the evidence log keep processors of their own: neither is ever
 * replayed, and neither should wait for the read models or make them wait.
 */
@Configuration(proxyBeanMethods = false)
public class ReadModelProcessor {

    /** The shared processor's name, also its token's name; its settings are under axon.eventhandling.processors. */
    public static final String NAME = "read-models";

    /** The processing groups it serves, in the order their handlers see each event. */
    public static final List<String> GROUPS = List.of(AgreementSummaryProjection.PROCESSING_GROUP,
            AgreementHistoryProjection.PROCESSING_GROUP, ReviewDeadlineProjection.PROCESSING_GROUP,
            PartyPortfolioProjection.PROCESSING_GROUP, NegotiationProjection.PROCESSING_GROUP);

    /**
     * The groups that had processors of their own before this one ({@link ReadModelTokenMigration} takes over from
     * their tokens). The negotiations joined later, with the aggregate whose events only they read: no event of theirs
     * precedes the shared token.
     */
    public static final List<String> FORMERLY_OWN_GROUPS = GROUPS.subList(0, 4);

    @Bean
    public ConfigurerModule readModelsShareOneProcessor() {
        return configurer -> GROUPS.forEach(group -> configurer.eventProcessing().assignProcessingGroup(group, NAME));
    }
}
