package fi.agreementregistry.api.web;

import fi.agreementregistry.api.application.InvalidFieldException;
import fi.agreementregistry.core.InvalidValueException;
import fi.agreementregistry.core.party.PartyId;

/** Filter forms send every field, empty ones as "": that means "any", not an invalid value. */
final class UiParams {

    private UiParams() {
    }

    static PartyId partyId(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return PartyId.of(value.strip());
        } catch (InvalidValueException e) {
            throw new InvalidFieldException("party", e.getMessage());
        }
    }
}
