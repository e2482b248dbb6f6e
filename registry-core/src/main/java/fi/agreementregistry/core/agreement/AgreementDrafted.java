package fi.agreementregistry.core.agreement;

import fi.agreementregistry.core.party.PartyRef;
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
                               LocalDate draftedOn) implements AgreementEvent {

    @Override
    public LocalDate effectiveOn() {
        return draftedOn;
    }
}
