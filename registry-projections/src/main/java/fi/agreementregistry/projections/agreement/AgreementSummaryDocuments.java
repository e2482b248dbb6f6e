package fi.agreementregistry.projections.agreement;

import fi.agreementregistry.projections.support.JsonDocuments;
import org.bson.Document;

/**
 * Maps {@link AgreementSummary} to and from the BSON document of {@code agreement_summaries}
 * through the read models' one JSON mapping ({@link JsonDocuments}): enums and typed values as strings, dates as ISO
 * strings ("2023-03-13").
 */
public final class AgreementSummaryDocuments {

    static final String COLLECTION = "agreement_summaries";
    static final String ID = "_id";
    static final String AGGREGATE_SEQUENCE = "aggregateSequence";
    static final String STATUS = "status";
    static final String COUNCIL_TERM = "councilTerm";
    static final String TITLE = "title";
    static final String PARTY_ID = "parties.partyId";
    /** Written only by the predecessor's AgreementSuperseded, never by the agreement's own events. */
    static final String SUPERSEDES = "supersedes";

    private AgreementSummaryDocuments() {
    }

    public static Document toDocument(AgreementSummary summary) {
        return JsonDocuments.toDocument(summary);
    }

    public static AgreementSummary fromDocument(Document document) {
        return JsonDocuments.fromDocument(document, AgreementSummary.class);
    }
}
