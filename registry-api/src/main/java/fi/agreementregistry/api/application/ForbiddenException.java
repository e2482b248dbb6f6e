package fi.agreementregistry.api.application;

/** The signed-in user's role allows the endpoint, but not for this party or agreement. */
public class ForbiddenException extends RuntimeException {

    public ForbiddenException(String message) {
        super(message);
    }
}
