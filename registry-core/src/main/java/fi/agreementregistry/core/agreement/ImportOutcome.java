package fi.agreementregistry.core.agreement;

import java.time.LocalDate;

/**
 * What an imported agreement became: its status and text version after the last step, the day it entered into force
 * (null if it did not), and the sequence of its last event.
 */
public record ImportOutcome(AgreementStatus status, int version, LocalDate enteredIntoForceOn, long aggregateSequence) {
}
