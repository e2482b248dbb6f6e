package fi.agreementregistry.projections.party;

import fi.agreementregistry.core.party.PartyId;

import java.time.LocalDate;

/** The agreements a party belongs to, answered with {@link PartyPortfolio}; reviews are due as of {@code asOf} (null: today). */
public record FindPartyPortfolio(PartyId party, LocalDate asOf) {
}
