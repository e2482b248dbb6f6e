package fi.agreementregistry.projections.processors;

/**
 * An event storage engine that can tell the position of its last stored event cheaply, without a head token (which
 * also lists every missing number below it). The read side asks it for every lag it reports; registry-api's storage
 * engine implements it. Without one, {@link EventProcessorStatus} falls back to Axon's head token.
 */
public interface HeadPosition {

    /** The global position of the last stored event (or tombstone), -1 when the store is empty. */
    long lastStoredPosition();
}
