package fi.agreementregistry.core.agreement;

import fi.agreementregistry.core.party.PartyRef;
import fi.agreementregistry.core.review.ReviewPolicy;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;
import java.util.List;

@Revision("1")
public record AgreementDrafted(AgreementId agreementId,
                               String title,
                               AgreementKind kind,
                               String region,
                               CouncilTerm councilTerm,
                               List<PartyRef> parties,
                               List<Principle> principles,
                               List<String> goals,
                               List<Forum> forums,
                               int version,
                               LocalDate draftedOn,
                               ReviewPolicy reviewPolicy) implements AgreementEvent {

    /**
     * An agreement drafted without a review policy. Events stored before the policy existed have no
     * {@code reviewPolicy} field and read back with null, so the revision stays 1 (no upcaster needed).
     */
    public AgreementDrafted(AgreementId agreementId, String title, AgreementKind kind, String region,
                            CouncilTerm councilTerm, List<PartyRef> parties, List<Principle> principles,
                            List<String> goals, List<Forum> forums, int version, LocalDate draftedOn) {
        this(agreementId, title, kind, region, councilTerm, parties, principles, goals, forums, version, draftedOn,
                null);
    }

    @Override
    public LocalDate effectiveOn() {
        return draftedOn;
    }
}
