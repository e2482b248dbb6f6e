package fi.agreementregistry.api.web;

import fi.agreementregistry.api.application.Refusal;
import fi.agreementregistry.core.BusinessRuleViolation;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.context.MessageSource;

import java.lang.annotation.Annotation;
import java.util.Locale;

/**
 * What is wrong with a field of a form, as the page shows it: {@code title} in the page's language (a broken rule by
 * its name in words, {@code problem.*}; a missing or too long value; a refusal by its kind), and {@code detail}, the
 * registry's own explanation with the values concerned, which is in English (the API's words): the page marks it so
 * ({@code lang="en"}). Null when there is none.
 */
public record FormProblem(String title, String detail) implements java.io.Serializable {

    static FormProblem of(MessageSource messages, Locale locale, String titleKey, String detail) {
        return new FormProblem(messages.getMessage(titleKey, null, titleKey, locale), detail);
    }

    /** A refusal of the application layer or the aggregate ({@link Refusal}). */
    static FormProblem of(Refusal refusal, MessageSource messages, Locale locale) {
        String detail = refusal.cause().getMessage();
        if (refusal.cause() instanceof BusinessRuleViolation violation) {
            return of(messages, locale, "problem." + violation.rule(), detail);
        }
        return of(messages, locale, switch (refusal.kind()) {
            case INVALID -> "form.invalid";
            case FORBIDDEN -> "error.forbidden";
            case NOT_FOUND -> "error.notFound";
            case CONFLICT -> "problem.conflict";
            case PRECONDITION_FAILED -> "problem.stale";
        }, detail);
    }

    /** A value the request's own rules refuse (Bean Validation): missing, too long, or not of the right form. */
    static FormProblem of(ConstraintViolation<?> violation, MessageSource messages, Locale locale) {
        Class<? extends Annotation> constraint = violation.getConstraintDescriptor().getAnnotation().annotationType();
        String key = constraint == NotBlank.class || constraint == NotNull.class || constraint == NotEmpty.class
                ? "form.missing" : constraint == Size.class ? "form.tooLong"
                : constraint == Email.class ? "form.invalidEmail" : "form.invalid";
        return of(messages, locale, key, violation.getMessage());
    }
}
