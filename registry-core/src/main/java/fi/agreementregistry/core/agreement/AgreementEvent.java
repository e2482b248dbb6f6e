package fi.agreementregistry.core.agreement;

import java.time.LocalDate;

/**
 * Every event of an agreement names the agreement and carries its business date: the day the
 * decision, signature or review happened, which may be years before the event was recorded.
 */
public interface AgreementEvent {

    AgreementId agreementId();

    LocalDate effectiveOn();
}
