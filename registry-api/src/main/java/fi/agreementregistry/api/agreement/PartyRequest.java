package fi.agreementregistry.api.agreement;

import fi.agreementregistry.core.party.PartyId;
import jakarta.validation.constraints.NotNull;

public record PartyRequest(@NotNull PartyId partyId) {
}
