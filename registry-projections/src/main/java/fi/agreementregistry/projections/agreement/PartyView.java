package fi.agreementregistry.projections.agreement;

/** A party of an agreement with its approval and signature of the agreement's current version, each null when missing. */
public record PartyView(String partyId, String name, ApprovalView approval, SignatureView signature) {
}
