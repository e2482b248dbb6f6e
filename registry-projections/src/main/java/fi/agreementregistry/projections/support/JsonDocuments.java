package fi.agreementregistry.projections.support;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.bson.Document;

import java.util.Map;

/**
 * The read models' one JSON mapping: their states and records to and from BSON documents through Jackson, enums and
 * typed values as strings, dates as ISO strings ("2023-03-13"), instants as ISO instants; fields a document has and
 * the record does not (written by a newer or older version) are ignored.
 */
public final class JsonDocuments {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** The same mapping without null fields, for documents that are only ever replaced whole. */
    private static final ObjectMapper COMPACT = MAPPER.copy()
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);

    private JsonDocuments() {
    }

    /**
     * As {@link #toDocument}, leaving out null fields: smaller documents that read back to the same record (a missing
     * field reads as null). Only for documents written whole; a {@code $set} of such a document would leave a field
     * that became null at its old value.
     */
    public static Document toCompactDocument(Object value) {
        return new Document(COMPACT.convertValue(value, new TypeReference<Map<String, Object>>() { }));
    }

    public static Document toDocument(Object value) {
        return new Document(MAPPER.convertValue(value, new TypeReference<Map<String, Object>>() { }));
    }

    public static <T> T fromDocument(Document document, Class<T> type) {
        return MAPPER.convertValue(document, type);
    }
}
