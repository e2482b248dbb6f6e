package fi.agreementregistry.core.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * ApprovalRecorded revision 1 to 2: the section's number is taken from its free text ("§ 30" gives 30), as the
 * revision 2 constructor does for new events. The stored revision 1 document is not changed; this runs on read.
 * The application registers it with Axon's upcaster chain ({@code AxonConfiguration} in registry-api).
 */
public class ApprovalRecordedUpcaster extends SingleEventUpcaster {

    static final SimpleSerializedType REVISION_1 = new SimpleSerializedType(ApprovalRecorded.class.getName(), "1");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return REVISION_1.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(new SimpleSerializedType(REVISION_1.getName(), "2"), JsonNode.class,
                payload -> {
                    ObjectNode upcast = ((ObjectNode) payload).deepCopy();
                    JsonNode section = payload.get("section");
                    Integer number = ApprovalRecorded.sectionNumberOf(section == null || section.isNull()
                            ? null : section.asText());
                    if (number == null) {
                        upcast.putNull("sectionNumber");
                    } else {
                        upcast.put("sectionNumber", number);
                    }
                    return upcast;
                });
    }
}
