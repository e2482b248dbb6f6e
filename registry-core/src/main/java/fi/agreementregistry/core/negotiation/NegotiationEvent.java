package fi.agreementregistry.core.negotiation;

import java.time.LocalDate;

/** Every event of a negotiation names it and carries its business date (the day it happened). */
public interface NegotiationEvent {

    NegotiationId negotiationId();

    LocalDate effectiveOn();
}
