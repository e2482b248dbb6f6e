package fi.agreementregistry.projections.agreement;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.bson.Document;

import java.util.Map;

/**
 * Maps {@link AgreementSummary} to and from the BSON document of {@code agreement_summaries}
 * through Jackson: enums and typed values as strings, dates as ISO strings ("2023-03-13").
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

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private AgreementSummaryDocuments() {
    }

    public static Document toDocument(AgreementSummary summary) {
        return new Document(MAPPER.convertValue(summary, new TypeReference<Map<String, Object>>() { }));
    }

    public static AgreementSummary fromDocument(Document document) {
        return MAPPER.convertValue(document, AgreementSummary.class);
    }
}
