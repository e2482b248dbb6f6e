package fi.agreementregistry.core.review;

import fi.agreementregistry.core.agreement.AgreementEvent;
import fi.agreementregistry.core.agreement.AgreementId;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;

@Revision("1")
public record ReviewCompleted(AgreementId agreementId,
                              ReviewId reviewId,
                              LocalDate completedOn,
                              ReviewOutcome outcome,
                              String minutesReference) implements AgreementEvent {

    @Override
    public LocalDate effectiveOn() {
        return completedOn;
    }
}
