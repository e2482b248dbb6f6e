package fi.agreementregistry.core.party;

/** A command named a party id that the party directory does not list; the API answers 400 naming the id. */
public class UnknownPartyException extends RuntimeException {

    private final PartyId partyId;

    public UnknownPartyException(PartyId partyId) {
        super("The party directory does not list " + partyId + ".");
        this.partyId = partyId;
    }

    public PartyId partyId() {
        return partyId;
    }
}
