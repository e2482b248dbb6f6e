package fi.agreementregistry.api.rest;

import fi.agreementregistry.api.application.ForbiddenException;
import fi.agreementregistry.api.application.InvalidFieldException;
import fi.agreementregistry.api.application.NotFoundException;
import fi.agreementregistry.api.application.PreconditionFailedException;
import fi.agreementregistry.api.application.Refusal;
import fi.agreementregistry.api.application.imports.AgreementImports;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import fi.agreementregistry.api.http.RequestTooLargeException;
import fi.agreementregistry.core.BusinessRuleViolation;
import fi.agreementregistry.core.InvalidValueException;
import fi.agreementregistry.core.negotiation.NegotiationRule;
import fi.agreementregistry.core.agreement.CouncilTerm;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.core.party.UnknownPartyException;
import fi.agreementregistry.projections.rebuild.ProjectionReplays;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingModificationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.NonNull;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Every error leaves as RFC 9457 problem details: 400 invalid input (naming each bad field),
 * 404 unknown agreement, 409 a broken rule (the {@code type} names the rule) or a concurrent change,
 * 412 a stale If-Match. Nothing a client sends should surface as a 500.
 */
@ConditionalOnWebApplication
@RestControllerAdvice
public class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    static URI type(String name) {
        return URI.create("/problems/" + name);
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type(type));
        problem.setTitle(title);
        return problem;
    }

    private static ProblemDetail invalid(String detail, List<Map<String, String>> errors) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail);
        problem.setProperty("errors", errors);
        return problem;
    }

    private static Map<String, String> fieldError(String field, String message) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("field", field);
        error.put("message", message);
        return error;
    }

    @ExceptionHandler(BusinessRuleViolation.class)
    ProblemDetail ruleViolated(BusinessRuleViolation e) {
        Refusal refusal = Refusal.of(e, "").orElseThrow();
        HttpStatus status = HttpStatus.valueOf(refusal.kind().status());
        boolean negotiation = NegotiationRule.find(e.rule()).isPresent();
        ProblemDetail problem = problem(status, e.rule(), negotiation
                        ? "The negotiation's rules do not allow this" : "The agreement's rules do not allow this",
                e.getMessage());
        problem.setProperty("rule", e.rule());
        if (negotiation && !refusal.field().isEmpty()) {
            // A negotiation's rule about one field names it, as a 400 does.
            problem.setProperty("errors", List.of(fieldError(refusal.field(), e.getMessage())));
        }
        return problem;
    }

    @ExceptionHandler(UnknownPartyException.class)
    ProblemDetail unknownParty(UnknownPartyException e) {
        String detail = "There is no party " + e.partyId() + " in the party directory.";
        ProblemDetail problem = invalid(detail, List.of(fieldError("parties", detail)));
        problem.setType(type("unknown-party"));
        problem.setProperty("partyId", e.partyId().value());
        return problem;
    }

    @ExceptionHandler(InvalidValueException.class)
    ProblemDetail invalidValue(InvalidValueException e) {
        return invalid(e.getMessage(), List.of(fieldError("body", e.getMessage())));
    }

    @ExceptionHandler(InvalidFieldException.class)
    ProblemDetail invalidField(InvalidFieldException e) {
        return invalid(e.getMessage(), List.of(fieldError(e.field(), e.getMessage())));
    }

    @ExceptionHandler({NotFoundException.class, AggregateNotFoundException.class})
    ProblemDetail notFound(RuntimeException e) {
        String detail = e instanceof NotFoundException ? e.getMessage() : "There is no such agreement.";
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", detail);
    }

    @ExceptionHandler(ProjectionReplays.UnknownProcessor.class)
    ProblemDetail unknownProcessor(ProjectionReplays.UnknownProcessor e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
    }

    @ExceptionHandler(ProjectionReplays.NothingToRebuild.class)
    ProblemDetail nothingToRebuild(ProjectionReplays.NothingToRebuild e) {
        return problem(HttpStatus.CONFLICT, "nothing-to-rebuild", "This processor cannot be replayed", e.getMessage());
    }

    @ExceptionHandler(ProjectionReplays.ReplayAlreadyRunning.class)
    ProblemDetail replayAlreadyRunning(ProjectionReplays.ReplayAlreadyRunning e) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "replay-running", "A replay is already running",
                e.getMessage());
        problem.setProperty("replay", "/api/admin/replays/" + e.replayId());
        return problem;
    }

    /** An import file that is no JSON or breaks the import schema: every error, by agreement and field. */
    @ExceptionHandler(AgreementImports.InvalidFile.class)
    ProblemDetail invalidImportFile(AgreementImports.InvalidFile e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-import-file",
                "The file does not follow the import format", e.getMessage());
        problem.setProperty("errors", e.errors());
        return problem;
    }

    /** A real import that found problems stored nothing: the report, with every problem by agreement and field. */
    @ExceptionHandler(AgreementImports.Refused.class)
    ProblemDetail importRefused(AgreementImports.Refused e) {
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_ENTITY, "import-refused",
                "Nothing was imported", e.getMessage());
        problem.setProperty("problems", e.report().problems());
        problem.setProperty("agreements", e.report().agreements());
        return problem;
    }

    /** Spring Security's firewall refused a parameter or path (e.g. control characters in a name). */
    @ExceptionHandler(RequestRejectedException.class)
    ProblemDetail rejected(RequestRejectedException e) {
        return invalid(e.getMessage(), List.of(fieldError("request", e.getMessage())));
    }

    @ExceptionHandler(ForbiddenException.class)
    ProblemDetail forbidden(ForbiddenException e) {
        return problem(HttpStatus.FORBIDDEN, "forbidden", "Not allowed for your party", e.getMessage());
    }

    @ExceptionHandler(PreconditionFailedException.class)
    ProblemDetail preconditionFailed(PreconditionFailedException e) {
        return problem(HttpStatus.PRECONDITION_FAILED, "stale-etag", "The " + e.subject() + " has changed",
                e.getMessage());
    }

    /**
     * A conflicting version that reached here without {@code AgreementCommands} turning it into a 412 with both
     * sequences (a command sent some other way): the same answer, worded without them.
     */
    @ExceptionHandler(ConflictingModificationException.class)
    ProblemDetail conflictingVersion(ConflictingModificationException e) {
        return problem(HttpStatus.PRECONDITION_FAILED, "stale-etag", "The agreement has changed",
                "Someone changed the agreement at the same moment; reload it and try again.");
    }

    @ExceptionHandler({ConcurrencyException.class, AggregateStreamCreationException.class})
    ProblemDetail concurrentChange(RuntimeException e) {
        return problem(HttpStatus.CONFLICT, "concurrent-change", "Concurrent change",
                "Someone changed the agreement at the same moment; reload it and try again.");
    }

    @ExceptionHandler(CommandExecutionException.class)
    ResponseEntity<Object> commandFailed(CommandExecutionException e, WebRequest request) throws Exception {
        Throwable cause = Refusal.unwrap(e);
        if (cause instanceof Exception exception && cause != e) {
            return handle(exception, request);
        }
        return unexpected(e);
    }

    private ResponseEntity<Object> handle(Exception e, WebRequest request) throws Exception {
        ProblemDetail problem;
        if (e instanceof BusinessRuleViolation v) {
            problem = ruleViolated(v);
        } else if (e instanceof UnknownPartyException u) {
            problem = unknownParty(u);
        } else if (e instanceof InvalidValueException v) {
            problem = invalidValue(v);
        } else if (e instanceof AggregateNotFoundException n) {
            problem = notFound(n);
        } else if (e instanceof ConflictingModificationException c) {
            problem = conflictingVersion(c);
        } else if (e instanceof ConcurrencyException || e instanceof AggregateStreamCreationException) {
            problem = concurrentChange((RuntimeException) e);
        } else {
            return unexpected(e);
        }
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        String message = "'" + e.getValue() + "' is not a valid " + e.getName();
        Class<?> type = e.getRequiredType();
        if (type != null && type.isEnum()) {
            message += "; use one of " + Arrays.toString(type.getEnumConstants());
        } else if (e.getMostSpecificCause() instanceof IllegalArgumentException cause && cause.getMessage() != null) {
            message += ": " + cause.getMessage();
        }
        return invalid(message, List.of(fieldError(e.getName(), message)));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        log.error("Unexpected error", e);
        ProblemDetail problem = problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                "The registry could not complete the request; nothing was changed. The error has been logged.");
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(@NonNull MethodArgumentNotValidException e,
                                                                  @NonNull HttpHeaders headers,
                                                                  @NonNull HttpStatusCode status,
                                                                  @NonNull WebRequest request) {
        List<Map<String, String>> errors = e.getBindingResult().getFieldErrors().stream()
                .map(f -> fieldError(f.getField(), f.getDefaultMessage()))
                .toList();
        String detail = e.getBindingResult().getFieldErrors().stream()
                .map(FieldError::getField).distinct()
                .collect(Collectors.joining(", ", "Please correct: ", "."));
        return ResponseEntity.badRequest().body(invalid(detail, errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(@NonNull HandlerMethodValidationException e,
                                                                            @NonNull HttpHeaders headers,
                                                                            @NonNull HttpStatusCode status,
                                                                            @NonNull WebRequest request) {
        List<Map<String, String>> errors = e.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream()
                        .map(err -> fieldError(r.getMethodParameter().getParameterName(), err.getDefaultMessage())))
                .toList();
        return ResponseEntity.badRequest().body(invalid("Please correct the request parameters.", errors));
    }

    /** Unreadable JSON, or a value Jackson could not turn into its type: name the field and say why. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(@NonNull HttpMessageNotReadableException e,
                                                                  @NonNull HttpHeaders headers,
                                                                  @NonNull HttpStatusCode status,
                                                                  @NonNull WebRequest request) {
        String field = "body";
        String message = "The request body is not valid JSON for this request.";
        if (rootCause(e) instanceof RequestTooLargeException tooLarge) {
            return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body(problem(HttpStatus.PAYLOAD_TOO_LARGE,
                    "request-too-large", "Request too large", tooLarge.getMessage()));
        }
        String duplicate = StrictRequestsConfiguration.duplicateField(e.getCause());
        if (duplicate != null) {
            message = "'" + duplicate + "' is given twice; give each field once";
            return ResponseEntity.badRequest().body(invalid(message, List.of(fieldError(duplicate, message))));
        }
        if (e.getCause() instanceof UnrecognizedPropertyException unknown) {
            field = path(unknown);
            message = "'" + field + "' is not a field of this request";
            if (unknown.getKnownPropertyIds() != null && !unknown.getKnownPropertyIds().isEmpty()) {
                message += "; it takes " + new TreeSet<>(unknown.getKnownPropertyIds().stream().map(String::valueOf).toList());
            }
            return ResponseEntity.badRequest().body(invalid(message, List.of(fieldError(field, message))));
        }
        if (e.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            field = path(mapping);
            message = "'" + field + "' has an invalid value";
            Throwable root = rootCause(mapping);
            if (mapping instanceof InvalidFormatException format && format.getTargetType() != null
                    && format.getTargetType().isEnum()) {
                message += ": use one of " + Arrays.toString(format.getTargetType().getEnumConstants());
            } else if (root instanceof IllegalArgumentException && root.getMessage() != null) {
                message += ": " + root.getMessage();
            } else if (mapping instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
                message += ": expected " + describe(mismatch.getTargetType());
            }
        }
        return ResponseEntity.badRequest().body(invalid(message, List.of(fieldError(field, message))));
    }

    private static String describe(Class<?> type) {
        if (type == java.time.LocalDate.class) {
            return "a date such as 2023-03-13";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (type == CouncilTerm.class) {
            return "two years such as \"2025-2029\"";
        }
        if (type == PartyId.class) {
            return "a party id such as \"municipality:109\"";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (type == String.class) {
            return "text";
        }
        return type.getSimpleName();
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
