package fi.agreementregistry.api.storage.eventstore;

/** An event storage engine that can tell the position of its last stored event cheaply, without a head token. */
public interface HeadPosition {

    /** The global position of the last stored event (or tombstone), -1 when the store is empty. */
    long lastStoredPosition();
}
