package fi.agreementregistry.core;

/** A typed value refused its input; the message says what a valid value looks like. */
public class InvalidValueException extends IllegalArgumentException {

    public InvalidValueException(String message) {
        super(message);
    }
}
