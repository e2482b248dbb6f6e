package fi.agreementregistry.core.agreement;

import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.core.review.ReviewPolicy;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;
import java.util.List;

/**
 * Starts a new agreement in DRAFT with version 1 of its principles; {@code reviewPolicy} (optional) makes
 * the registry schedule its reviews; {@code draftedOn} (optional, not after today, default today) dates a
 * draft recorded later, e.g. when importing an agreement's history.
 */
public record DraftAgreement(@TargetAggregateIdentifier AgreementId agreementId,
                             String title,
                             AgreementKind kind,
                             String region,
                             CouncilTerm councilTerm,
                             List<PartyId> parties,
                             List<String> principles,
                             List<String> goals,
                             List<Forum> forums,
                             ReviewPolicy reviewPolicy,
                             LocalDate draftedOn) {

    /** A draft without a review policy: reviews are scheduled by hand only. */
    public DraftAgreement(AgreementId agreementId, String title, AgreementKind kind, String region,
                          CouncilTerm councilTerm, List<PartyId> parties, List<String> principles, List<String> goals,
                          List<Forum> forums) {
        this(agreementId, title, kind, region, councilTerm, parties, principles, goals, forums, null, null);
    }
}
