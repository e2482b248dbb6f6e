package fi.agreementregistry.api.application;

/** The client's If-Match names a state of the agreement that is no longer current. */
public class PreconditionFailedException extends RuntimeException {

    public PreconditionFailedException(String message) {
        super(message);
    }
}
