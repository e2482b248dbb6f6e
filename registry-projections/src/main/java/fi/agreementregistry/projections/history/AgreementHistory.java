package fi.agreementregistry.projections.history;

import java.util.List;

/** The answer to {@link FindAgreementHistory}: entries in sequence order. */
public record AgreementHistory(String agreementId, List<HistoryEntry> entries) {

    public AgreementHistory {
        entries = List.copyOf(entries);
    }
}
