package fi.agreementregistry.api.http;

import java.io.IOException;

/** The request body is larger than {@code registry.api.max-request-size}. */
public class RequestTooLargeException extends IOException {

    public RequestTooLargeException(long limit) {
        super("The request body is larger than " + limit + " bytes, the registry's limit.");
    }
}
