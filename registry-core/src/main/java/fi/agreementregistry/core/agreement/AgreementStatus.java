package fi.agreementregistry.core.agreement;

public enum AgreementStatus {
    DRAFT,
    IN_FORCE,
    SUPERSEDED,
    TERMINATED;

    public boolean isEnded() {
        return this == SUPERSEDED || this == TERMINATED;
    }
}
