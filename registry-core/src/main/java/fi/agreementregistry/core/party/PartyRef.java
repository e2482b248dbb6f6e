package fi.agreementregistry.core.party;

/** A party as an event records it: its id and its name at the time, so an auditor needs nothing else. */
public record PartyRef(PartyId id, String name) {
}
