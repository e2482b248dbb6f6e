package fi.agreementregistry.core;

/**
 * A command broke a business rule. {@link #rule()} is a stable, kebab-case name of the rule
 * (it becomes the problem {@code type} of the HTTP response); the message says it in a clerk's words.
 */
public class BusinessRuleViolation extends RuntimeException {

    private final String rule;

    public BusinessRuleViolation(String rule, String message) {
        super(message);
        this.rule = rule;
    }

    public String rule() {
        return rule;
    }
}
