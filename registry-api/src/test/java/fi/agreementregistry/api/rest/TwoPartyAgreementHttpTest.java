package fi.agreementregistry.api.rest;

import fi.agreementregistry.api.RegistryHttpTest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** HTTP tests on a Kanta-Häme agreement between Hämeenlinna and the welfare area only. */
public abstract class TwoPartyAgreementHttpTest extends RegistryHttpTest {

    private static final List<String> PARTIES = List.of("municipality:109", "welfare-area:07");

    /** The agreement drafted on 2025-12-01, approved by both parties in January 2026 and signed by both in February. */
    protected String twoPartyAgreementInForce() {
        Map<String, Object> draft = new HashMap<>(kantaHameDraft());
        draft.put("parties", PARTIES);
        draft.put("draftedOn", "2025-12-01");
        String id = body(post("/api/agreements", draft)).get("agreementId").asText();
        post("/api/agreements/" + id + "/approvals", approval("municipality:109", 1, "2026-01-12"));
        post("/api/agreements/" + id + "/approvals", approval("welfare-area:07", 1, "2026-01-19"));
        post("/api/agreements/" + id + "/signatures", signature("municipality:109", 1, "2026-02-02"));
        post("/api/agreements/" + id + "/signatures", signature("welfare-area:07", 1, "2026-02-03"));
        return id;
    }
}
