package fi.agreementregistry.api.application.requests;

import fi.agreementregistry.core.party.PartyId;
import jakarta.validation.constraints.NotNull;

public record PartyRequest(@NotNull PartyId partyId) {
}
