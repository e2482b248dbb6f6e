package fi.agreementregistry.projections.rebuild;

import com.mongodb.client.MongoDatabase;
import fi.agreementregistry.projections.agreement.AgreementSummaryProjection;
import fi.agreementregistry.projections.history.AgreementHistoryProjection;
import fi.agreementregistry.projections.notification.ReviewDueNotifier;
import fi.agreementregistry.projections.negotiation.NegotiationProjection;
import fi.agreementregistry.projections.party.PartyPortfolioProjection;
import fi.agreementregistry.projections.review.ReviewDeadlineProjection;
import fi.agreementregistry.projections.support.CollectionNames;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The processing groups an administrator can rebuild: the base names of their collections and how to make a
 * handler instance that writes into a given generation's collections (a second instance of the same class, so
 * the rebuild runs exactly the code the live processor runs).
 */
@Component
public class ReplayableGroups {

    /** @param collections empty for a group with side effects only (nothing to switch) */
    public record Group(String name, List<String> collections, Function<CollectionNames, Object> handlerFor) {
    }

    private final Map<String, Group> groups = new LinkedHashMap<>();

    public ReplayableGroups(MongoDatabase database) {
        add(new Group(AgreementSummaryProjection.PROCESSING_GROUP, AgreementSummaryProjection.COLLECTIONS,
                names -> new AgreementSummaryProjection(database, names)));
        add(new Group(AgreementHistoryProjection.PROCESSING_GROUP, AgreementHistoryProjection.COLLECTIONS,
                names -> new AgreementHistoryProjection(database, names)));
        add(new Group(ReviewDeadlineProjection.PROCESSING_GROUP, ReviewDeadlineProjection.COLLECTIONS,
                names -> new ReviewDeadlineProjection(database, names)));
        add(new Group(PartyPortfolioProjection.PROCESSING_GROUP, PartyPortfolioProjection.COLLECTIONS,
                names -> new PartyPortfolioProjection(database, names)));
        add(new Group(NegotiationProjection.PROCESSING_GROUP, NegotiationProjection.COLLECTIONS,
                names -> new NegotiationProjection(database, names)));
        add(new Group(ReviewDueNotifier.PROCESSING_GROUP, List.of(), names -> new ReviewDueNotifier(database)));
    }

    private void add(Group group) {
        groups.put(group.name(), group);
    }

    public Optional<Group> find(String name) {
        return Optional.ofNullable(groups.get(name));
    }

    public List<Group> all() {
        return List.copyOf(groups.values());
    }
}
