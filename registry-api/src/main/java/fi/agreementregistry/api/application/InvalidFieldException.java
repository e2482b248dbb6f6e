package fi.agreementregistry.api.application;

/** One field of a request is wrong in a way that only the registry's data can tell (e.g. an unknown party). */
public class InvalidFieldException extends RuntimeException {

    private final String field;

    public InvalidFieldException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
