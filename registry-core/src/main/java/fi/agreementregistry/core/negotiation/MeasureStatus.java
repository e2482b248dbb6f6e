package fi.agreementregistry.core.negotiation;

/** Where a measure agreed in a negotiation stands; DONE and DROPPED close it. */
public enum MeasureStatus {
    PLANNED, IN_PROGRESS, DONE, DROPPED;

    public boolean isClosed() {
        return this == DONE || this == DROPPED;
    }
}
