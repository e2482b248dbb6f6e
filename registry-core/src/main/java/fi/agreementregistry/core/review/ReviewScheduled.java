package fi.agreementregistry.core.review;

import fi.agreementregistry.core.agreement.AgreementEvent;
import fi.agreementregistry.core.agreement.AgreementId;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;

@Revision("1")
public record ReviewScheduled(AgreementId agreementId,
                              ReviewId reviewId,
                              LocalDate dueBy,
                              String kind,
                              String responsibleBody,
                              String reason,
                              LocalDate scheduledOn) implements AgreementEvent {

    @Override
    public LocalDate effectiveOn() {
        return scheduledOn;
    }
}
