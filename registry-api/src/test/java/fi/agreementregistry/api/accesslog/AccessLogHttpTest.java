package fi.agreementregistry.api.accesslog;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import fi.agreementregistry.api.RegistryHttpTest;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The access log (Act 906/2019, section 17): every read of an agreement, its history and CSV, every command and
 * every refused request is recorded with who, with which rights, from where and how it ended; auditors read it, and
 * an entry deleted or edited behind the registry's back breaks its chain.
 */
class AccessLogHttpTest extends RegistryHttpTest {

    @Autowired
    AccessLog accessLog;

    @Test
    void readsCommandsAndRefusalsAreRecordedWithWhoWhatAndHowItEnded() {
        String id = draftKantaHame();
        as(AUDITOR).get("/api/agreements/" + id);
        as(AUDITOR).get("/api/agreements/" + id + "/history");
        HttpHeaders csv = new HttpHeaders();
        csv.set(HttpHeaders.ACCEPT, "text/csv");
        as(AUDITOR).exchange(HttpMethod.GET, "/api/agreements/" + id + "/history", null, csv);
        assertThat(as(HELSINKI_CLERK).get("/api/agreements/" + id).getStatusCode().value()).isEqualTo(404);
        assertThat(as(COMMITTEE).post("/api/agreements/" + id + "/approvals",
                approval("municipality:109", 1, "2025-09-15")).getStatusCode().value()).isEqualTo(403);
        assertThat(anonymous().get("/api/agreements/" + id).getStatusCode().value()).isEqualTo(401);

        // An entry is handed to the writer once the response is out: the client may ask before it is queued.
        await().atMost(Duration.ofSeconds(10)).until(() -> entriesFor(id).size() >= 7);
        List<JsonNode> entries = entriesFor(id);
        assertThat(entries).extracting(e -> e.get("action").asText() + " " + e.get("outcome").asText() + " "
                + e.get("status").asInt() + " " + e.get("userId").asText() + " " + e.get("role").asText())
                .contains("POST /api/agreements allowed 201 " + clerkOf("welfare-area:07") + " CLERK",
                        "GET /api/agreements/{id} allowed 200 auditor AUDITOR",
                        "GET /api/agreements/{id}/history allowed 200 auditor AUDITOR",
                        "GET /api/agreements/{id} not-found 404 " + HELSINKI_CLERK + " CLERK",
                        "POST /api/agreements/" + id + "/approvals refused 403 committee COMMITTEE",
                        "GET /api/agreements/" + id + " refused 401 null null");
        JsonNode draft = entries.stream().filter(e -> e.get("action").asText().equals("POST /api/agreements"))
                .findFirst().orElseThrow();
        assertThat(draft.get("partyId").asText()).isEqualTo("welfare-area:07");
        assertThat(draft.get("sourceAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(draft.get("correlationId").asText()).isNotBlank();
        assertThat(entries.stream().filter(e -> e.get("action").asText().equals("GET /api/agreements/{id}/history")))
                .as("the JSON read and the CSV export").hasSize(2);
    }

    @Test
    void onlyAuditorsReadItAsJsonOrCsvAndReadingItIsLoggedToo() {
        assertThat(as(ADMIN).get("/api/audit/access").getStatusCode().value()).isEqualTo(403);
        assertThat(as(clerkOf("municipality:109")).get("/api/audit/access").getStatusCode().value()).isEqualTo(403);
        HttpHeaders csv = new HttpHeaders();
        csv.set(HttpHeaders.ACCEPT, "text/csv");
        ResponseEntity<String> export = as(AUDITOR).exchange(HttpMethod.GET, "/api/audit/access?user=admin", null, csv);
        assertThat(export.getStatusCode().value()).isEqualTo(200);
        assertThat(export.getBody()).startsWith("\uFEFFat,userId,role,partyId,action,target,outcome,status")
                .contains("\"admin\",\"ADMIN\"", "\"GET /api/audit/access\"", "\"refused\",\"403\"");
        // The auditor's own reading of the log is in it.
        await().atMost(Duration.ofSeconds(10)).until(() -> body(as(AUDITOR).get("/api/audit/access?user=auditor"))
                .get("entries").findValuesAsText("target").contains("/api/audit/access?user=admin"));
        assertThat(as(AUDITOR).get("/api/audit/access?size=0").getStatusCode().value()).isEqualTo(400);
        assertThat(as(AUDITOR).get("/api/audit/access?from=1066-10-14").getStatusCode().value()).isEqualTo(400);
    }

    @Test
    void anEntryDeletedOrEditedBehindTheRegistrysBackBreaksItsChain() {
        String id = draftKantaHame();
        for (int i = 0; i < 3; i++) {
            as(AUDITOR).get("/api/agreements/" + id);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            accessLog.flush();
            return accessLog.entries().countDocuments(Filters.eq("target", id)) >= 4;
        });
        assertThat(body(as(AUDITOR).get("/api/audit/access/verification")).get("consistent").asBoolean()).isTrue();

        List<Document> mine = accessLog.entries().find(Filters.eq("target", id)).sort(new Document("seq", 1))
                .into(new ArrayList<>());
        Document edited = mine.get(1);
        Document deleted = mine.get(2);
        accessLog.entries().updateOne(Filters.eq("_id", edited.get("_id")), Updates.set("userId", "someone-else"));
        accessLog.entries().deleteOne(Filters.eq("_id", deleted.get("_id")));

        JsonNode report = body(as(AUDITOR).get("/api/audit/access/verification"));
        assertThat(report.get("consistent").asBoolean()).isFalse();
        List<String> problems = new ArrayList<>();
        report.get("problems").forEach(p -> problems.add(p.get("seq").asLong() + ":" + p.get("problem").asText()));
        assertThat(problems).contains(edited.get("seq", Number.class).longValue() + ":altered",
                (deleted.get("seq", Number.class).longValue() + 1) + ":missing");
        // Put them back as they were: the chain is whole again.
        accessLog.entries().replaceOne(Filters.eq("_id", edited.get("_id")), edited);
        accessLog.entries().insertOne(deleted);
        assertThat(body(as(AUDITOR).get("/api/audit/access/verification")).get("consistent").asBoolean()).isTrue();
    }

    @Test
    void auditorsReadItOnTheirPageWithItsCsvAndNobodyElseDoes() throws Exception {
        String id = draftKantaHame();
        await().atMost(Duration.ofSeconds(10)).until(() -> !entriesFor(id).isEmpty());
        fi.agreementregistry.api.web.PageSession auditor =
                fi.agreementregistry.api.web.PageSession.signIn(http.getRootUri(), AUDITOR, PASSWORD);
        java.net.http.HttpResponse<String> page = auditor.get("/ui/access?target=" + id);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<table id=\"access\"", "POST /api/agreements", id);
        java.net.http.HttpResponse<String> csv = auditor.get("/ui/access.csv?target=" + id);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.body()).contains("\"POST /api/agreements\"");
        fi.agreementregistry.api.web.PageSession committee =
                fi.agreementregistry.api.web.PageSession.signIn(http.getRootUri(), COMMITTEE, PASSWORD);
        assertThat(committee.get("/ui/access").statusCode()).isEqualTo(403);
    }

    @Test
    void entriesOlderThanTheRetentionArePurgedAndTheChainStillVerifies() {
        // A chain of an earlier registry process, written as the writer does: two entries six years old (the
        // retention is five), then one from yesterday.
        String chain = "old-process@2020-01-01T00:00:00Z";
        String prev = AccessLog.GENESIS;
        for (long seq = 0; seq < 3; seq++) {
            java.time.Instant at = seq < 2 ? java.time.Instant.parse("2020-01-01T00:00:00Z").plusSeconds(seq)
                    : NOW.minus(java.time.Duration.ofDays(1));
            Document entry = new AccessEntry(at, "auditor",
                    "AUDITOR", null, "GET /api/agreements/{id}", "old", "allowed", 200, "c-" + seq, "127.0.0.1")
                    .toDocument(chain, seq, prev);
            prev = entry.getString("hash");
            accessLog.entries().insertOne(entry);
        }
        assertThat(accessLog.purge()).isGreaterThanOrEqualTo(2);
        assertThat(accessLog.entries().find(Filters.eq("chain", chain)).into(new ArrayList<>()))
                .extracting(d -> d.get("seq", Number.class).longValue()).containsExactly(2L);
        // The remaining entry still links to the purged one before it: the chain records where it now starts.
        JsonNode report = body(as(AUDITOR).get("/api/audit/access/verification"));
        assertThat(report.get("problems").toString()).doesNotContain(chain);
        accessLog.chains().deleteOne(Filters.eq("_id", chain));
        assertThat(body(as(AUDITOR).get("/api/audit/access/verification")).get("problems").toString())
                .as("without that record the gap is reported").contains(chain);
        accessLog.entries().deleteMany(Filters.eq("chain", chain));   // leave the shared log whole for other tests
    }

    private List<JsonNode> entriesFor(String id) {
        accessLog.flush();
        List<JsonNode> entries = new ArrayList<>();
        body(as(AUDITOR).get("/api/audit/access?target=" + id + "&size=1000")).get("entries").forEach(entries::add);
        return entries;
    }
}
