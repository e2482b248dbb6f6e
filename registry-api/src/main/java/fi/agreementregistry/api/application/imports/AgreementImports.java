package fi.agreementregistry.api.application.imports;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.agreementregistry.api.application.AdminActions;
import fi.agreementregistry.api.application.AgreementReadModel;
import fi.agreementregistry.api.application.DateWindow;
import fi.agreementregistry.api.application.Refusal;
import fi.agreementregistry.api.application.imports.ImportReport.Outcome;
import fi.agreementregistry.api.application.imports.ImportReport.Problem;
import fi.agreementregistry.api.application.imports.ImportReport.Result;
import fi.agreementregistry.api.security.ActorMetaDataConfiguration;
import fi.agreementregistry.core.InvalidValueException;
import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.core.agreement.AgreementRule;
import fi.agreementregistry.core.agreement.DraftAgreement;
import fi.agreementregistry.core.agreement.Forum;
import fi.agreementregistry.core.agreement.ImportAgreement;
import fi.agreementregistry.core.agreement.ImportNotStored;
import fi.agreementregistry.core.agreement.ImportOutcome;
import fi.agreementregistry.core.agreement.ImportProblem;
import fi.agreementregistry.core.agreement.ImportStep;
import fi.agreementregistry.core.agreement.SupersedeAgreement;
import fi.agreementregistry.core.agreement.TerminateAgreement;
import fi.agreementregistry.core.amendment.AmendPrinciples;
import fi.agreementregistry.core.approval.RecordApproval;
import fi.agreementregistry.core.review.CompleteReview;
import fi.agreementregistry.core.review.ReviewId;
import fi.agreementregistry.core.review.ScheduleReview;
import fi.agreementregistry.core.signature.SignAgreement;
import fi.agreementregistry.core.signature.Signatory;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Imports existing agreements with their whole past (issue 17, docs/import.md), for every adapter (REST API, admin
 * page, terminal). A file is checked in three layers, each naming every problem it finds by agreement and field (a
 * JSON pointer into the file): the JSON Schema (a file that breaks it is refused as a whole, {@link InvalidFile});
 * the API's own request rules (text, sizes, the window of business dates, keys given twice, the successor of a
 * supersession); and the Agreement's rules, by sending each agreement as one {@link ImportAgreement} that only checks
 * ({@code checkOnly}: its unit of work is rolled back).
 * <p>
 * A dry run stops there and reports. A real run stores nothing if any agreement has a problem ({@link Refused}), so
 * a file is fixed and sent again rather than half imported; otherwise it sends each agreement once more, now to be
 * stored: every event of an agreement in one append (whole or not at all), with the file's business dates, the
 * signed-in administrator as actor and, in the metadata, {@code source: import}, the file's name, the agreement's
 * position and key. The agreement's id derives from its key, so importing the same file again stores nothing new and
 * says so ({@link Outcome#ALREADY_IMPORTED}). A real run is recorded in the admin log.
 */
@Service
public class AgreementImports {

    /** An index in a validator's property path ({@code agreements[3]}), and an agreement's in a JSON pointer. */
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");
    private static final Pattern AGREEMENT_INDEX = Pattern.compile("^/agreements/(\\d+)");

    /** The file broke the JSON Schema, or is no JSON at all: 400, nothing checked further. */
    public static final class InvalidFile extends RuntimeException {
        private final List<Problem> errors;

        InvalidFile(String message, List<Problem> errors) {
            super(message);
            this.errors = List.copyOf(errors);
        }

        public List<Problem> errors() {
            return errors;
        }
    }

    /** A real run found problems: the report says what and where, and how many were stored before a late refusal. */
    public static final class Refused extends RuntimeException {
        private final ImportReport report;

        Refused(ImportReport report) {
            super(report.problems().size() + " problem(s) in " + report.fileName() + "; "
                    + (report.stored() == 0 ? "nothing was stored" : "only " + report.stored() + " agreement(s) were "
                    + "stored, each whole, before the registry's state changed")
                    + ". Fix them and import the file again (a dry run checks it without storing; agreements imported"
                    + " already are recognised by their key).");
            this.report = report;
        }

        public ImportReport report() {
            return report;
        }
    }

    /** Told of each agreement checked ("check") and stored ("store"), for a progress bar. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (phase, done, total) -> {
        };

        void advanced(String phase, int done, int total);
    }

    private static final Set<AgreementRule> DATE_RULES = Set.of(AgreementRule.DATE_IN_THE_FUTURE,
            AgreementRule.APPROVED_BEFORE_PROPOSED, AgreementRule.SIGNED_BEFORE_APPROVED,
            AgreementRule.COMPLETED_BEFORE_SCHEDULED, AgreementRule.DATED_BEFORE_DRAFT,
            AgreementRule.ENDED_BEFORE_FORCE);

    private final ObjectMapper objectMapper;
    private final Validator validator;
    private final ImportSchema schema;
    private final CommandGateway commandGateway;
    private final EventStore eventStore;
    private final AgreementReadModel readModel;
    private final DateWindow dates;
    private final AdminActions actions;

    public AgreementImports(ObjectMapper objectMapper, Validator validator, ImportSchema schema,
                            CommandGateway commandGateway, EventStore eventStore, AgreementReadModel readModel,
                            DateWindow dates, AdminActions actions) {
        this.objectMapper = objectMapper;
        this.validator = validator;
        this.schema = schema;
        this.commandGateway = commandGateway;
        this.eventStore = eventStore;
        this.readModel = readModel;
        this.dates = dates;
        this.actions = actions;
    }

    /** The registry's id for the agreement with this key: the same key gives the same id in every registry. */
    public static AgreementId agreementIdFor(String key) {
        return AgreementId.of("import-" + UUID.nameUUIDFromBytes(("agreement-registry-import:" + key)
                .getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Checks the file and, unless {@code dryRun}, stores its agreements.
     *
     * @throws InvalidFile the file is not JSON or breaks the schema
     * @throws Refused     a real run found problems; nothing was stored, unless the registry changed during the run
     *                     (then {@code stored} says how many were)
     */
    public ImportReport importFile(byte[] content, String fileName, boolean dryRun, Progress progress) {
        String name = fileName == null || fileName.isBlank() ? "import.json" : fileName.strip();
        JsonNode tree = parse(content);
        List<ImportSchema.Violation> violations = schema.validate(tree);
        if (!violations.isEmpty()) {
            throw new InvalidFile("The file does not follow the import format (docs/import.md): "
                    + violations.size() + " error(s).", violations.stream()
                    .map(v -> new Problem(agreementAt(tree, v.pointer()), v.pointer(), v.message())).toList());
        }
        ImportFile file = bind(tree);
        List<Entry> entries = new ArrayList<>();
        Map<String, Integer> keys = new HashMap<>();
        for (int i = 0; i < file.agreements().size(); i++) {
            ImportFile.Entry entry = file.agreements().get(i);
            Entry checked = new Entry(i, entry);
            Integer earlier = keys.putIfAbsent(entry.key(), i);
            if (earlier != null) {
                checked.problem("/key", "The key " + entry.key() + " is also the key of agreement "
                        + (earlier + 1) + " of this file; every agreement needs its own key.");
            }
            entries.add(checked);
        }
        for (ConstraintViolation<ImportFile> violation : validator.validate(file)) {
            String pointer = pointer(violation.getPropertyPath().toString());
            int index = agreementIndex(pointer);
            if (index >= 0) {
                entries.get(index).problems.add(new Problem(entries.get(index).label(), pointer,
                        "'" + lastName(pointer) + "' " + violation.getMessage()));
            }
        }
        int checkedCount = 0;
        for (Entry entry : entries) {
            if (eventStore.lastSequenceNumberFor(entry.id.value()).isPresent()) {
                entry.outcome = Outcome.ALREADY_IMPORTED;
                entry.problems.clear();
            } else {
                checkDates(entry);
                check(entry, keys);
            }
            progress.advanced("check", ++checkedCount, entries.size());
        }
        boolean anyProblem = entries.stream().anyMatch(e -> !e.problems.isEmpty());
        if (dryRun) {
            return report(name, true, entries, anyProblem);
        }
        if (anyProblem) {
            ImportReport refused = report(name, false, entries, true);
            record(name, refused);
            throw new Refused(refused);
        }
        int stored = 0;
        int toStore = (int) entries.stream().filter(e -> e.outcome == null).count();
        for (Entry entry : entries) {
            if (entry.outcome != null) {
                continue;
            }
            store(entry, name, keys);
            progress.advanced("store", ++stored, toStore);
        }
        boolean refusedLate = entries.stream().anyMatch(e -> !e.problems.isEmpty());
        ImportReport report = report(name, false, entries, refusedLate);
        record(name, report);
        if (refusedLate) {
            throw new Refused(report);
        }
        return report;
    }

    // ---- the file ---------------------------------------------------------------------------------

    private JsonNode parse(byte[] content) {
        if (content == null || new String(content, StandardCharsets.UTF_8).isBlank()) {
            throw new InvalidFile("The file is empty.", List.of(new Problem("", "",
                    "The file is empty; it should hold {\"agreements\": [...]} (docs/import.md).")));
        }
        try {
            return objectMapper.readTree(content);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            String message = "The file is not valid JSON" + where + ": " + e.getOriginalMessage();
            throw new InvalidFile(message, List.of(new Problem("", "", message)));
        } catch (IOException e) {
            throw new InvalidFile("The file could not be read.", List.of(new Problem("", "", e.getMessage())));
        }
    }

    /** Approvals and signatures name version 1 unless they say otherwise. */
    private ImportFile bind(JsonNode tree) {
        JsonNode withDefaults = tree.deepCopy();
        for (JsonNode agreement : withDefaults.path("agreements")) {
            for (String list : List.of("approvals", "signatures")) {
                for (JsonNode step : agreement.path(list)) {
                    if (step instanceof ObjectNode object && !object.has("version")) {
                        object.put("version", 1);
                    }
                }
            }
        }
        try {
            return objectMapper.treeToValue(withDefaults, ImportFile.class);
        } catch (JsonMappingException e) {
            StringBuilder pointer = new StringBuilder();
            for (JsonMappingException.Reference ref : e.getPath()) {
                pointer.append('/').append(ref.getFieldName() != null ? ref.getFieldName() : ref.getIndex());
            }
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String why = root instanceof InvalidValueException || root instanceof IllegalArgumentException
                    ? root.getMessage() : e.getOriginalMessage();
            String at = pointer.toString();
            throw new InvalidFile("The file does not follow the import format (docs/import.md): 1 error.",
                    List.of(new Problem(agreementAt(tree, at), at, "'" + lastName(at) + "' has an invalid value: "
                            + why)));
        } catch (JsonProcessingException e) {
            throw new InvalidFile("The file could not be read.", List.of(new Problem("", "", e.getOriginalMessage())));
        }
    }

    /** Every business date in the registry's window, like every API request (DateWindow). */
    private void checkDates(Entry entry) {
        ImportFile.Entry e = entry.entry;
        date(entry, "/draftedOn", e.draftedOn());
        each(e.amendments(), (i, a) -> date(entry, "/amendments/" + i + "/proposedOn", a.proposedOn()));
        each(e.approvals(), (i, a) -> date(entry, "/approvals/" + i + "/meetingDate", a.meetingDate()));
        each(e.signatures(), (i, s) -> date(entry, "/signatures/" + i + "/signedOn", s.signedOn()));
        each(e.reviews(), (i, r) -> {
            date(entry, "/reviews/" + i + "/dueBy", r.dueBy());
            date(entry, "/reviews/" + i + "/scheduledOn", r.scheduledOn());
            if (r.completion() != null) {
                date(entry, "/reviews/" + i + "/completion/completedOn", r.completion().completedOn());
            }
        });
        if (e.supersededBy() != null) {
            date(entry, "/supersededBy/supersededOn", e.supersededBy().supersededOn());
        }
        if (e.terminated() != null) {
            date(entry, "/terminated/terminatedOn", e.terminated().terminatedOn());
        }
    }

    private void date(Entry entry, String field, LocalDate date) {
        if (date != null && !dates.contains(date)) {
            entry.problem(field, "The date " + date + " is outside the dates the registry takes (" + dates.earliest()
                    + " to " + dates.latest() + ").");
        }
    }

    private interface Indexed<T> {
        void accept(int index, T item);
    }

    private static <T> void each(List<T> items, Indexed<T> action) {
        if (items != null) {
            for (int i = 0; i < items.size(); i++) {
                action.accept(i, items.get(i));
            }
        }
    }

    // ---- the Agreement's rules ----------------------------------------------------------------------

    /** Runs the agreement's whole history through the aggregate without storing it, and notes what it refused. */
    private void check(Entry entry, Map<String, Integer> keys) {
        try {
            commandGateway.sendAndWait(command(entry, keys, true));
            throw new IllegalStateException("a check-only import stored " + entry.id);
        } catch (RuntimeException e) {
            if (!(Refusal.unwrap(e) instanceof ImportNotStored notStored)) {
                throw e;
            }
            notStored.problems().forEach(problem -> entry.problems.add(describe(entry, problem)));
            entry.checked = notStored.outcome();
        }
    }

    private void store(Entry entry, String fileName, Map<String, Integer> keys) {
        Map<String, Object> metaData = new LinkedHashMap<>();
        metaData.put(ActorMetaDataConfiguration.SOURCE, ActorMetaDataConfiguration.SOURCE_IMPORT);
        metaData.put(ActorMetaDataConfiguration.IMPORT_FILE, fileName);
        metaData.put(ActorMetaDataConfiguration.IMPORT_POSITION, entry.index + 1);
        metaData.put(ActorMetaDataConfiguration.IMPORT_KEY, entry.entry.key());
        ImportOutcome outcome;
        try {
            outcome = commandGateway.sendAndWait(
                    GenericCommandMessage.asCommandMessage(command(entry, keys, false)).andMetaData(metaData));
        } catch (RuntimeException e) {
            if (Refusal.unwrap(e) instanceof ImportNotStored notStored) {
                // The registry's state changed since the check (another import, a new day): stored nothing of it.
                notStored.problems().forEach(problem -> entry.problems.add(describe(entry, problem)));
                return;
            }
            if (eventStore.lastSequenceNumberFor(entry.id.value()).isPresent()) {
                // Another import of the same key was faster.
                entry.outcome = Outcome.ALREADY_IMPORTED;
                return;
            }
            throw e;
        }
        readModel.awaitApplied(entry.id, outcome.aggregateSequence());
        entry.checked = outcome;
        entry.outcome = Outcome.IMPORTED;
    }

    private ImportAgreement command(Entry entry, Map<String, Integer> keys, boolean checkOnly) {
        ImportFile.Entry e = entry.entry;
        AgreementId id = entry.id;
        DraftAgreement draft = new DraftAgreement(id, e.title(), e.kind(), e.region(), e.councilTerm(), e.parties(),
                orEmpty(e.principles()), orEmpty(e.goals()),
                orEmpty(e.forums()).stream().map(f -> new Forum(f.name(), f.level())).toList(),
                e.reviewPolicy(), e.draftedOn());
        List<ImportStep> steps = new ArrayList<>();
        each(e.amendments(), (i, a) -> steps.add(ImportStep.of("amendments", i,
                new AmendPrinciples(id, a.principles(), a.rationale(), a.proposedOn(), null))));
        each(e.approvals(), (i, a) -> steps.add(ImportStep.of("approvals", i,
                new RecordApproval(id, a.partyId(), a.version(), a.decisionBody(), a.meetingDate(), a.section(),
                        a.diaryNumber(), a.decisionText(), null))));
        each(e.signatures(), (i, s) -> steps.add(ImportStep.of("signatures", i,
                new SignAgreement(id, s.partyId(), s.version(), new Signatory(s.signatory().name(),
                        s.signatory().title()), s.signedOn(), null))));
        each(e.reviews(), (i, r) -> {
            if (Boolean.TRUE.equals(r.underPolicy())) {
                // The registry scheduled it under the policy; the aggregate completes the one open at that date.
                steps.add(ImportStep.of("reviewCompletions", i, new CompleteReview(id, null,
                        r.completion().completedOn(), r.completion().outcome(), r.completion().minutesReference(),
                        null)));
                return;
            }
            ReviewId reviewId = ReviewId.of(r.id() != null ? r.id() : "review-" + (i + 1));
            steps.add(ImportStep.of("reviews", i, new ScheduleReview(id, reviewId, r.dueBy(), r.kind(),
                    r.responsibleBody(), r.reason(), r.scheduledOn(), null)));
            if (r.completion() != null) {
                steps.add(ImportStep.of("reviewCompletions", i, new CompleteReview(id, reviewId,
                        r.completion().completedOn(), r.completion().outcome(), r.completion().minutesReference(),
                        null)));
            }
        });
        if (e.supersededBy() != null) {
            AgreementId successor = successor(entry, e.supersededBy().agreement(), keys);
            if (successor != null) {
                steps.add(ImportStep.of("supersededBy", 0,
                        new SupersedeAgreement(id, successor, e.supersededBy().supersededOn(), null)));
            }
        }
        if (e.terminated() != null) {
            steps.add(ImportStep.of("terminated", 0,
                    new TerminateAgreement(id, e.terminated().terminatedOn(), e.terminated().reason(), null)));
        }
        return new ImportAgreement(id, draft, steps, checkOnly);
    }

    /**
     * The agreement that replaced this one: another of this file or of an earlier import (by key), or one already in
     * the registry (by id); null, and a problem noted, when there is none.
     */
    private AgreementId successor(Entry entry, String reference, Map<String, Integer> keys) {
        if (keys.containsKey(reference)) {
            return agreementIdFor(reference);
        }
        AgreementId imported = agreementIdFor(reference);
        if (eventStore.lastSequenceNumberFor(imported.value()).isPresent()) {
            return imported;
        }
        try {
            AgreementId id = AgreementId.of(reference);
            if (eventStore.lastSequenceNumberFor(id.value()).isPresent()) {
                return id;
            }
        } catch (InvalidValueException e) {
            // not an id either
        }
        if (entry.checked == null && entry.problems.stream().noneMatch(p -> p.field().endsWith("/supersededBy/agreement"))) {
            entry.problem("/supersededBy/agreement", "There is no agreement " + reference + " in this file or in the "
                    + "registry to supersede this one; give the key of an agreement of the file, or the id of one in "
                    + "the registry.");
        }
        return null;
    }

    /** A problem the aggregate found, at the field of the file it concerns. */
    private static Problem describe(Entry entry, ImportProblem problem) {
        AgreementRule rule = ruleOf(problem.rule());
        boolean dateRule = rule != null && DATE_RULES.contains(rule);
        int i = problem.index();
        String field = switch (problem.list()) {
            case "draft" -> "unknown-party".equals(problem.rule()) || rule == AgreementRule.AT_LEAST_TWO_PARTIES
                    || rule == AgreementRule.PARTY_LISTED_TWICE ? "/parties"
                    : dateRule ? "/draftedOn" : "";
            case "amendments" -> "/amendments/" + i + (dateRule ? "/proposedOn"
                    : rule == AgreementRule.PRINCIPLES_REQUIRED ? "/principles" : "");
            case "approvals" -> "/approvals/" + i + (dateRule ? "/meetingDate"
                    : rule == AgreementRule.NOT_A_PARTY ? "/partyId"
                    : rule == AgreementRule.VERSION_NOT_OPEN ? "/version" : "");
            case "signatures" -> "/signatures/" + i + (dateRule ? "/signedOn"
                    : rule == AgreementRule.NOT_A_PARTY ? "/partyId"
                    : rule == AgreementRule.VERSION_NOT_OPEN ? "/version"
                    : rule == AgreementRule.SIGNATURE_DETAILS_REQUIRED ? "/signatory/name" : "");
            case "reviews" -> "/reviews/" + i + (dateRule ? "/scheduledOn"
                    : rule == AgreementRule.REVIEW_ID_TAKEN ? "/id"
                    : rule == AgreementRule.REVIEW_UNDER_POLICY ? "/kind" : "");
            case "reviewCompletions" -> "/reviews/" + i + "/completion" + (dateRule ? "/completedOn" : "");
            case "supersededBy" -> "/supersededBy" + (dateRule ? "/supersededOn" : "");
            case "terminated" -> "/terminated" + (dateRule ? "/terminatedOn" : "");
            default -> "";
        };
        return new Problem(entry.label(), entry.base() + field, problem.message());
    }

    private static AgreementRule ruleOf(String name) {
        try {
            return AgreementRule.byName(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    // ---- the report -------------------------------------------------------------------------------------

    private static ImportReport report(String fileName, boolean dryRun, List<Entry> entries, boolean anyProblem) {
        List<Result> results = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        int stored = 0;
        for (Entry entry : entries) {
            problems.addAll(entry.problems);
            Outcome outcome = entry.outcome != null ? entry.outcome
                    : !entry.problems.isEmpty() ? Outcome.HAS_PROBLEMS
                    : dryRun ? Outcome.WOULD_BE_IMPORTED : Outcome.NOT_STORED;
            if (outcome == Outcome.IMPORTED) {
                stored++;
            }
            ImportOutcome checked = outcome == Outcome.ALREADY_IMPORTED ? null : entry.checked;
            results.add(new Result(entry.index + 1, entry.entry.key(), entry.id.value(), outcome,
                    checked == null ? null : checked.status().name(), checked == null ? null : checked.version(),
                    checked == null ? null : checked.enteredIntoForceOn(), message(outcome, entry, anyProblem)));
        }
        return new ImportReport(fileName, dryRun, stored, results, problems);
    }

    private static String message(Outcome outcome, Entry entry, boolean anyProblem) {
        return switch (outcome) {
            case IMPORTED -> "Imported.";
            case WOULD_BE_IMPORTED -> anyProblem ? "No problems; it would be imported once the file's other problems "
                    + "are fixed." : "No problems; it would be imported.";
            case ALREADY_IMPORTED -> "Already imported (same key); nothing stored.";
            case HAS_PROBLEMS -> entry.problems.size() + " problem(s); nothing stored.";
            case NOT_STORED -> "No problems, but nothing was stored because other agreements of the file have problems.";
        };
    }

    private void record(String fileName, ImportReport report) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("agreements", report.agreements().size());
        details.put("imported", report.stored());
        details.put("alreadyImported", report.agreements().stream()
                .filter(r -> r.outcome() == Outcome.ALREADY_IMPORTED).count());
        details.put("problems", report.problems().size());
        details.put("agreementIds", report.agreements().stream().filter(r -> r.outcome() == Outcome.IMPORTED)
                .map(Result::agreementId).toList());
        actions.record("import", fileName, details);
    }

    // ---- pointers -------------------------------------------------------------------------------------

    /** Bean Validation's path (agreements[0].approvals[1].section, parties[1].<list element>) as a JSON pointer. */
    static String pointer(String propertyPath) {
        StringBuilder pointer = new StringBuilder();
        for (String part : propertyPath.split("\\.")) {
            if (part.startsWith("<")) {
                continue;
            }
            String name = part.replaceAll("\\[.*", "");
            if (!name.isEmpty()) {
                pointer.append('/').append(name);
            }
            Matcher index = INDEX.matcher(part);
            while (index.find()) {
                pointer.append('/').append(index.group(1));
            }
        }
        return pointer.toString();
    }

    private static int agreementIndex(String pointer) {
        Matcher m = AGREEMENT_INDEX.matcher(pointer);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static String lastName(String pointer) {
        String[] parts = pointer.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            if (!parts[i].isEmpty() && !parts[i].chars().allMatch(Character::isDigit)) {
                return parts[i];
            }
        }
        return pointer;
    }

    /** The agreement a pointer into the file is in: its key, or #position; "" for the file itself. */
    private static String agreementAt(JsonNode tree, String pointer) {
        int index = agreementIndex(pointer);
        if (index < 0) {
            return "";
        }
        JsonNode key = tree.path("agreements").path(index).path("key");
        return key.isTextual() && !key.asText().isBlank() ? key.asText() : "#" + (index + 1);
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    /** One agreement of the file while it is checked and stored. */
    private static final class Entry {
        final int index;
        final ImportFile.Entry entry;
        final AgreementId id;
        final List<Problem> problems = new ArrayList<>();
        ImportOutcome checked;
        Outcome outcome;

        Entry(int index, ImportFile.Entry entry) {
            this.index = index;
            this.entry = entry;
            this.id = agreementIdFor(entry.key());
        }

        String label() {
            return entry.key() == null || entry.key().isBlank() ? "#" + (index + 1) : entry.key();
        }

        String base() {
            return "/agreements/" + index;
        }

        void problem(String field, String message) {
            problems.add(new Problem(label(), base() + field, message));
        }
    }
}
