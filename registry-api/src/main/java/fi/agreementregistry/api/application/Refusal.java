package fi.agreementregistry.api.application;

import fi.agreementregistry.core.BusinessRuleViolation;
import fi.agreementregistry.core.InvalidValueException;
import fi.agreementregistry.core.agreement.AgreementRule;
import fi.agreementregistry.core.negotiation.NegotiationRule;
import fi.agreementregistry.core.party.UnknownPartyException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingModificationException;

import java.util.Optional;

/**
 * What a refused request means to the person who sent it, decided in one place for every adapter: the REST API
 * answers it with {@link Kind#status}, a form page shows its message beside {@link #field} with the same status.
 * A broken rule's field is looked up by its {@link AgreementRule}, never by matching its name as text.
 *
 * @param kind    what kind of refusal it is (its HTTP status)
 * @param field   the request field it concerns, as the form and the API name it; "" when it concerns the whole request
 * @param cause   the refusal itself (unwrapped from Axon's {@link CommandExecutionException}); its message is the
 *                one the user reads
 */
public record Refusal(Kind kind, String field, RuntimeException cause) {

    /** The kinds of refusal, each with the HTTP status every adapter answers it with. */
    public enum Kind {
        INVALID(400), FORBIDDEN(403), NOT_FOUND(404), CONFLICT(409), PRECONDITION_FAILED(412);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /**
     * The refusal a failure stands for, or empty when it is not one (a fault of the registry, which the adapters
     * let through as a 500).
     *
     * @param dateField the field that holds the business date of the request ({@code meetingDate}, {@code signedOn}),
     *                  where {@code date-in-the-future} and the date-order rules point
     */
    public static Optional<Refusal> of(Throwable failure, String dateField) {
        Throwable e = unwrap(failure);
        if (!(e instanceof RuntimeException refusal)) {
            return Optional.empty();
        }
        Refusal answer;
        if (refusal instanceof BusinessRuleViolation violation) {
            Optional<NegotiationRule> negotiationRule = NegotiationRule.find(violation.rule());
            if (negotiationRule.isPresent()) {
                // A negotiation's rules: a clerk outside it meets it as unknown, as on an agreement.
                NegotiationRule rule = negotiationRule.get();
                answer = new Refusal(rule == NegotiationRule.ACTOR_NOT_A_PARTICIPANT
                        || rule == NegotiationRule.UNKNOWN_MEASURE ? Kind.NOT_FOUND
                        : rule == NegotiationRule.NEGOTIATION_BEFORE_LEGAL_BASIS ? Kind.INVALID : Kind.CONFLICT,
                        fieldOf(rule), refusal);
                return Optional.of(answer);
            }
            AgreementRule rule = AgreementRule.byName(violation.rule());
            answer = new Refusal(rule == AgreementRule.ACTOR_NOT_A_PARTY ? Kind.NOT_FOUND : Kind.CONFLICT,
                    fieldOf(rule, dateField), refusal);
        } else if (refusal instanceof InvalidFieldException invalid) {
            answer = new Refusal(Kind.INVALID, invalid.field(), refusal);
        } else if (refusal instanceof InvalidValueException || refusal instanceof UnknownPartyException) {
            answer = new Refusal(Kind.INVALID, "", refusal);
        } else if (refusal instanceof ForbiddenException) {
            answer = new Refusal(Kind.FORBIDDEN, "", refusal);
        } else if (refusal instanceof NotFoundException || refusal instanceof AggregateNotFoundException) {
            answer = new Refusal(Kind.NOT_FOUND, "", refusal);
        } else if (refusal instanceof PreconditionFailedException
                || refusal instanceof ConflictingModificationException) {
            answer = new Refusal(Kind.PRECONDITION_FAILED, "", refusal);
        } else if (refusal instanceof ConcurrencyException || refusal instanceof AggregateStreamCreationException) {
            answer = new Refusal(Kind.CONFLICT, "", refusal);
        } else {
            return Optional.empty();
        }
        return Optional.of(answer);
    }

    /** The exception a command handler threw, without the wrapper Axon's command bus puts around it. */
    public static Throwable unwrap(Throwable failure) {
        return failure instanceof CommandExecutionException && failure.getCause() != null
                && failure.getCause() != failure ? failure.getCause() : failure;
    }

    /** The request field a negotiation's broken rule concerns ("" when it concerns the negotiation as a whole). */
    static String fieldOf(NegotiationRule rule) {
        return switch (rule) {
            case PARTIES_REQUIRED, PARTY_LISTED_TWICE, PARTY_OUTSIDE_WELFARE_AREA -> "parties";
            case NOT_A_WELFARE_AREA -> "welfareAreaId";
            case NEGOTIATION_BEFORE_LEGAL_BASIS -> "heldOn";
            case MINUTES_DATE_IN_THE_FUTURE, MINUTES_BEFORE_NEGOTIATION -> "minutesReference.meetingDate";
            case RESPONSIBLE_NOT_A_PARTICIPANT -> "responsiblePartyIds";
            case DUE_BEFORE_AGREED -> "dueBy";
            case AGREED_BEFORE_NEGOTIATION -> "agreedOn";
            case STATUS_UNCHANGED, MEASURE_CLOSED -> "status";
            case STATUS_BEFORE_AGREED, STATUS_BEFORE_PREVIOUS -> "on";
            default -> "";
        };
    }

    /** The request field a broken rule concerns ("" when it concerns the agreement as a whole). */
    static String fieldOf(AgreementRule rule, String dateField) {
        return switch (rule) {
            case DATE_IN_THE_FUTURE, APPROVED_BEFORE_PROPOSED, SIGNED_BEFORE_APPROVED, COMPLETED_BEFORE_SCHEDULED,
                 DATED_BEFORE_DRAFT, ENDED_BEFORE_FORCE -> dateField;
            case APPROVAL_DETAILS_REQUIRED -> "decisionBody";
            case SIGNATURE_DETAILS_REQUIRED -> "signatoryName";
            default -> "";
        };
    }
}
