package fi.agreementregistry.core.agreement;

import java.util.List;

/**
 * An import that stored nothing: every step was checked, and either some broke a rule ({@link #problems()}), or it was
 * only a check (a dry run). Thrown by the aggregate so that Axon rolls back the unit of work with all its events.
 */
public class ImportNotStored extends RuntimeException {

    private final List<ImportProblem> problems;
    private final ImportOutcome outcome;

    public ImportNotStored(List<ImportProblem> problems, ImportOutcome outcome) {
        super(problems.isEmpty() ? "checked only; nothing was stored"
                : problems.size() + " problem(s); nothing was stored: " + problems.get(0).message());
        this.problems = List.copyOf(problems);
        this.outcome = outcome;
    }

    public List<ImportProblem> problems() {
        return problems;
    }

    /** What the agreement would have become; null when its draft itself was refused. */
    public ImportOutcome outcome() {
        return outcome;
    }
}
