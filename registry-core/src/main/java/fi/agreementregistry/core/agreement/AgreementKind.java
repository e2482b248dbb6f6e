package fi.agreementregistry.core.agreement;

/** puitesopimus, yhteistyöpöytäkirja, neuvottelumuistio. */
public enum AgreementKind {
    FRAMEWORK_AGREEMENT,
    COOPERATION_PROTOCOL,
    NEGOTIATION_RECORD
}
