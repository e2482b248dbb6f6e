package fi.agreementregistry.api.application;

/**
 * The client's If-Match names a state of the agreement (or of the negotiation, {@link #subject}) that is no longer
 * current.
 */
public class PreconditionFailedException extends RuntimeException {

    private final String subject;

    public PreconditionFailedException(String message) {
        this("agreement", message);
    }

    /** @param subject what changed, in the problem's title: "agreement" or "negotiation" */
    public PreconditionFailedException(String subject, String message) {
        super(message);
        this.subject = subject;
    }

    public String subject() {
        return subject;
    }
}
