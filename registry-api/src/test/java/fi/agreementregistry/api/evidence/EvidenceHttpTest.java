package fi.agreementregistry.api.evidence;

import fi.agreementregistry.api.terminal.VerifyReceiptCommand;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import fi.agreementregistry.api.RegistryHttpTest;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The evidence log in the running registry: every stored event becomes a leaf (the canonical JSON of the stored
 * document, checked here by an independent minimal canonicalization), checkpoints are signed, receipts verify
 * offline (checked here by an independent minimal verifier with the JDK's Ed25519), tampering with the event store
 * is named by the verification, and the evidence processor is no read model (no replay, no consistency check).
 * The test clock is fixed, so the time rule makes only the first checkpoint; the tests make the others explicitly.
 */
@TestPropertySource(properties = {"registry.evidence.checkpoint-every-leaves=1000",
        "registry.evidence.origin=registry.test/evidence", "registry.evidence.tick=PT0.2S"})
class EvidenceHttpTest extends RegistryHttpTest {

    @Autowired
    EvidenceLog log;
    @Autowired
    EvidenceCheckpoints checkpoints;
    @Autowired
    org.axonframework.config.EventProcessingConfiguration processing;

    private EvidenceLog.StoredLeaf awaitLeaf(String agreementId, long sequence) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> log.leafFor(agreementId, sequence),
                java.util.Optional::isPresent).orElseThrow();
    }

    private Document storedEvent(long globalIndex) {
        Document commit = database.getCollection("domain_events").find(Filters.eq("globalIndexes", globalIndex)).first();
        return EvidenceLeaf.eventIn(commit, globalIndex);
    }

    /** RFC 8785 for the leaf's shapes (strings, integers, null; ASCII keys), written from the RFC, not the library. */
    static String canonical(Document stored) {
        TreeMap<String, Object> members = new TreeMap<>();
        for (String field : List.of("aggregateIdentifier", "eventIdentifier", "globalIndex", "metaData", "payload",
                "payloadRevision", "payloadType", "sequenceNumber", "timestamp", "type")) {
            members.put(field, stored.get(field));
        }
        StringBuilder out = new StringBuilder("{");
        for (Map.Entry<String, Object> m : members.entrySet()) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append('"').append(m.getKey()).append("\":");
            Object v = m.getValue();
            if (v == null) {
                out.append("null");
            } else if (v instanceof Number n) {
                out.append(n.longValue());
            } else {
                out.append('"');
                for (char c : v.toString().toCharArray()) {
                    switch (c) {
                        case '"' -> out.append("\\\"");
                        case '\\' -> out.append("\\\\");
                        case '\b' -> out.append("\\b");
                        case '\f' -> out.append("\\f");
                        case '\n' -> out.append("\\n");
                        case '\r' -> out.append("\\r");
                        case '\t' -> out.append("\\t");
                        default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
                    }
                }
                out.append('"');
            }
        }
        return out.append('}').toString();
    }

    static byte[] sha256(byte prefix, byte[]... parts) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        d.update(prefix);
        for (byte[] p : parts) {
            d.update(p);
        }
        return d.digest();
    }

    /** RFC 9162 PATH read backwards, recursively: a second implementation of inclusion verification. */
    static byte[] rootFromPath(long m, long start, long end, byte[] leafHash, Deque<byte[]> proof) throws Exception {
        long n = end - start;
        if (n == 1) {
            return leafHash;
        }
        long k = Long.highestOneBit(n - 1);
        byte[] sibling = proof.removeLast();
        return m - start < k
                ? sha256((byte) 1, rootFromPath(m, start, start + k, leafHash, proof), sibling)
                : sha256((byte) 1, sibling, rootFromPath(m, start + k, end, leafHash, proof));
    }

    /** A minimal offline check of a receipt: signature, leaf hash, inclusion. True when all hold. */
    static boolean independentlyValid(JsonNode receipt, JsonNode publicKey) {
        try {
            String note = receipt.get("checkpoint").asText();
            int blank = note.lastIndexOf("\n\n");
            String text = note.substring(0, blank + 1);
            String[] sigLine = note.substring(blank + 2, note.length() - 1).split(" ");
            byte[] blob = Base64.getDecoder().decode(sigLine[2]);
            byte[] raw = Base64.getDecoder().decode(publicKey.get("publicKey").asText());
            byte[] keyId = Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(concat(
                    (publicKey.get("keyName").asText() + "\n").getBytes(StandardCharsets.UTF_8), new byte[]{1}, raw)), 4);
            if (!sigLine[0].equals("\u2014") || !sigLine[1].equals(publicKey.get("keyName").asText())
                    || !Arrays.equals(Arrays.copyOf(blob, 4), keyId)) {
                return false;
            }
            Signature ed = Signature.getInstance("Ed25519");
            ed.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(concat(
                    HexFormat.of().parseHex("302a300506032b6570032100"), raw))));
            ed.update(text.getBytes(StandardCharsets.UTF_8));
            if (!ed.verify(Arrays.copyOfRange(blob, 4, blob.length))) {
                return false;
            }
            String[] lines = text.split("\n");
            long size = Long.parseLong(lines[1]);
            byte[] root = Base64.getDecoder().decode(lines[2]);
            if (size != receipt.get("treeSize").asLong()) {
                return false;
            }
            Deque<byte[]> proof = new ArrayDeque<>();
            receipt.get("inclusionProof").forEach(p -> proof.add(Base64.getDecoder().decode(p.asText())));
            byte[] leafHash = sha256((byte) 0, Base64.getDecoder().decode(receipt.get("leaf").asText()));
            long index = receipt.get("leafIndex").asLong();
            return index < size && proof.size() == Merkle.inclusionRanges(index, size).size()
                    && Arrays.equals(rootFromPath(index, 0, size, leafHash, proof), root);
        } catch (Exception e) {
            return false;
        }
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    @Test
    void everyEventBecomesOneLeafMadeOfItsStoredBytesAndARedeliveryAddsNothing() {
        String id = draftKantaHame();
        assertThat(post("/api/agreements/" + id + "/approvals", approval("welfare-area:07", 1, "2026-01-20"))
                .getStatusCode().value()).isEqualTo(201);
        EvidenceLog.StoredLeaf draft = awaitLeaf(id, 0);
        EvidenceLog.StoredLeaf approval = awaitLeaf(id, 1);
        assertThat(approval.leafIndex()).isGreaterThan(draft.leafIndex());
        for (EvidenceLog.StoredLeaf leaf : List.of(draft, approval)) {
            Document stored = storedEvent(leaf.globalIndex());
            byte[] expected = canonical(stored).getBytes(StandardCharsets.UTF_8);
            assertThat(new String(EvidenceLeaf.of(stored).bytes(), StandardCharsets.UTF_8))
                    .isEqualTo(new String(expected, StandardCharsets.UTF_8));
            assertThat(leaf.hash()).isEqualTo(Merkle.leafHash(expected));
            assertThat(stored.getString("metaData")).contains("actorName");
        }
        long size = log.size();
        assertThat(log.append(EvidenceLeaf.of(storedEvent(approval.globalIndex()))))
                .isEqualTo(EvidenceLog.Appended.ALREADY_THERE);
        assertThat(log.size()).isEqualTo(size);
        assertThat(log.leafFor(id, 1).orElseThrow().leafIndex()).isEqualTo(approval.leafIndex());
    }

    @Test
    void aReceiptVerifiesOfflineAndOneChangedByteInItsLeafProofOrNoteFails() throws Exception {
        checkpoints.make();
        String id = draftKantaHame();
        awaitLeaf(id, 0);
        ResponseEntity<String> early = get("/api/agreements/" + id + "/history/0/receipt");
        assertThat(early.getStatusCode().value()).isEqualTo(409);
        assertThat(early.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(early.getHeaders().getFirst("Retry-After")).isNotBlank();

        checkpoints.make();
        ResponseEntity<String> response = get("/api/agreements/" + id + "/history/0/receipt");
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        JsonNode receipt = body(response);
        JsonNode publicKey = body(as(HELSINKI_CLERK).get("/api/evidence/public-key"));
        assertThat(publicKey.get("algorithm").asText()).isEqualTo("Ed25519");
        assertThat(publicKey.get("origin").asText()).isEqualTo("registry.test/evidence");
        assertThat(receipt.get("agreementId").asText()).isEqualTo(id);
        assertThat(receipt.get("summary").get("eventType").asText()).isEqualTo("AgreementDrafted");
        assertThat(receipt.get("checkpoint").asText()).startsWith("registry.test/evidence\n" + receipt.get("treeSize") + "\n");

        List<EvidenceKey> keys = ReceiptVerifier.keys(publicKey.toString());
        assertThat(ReceiptVerifier.verify(receipt, keys).failures()).isEmpty();
        assertThat(independentlyValid(receipt, publicKey)).isTrue();
        assertThat(ReceiptVerifier.verify(receipt, ReceiptVerifier.keys(publicKey.get("verifierKey").asText())).valid())
                .isTrue();

        List<ObjectNode> forged = new ArrayList<>();
        forged.add(withChangedByte(receipt, "leaf", -1));
        if (!receipt.get("inclusionProof").isEmpty()) {
            ObjectNode proof = receipt.deepCopy();
            ArrayNode path = (ArrayNode) proof.get("inclusionProof");
            path.set(0, TextNode.valueOf(flip(path.get(0).asText())));
            forged.add(proof);
        }
        ObjectNode note = receipt.deepCopy();
        String checkpointNote = note.get("checkpoint").asText();
        int digit = checkpointNote.indexOf('\n') + 1;
        note.put("checkpoint", checkpointNote.substring(0, digit) + (char) (checkpointNote.charAt(digit) ^ 1)
                + checkpointNote.substring(digit + 1));
        forged.add(note);
        for (ObjectNode bad : forged) {
            assertThat(ReceiptVerifier.verify(bad, keys).valid()).as(bad.toString()).isFalse();
            assertThat(independentlyValid(bad, publicKey)).as(bad.toString()).isFalse();
        }
    }

    private static ObjectNode withChangedByte(JsonNode receipt, String field, int ignored) {
        ObjectNode copy = receipt.deepCopy();
        copy.put(field, flip(copy.get(field).asText()));
        return copy;
    }

    /** base64 of the same bytes with the first byte's lowest bit flipped. */
    private static String flip(String base64) {
        byte[] bytes = Base64.getDecoder().decode(base64);
        bytes[bytes.length / 2] ^= 1;
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Test
    void theVerificationNamesAnAlteredAndAMissingEventAndTheReceiptOfAnAlteredOneIsRefused() {
        String altered = draftKantaHame();
        String deleted = draftKantaHame();
        EvidenceLog.StoredLeaf alteredLeaf = awaitLeaf(altered, 0);
        EvidenceLog.StoredLeaf deletedLeaf = awaitLeaf(deleted, 0);
        checkpoints.make();
        assertThat(problemsOf(altered)).isEmpty();

        // One byte of the payload string, and one whole commit, changed behind the registry's back.
        Document commit = database.getCollection("domain_events")
                .find(Filters.eq("globalIndexes", alteredLeaf.globalIndex())).first();
        String payload = EvidenceLeaf.eventIn(commit, alteredLeaf.globalIndex()).getString("payload");
        String changed = payload.replaceFirst("Puitesopimus", "Puitesopimuz");
        assertThat(changed).isNotEqualTo(payload);
        database.getCollection("domain_events").updateOne(Filters.eq("_id", commit.get("_id")),
                Updates.set("events.0.payload", changed));
        Document deletedCommit = database.getCollection("domain_events")
                .find(Filters.eq("globalIndexes", deletedLeaf.globalIndex())).first();
        database.getCollection("domain_events").deleteOne(Filters.eq("_id", deletedCommit.get("_id")));

        JsonNode report = body(get("/api/evidence/verification"));
        assertThat(report.get("consistent").asBoolean()).isFalse();
        assertThat(report.get("eventsChecked").asLong()).isEqualTo(report.get("treeSize").asLong());
        assertThat(problemsOf(altered)).extracting(p -> p.get("problem").asText()).containsExactly("altered");
        assertThat(problemsOf(altered).get(0).get("leafIndex").asLong()).isEqualTo(alteredLeaf.leafIndex());
        assertThat(problemsOf(altered).get(0).get("globalIndex").asLong()).isEqualTo(alteredLeaf.globalIndex());
        assertThat(problemsOf(altered).get(0).get("sequence").asLong()).isZero();
        assertThat(problemsOf(deleted)).extracting(p -> p.get("problem").asText()).containsExactly("missing");

        ResponseEntity<String> receipt = get("/api/agreements/" + altered + "/history/0/receipt");
        assertThat(receipt.getStatusCode().value()).isEqualTo(409);
        assertThat(body(receipt).get("type").asText()).isEqualTo("/problems/evidence-mismatch");

        // Put both back: the log verifies again.
        database.getCollection("domain_events").updateOne(Filters.eq("_id", commit.get("_id")),
                Updates.set("events.0.payload", payload));
        database.getCollection("domain_events").insertOne(deletedCommit);
        assertThat(problemsOf(altered)).isEmpty();
        assertThat(problemsOf(deleted)).isEmpty();
    }

    private List<JsonNode> problemsOf(String agreementId) {
        JsonNode report = body(get("/api/evidence/verification"));
        List<JsonNode> mine = new ArrayList<>();
        report.get("problems").forEach(p -> {
            if (agreementId.equals(p.path("agreementId").asText())) {
                mine.add(p);
            }
        });
        return mine;
    }

    @Test
    void consistencyProofsBetweenCheckpointsVerifyAndBadSizesAreNamed() {
        checkpoints.make();
        long first = checkpoints.latest().orElseThrow().treeSize();
        String id = draftKantaHame();
        awaitLeaf(id, 0);
        EvidenceCheckpoints.Checkpoint second = checkpoints.make().orElseThrow();
        EvidenceCheckpoints.Checkpoint firstCheckpoint = checkpoints.at(first).orElseThrow();

        JsonNode consistency = body(get("/api/evidence/consistency?first=" + first + "&second=" + second.treeSize()));
        List<byte[]> proof = new ArrayList<>();
        consistency.get("proof").forEach(p -> proof.add(Base64.getDecoder().decode(p.asText())));
        assertThat(Merkle.verifyConsistency(first, second.treeSize(), firstCheckpoint.root(), second.root(), proof))
                .isTrue();

        JsonNode listed = body(as(HELSINKI_CLERK).get("/api/evidence/checkpoints?from=" + first + "&limit=2"));
        assertThat(listed.get(0).get("treeSize").asLong()).isEqualTo(first);
        assertThat(listed.get(0).get("note").asText()).isEqualTo(firstCheckpoint.note());
        ResponseEntity<String> latest = as(COMMITTEE).get("/api/evidence/checkpoint");
        assertThat(latest.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_PLAIN)).isTrue();
        assertThat(latest.getBody()).isEqualTo(checkpoints.latest().orElseThrow().note());

        ResponseEntity<String> tooFar = get("/api/evidence/consistency?first=1&second=" + (log.size() + 1));
        assertThat(tooFar.getStatusCode().value()).isEqualTo(400);
        assertThat(tooFar.getBody()).contains("second");
        ResponseEntity<String> backwards = get("/api/evidence/consistency?first=3&second=2");
        assertThat(backwards.getStatusCode().value()).isEqualTo(400);
        assertThat(get("/api/evidence/consistency?first=x&second=2").getStatusCode().value()).isEqualTo(400);
        assertThat(get("/api/evidence/checkpoints?limit=0").getBody()).contains("limit");
        ResponseEntity<String> unknown = get("/api/evidence/checkpoints?fromm=1");
        assertThat(unknown.getStatusCode().value()).isEqualTo(400);
        assertThat(unknown.getBody()).contains("fromm");
        assertThat(get("/api/agreements/x/history/-1/receipt").getStatusCode().value()).isEqualTo(400);
    }

    @Test
    void proofsAndReceiptsAreForAuditorsAndAdministratorsOnly() {
        String id = draftKantaHame();
        assertThat(as(HELSINKI_CLERK).get("/api/evidence/verification").getStatusCode().value()).isEqualTo(403);
        assertThat(as(clerkOf(KANTA_HAME.get(0))).get("/api/agreements/" + id + "/history/0/receipt")
                .getStatusCode().value()).isEqualTo(403);
        assertThat(as(COMMITTEE).get("/api/evidence/consistency?first=0&second=0").getStatusCode().value())
                .isEqualTo(403);
        assertThat(as(HELSINKI_CLERK).exchange(org.springframework.http.HttpMethod.HEAD, "/api/evidence/verification",
                null, null).getStatusCode().value()).as("HEAD runs the GET handler").isEqualTo(403);
        assertThat(as(clerkOf(KANTA_HAME.get(0))).exchange(org.springframework.http.HttpMethod.HEAD,
                "/api/agreements/" + id + "/history/0/receipt", null, null).getStatusCode().value()).isEqualTo(403);
        assertThat(as(ADMIN).get("/api/evidence/verification").getStatusCode().value()).isEqualTo(200);
        assertThat(anonymous().get("/api/evidence/public-key").getStatusCode().value()).isEqualTo(401);
        assertThat(get("/api/agreements/" + id + "/history/99/receipt").getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void theEvidenceProcessorIsNoReadModelAndAReadModelReplayLeavesEveryLeafAndCheckpoint() {
        String id = draftKantaHame();
        awaitLeaf(id, 0);
        checkpoints.make();
        List<Document> leavesBefore = database.getCollection(EvidenceLog.COLLECTION).find().into(new ArrayList<>());
        List<Document> checkpointsBefore = database.getCollection(EvidenceCheckpoints.COLLECTION).find()
                .into(new ArrayList<>());

        assertThat(as(ADMIN).post("/api/admin/processors/evidence/replay", null).getStatusCode().value())
                .isEqualTo(404);
        assertThat(processing.eventProcessor(EvidenceRecorder.PROCESSING_GROUP,
                org.axonframework.eventhandling.TrackingEventProcessor.class).orElseThrow().supportsReset())
                .as("Axon refuses to reset the evidence processor").isFalse();
        assertThat(body(as(ADMIN).get("/api/admin/consistency")).toString()).doesNotContain("\"evidence\"");
        for (String group : List.of("agreement-summary", "agreement-history", "review-deadlines", "party-portfolio")) {
            ResponseEntity<String> started = as(ADMIN).post("/api/admin/processors/" + group + "/replay", null);
            assertThat(started.getStatusCode().value()).as(started.getBody()).isEqualTo(202);
            String location = started.getHeaders().getLocation().getPath();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                String status = body(as(ADMIN).get(location)).get("status").asText();
                assertThat(status).isNotEqualTo("FAILED");
                return status.equals("COMPLETED");
            });
        }
        assertThat(database.getCollection(EvidenceLog.COLLECTION).find().into(new ArrayList<>()))
                .containsExactlyInAnyOrderElementsOf(leavesBefore);
        assertThat(database.getCollection(EvidenceCheckpoints.COLLECTION).find().into(new ArrayList<>()))
                .containsExactlyInAnyOrderElementsOf(checkpointsBefore);
    }

    record Run(int exitCode, String out, String err) {
    }

    private Run terminal(boolean admin, String... args) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream o = new java.io.PrintStream(out, true, StandardCharsets.UTF_8);
        java.io.PrintStream e = new java.io.PrintStream(err, true, StandardCharsets.UTF_8);
        int code;
        if (admin) {
            List<String> signedIn = new ArrayList<>(List.of("--user", "admin", "--password=test"));
            signedIn.addAll(List.of(args));
            code = fi.agreementregistry.api.terminal.AdminCommandLine.execute(context, o, e, Duration.ofMillis(50),
                    signedIn.toArray(String[]::new));
        } else {
            code = VerifyReceiptCommand.run(o, e, args);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Autowired
    org.springframework.context.ConfigurableApplicationContext context;

    @Test
    void theTerminalVerifiesTheLogAndAReceiptOfflineInFinnishOrEnglish(@org.junit.jupiter.api.io.TempDir
                                                                      java.nio.file.Path dir) throws Exception {
        String id = draftKantaHame();
        awaitLeaf(id, 0);
        checkpoints.make();
        Run verify = terminal(true, "verify");
        assertThat(verify.exitCode()).as(verify.out()).isZero();
        assertThat(verify.out()).contains("consistent");
        assertThat(verify.err()).as("the progress bar").contains("verify", "100%");

        java.nio.file.Path receipt = dir.resolve("receipt.json");
        java.nio.file.Path key = dir.resolve("key.json");
        java.nio.file.Files.writeString(receipt, get("/api/agreements/" + id + "/history/0/receipt").getBody());
        String publicKey = get("/api/evidence/public-key").getBody();
        java.nio.file.Files.writeString(key, publicKey);

        Run fi = terminal(false, receipt.toString(), "--public-key", key.toString());
        assertThat(fi.exitCode()).as(fi.out() + fi.err()).isZero();
        assertThat(fi.out()).contains("KUITTI ON AITO", id, "AgreementDrafted", "Kirjaaja, Kanta-Hämeen hyvinvointialue");
        Run en = terminal(false, receipt.toString(), "--public-key", json.readTree(publicKey).get("verifierKey").asText(),
                "--lang", "en");
        assertThat(en.exitCode()).isZero();
        assertThat(en.out()).contains("THE RECEIPT IS GENUINE", "recorded by Kirjaaja, Kanta-Hämeen hyvinvointialue");

        ObjectNode forged = (ObjectNode) json.readTree(receipt.toFile());
        forged.put("leaf", flip(forged.get("leaf").asText()));
        java.nio.file.Files.writeString(receipt, forged.toString());
        Run bad = terminal(false, receipt.toString(), "--public-key", key.toString());
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.out()).contains("KUITTI EI KELPAA", "todistusketju (inclusionProof) ei johda");
        assertThat(terminal(false, dir.resolve("none.json").toString(), "--public-key", key.toString()).exitCode())
                .isEqualTo(2);
    }

    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    /** A browser-like session of the web interface: form login with its CSRF token, cookies kept. */
    private java.net.http.HttpClient signedInToTheWebInterface(String user) throws Exception {
        java.net.http.HttpClient browser = java.net.http.HttpClient.newBuilder()
                .cookieHandler(new java.net.CookieManager()).followRedirects(java.net.http.HttpClient.Redirect.NEVER)
                .build();
        String login = browser.send(java.net.http.HttpRequest.newBuilder(ui("/ui/login")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(login);
        assertThat(csrf.find()).as(login).isTrue();
        String form = "username=" + user + "&password=" + PASSWORD + "&_csrf=" + csrf.group(1);
        java.net.http.HttpResponse<String> signedIn = browser.send(java.net.http.HttpRequest.newBuilder(ui("/ui/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.headers().firstValue("Location").orElse("")).doesNotContain("error");
        return browser;
    }

    private java.net.URI ui(String path) {
        return java.net.URI.create("http://localhost:" + port + path);
    }

    @Test
    void theWebInterfaceOffersTheReceiptOnEveryHistoryRowToAuditors() throws Exception {
        String id = draftKantaHame();
        assertThat(post("/api/agreements/" + id + "/approvals", approval("welfare-area:07", 1, "2026-01-20"))
                .getStatusCode().value()).isEqualTo(201);
        awaitLeaf(id, 1);
        checkpoints.make();
        await().atMost(Duration.ofSeconds(20)).until(() -> body(get("/api/agreements/" + id + "/history"))
                .get("entries").size() == 2);

        java.net.http.HttpClient auditor = signedInToTheWebInterface(AUDITOR);
        String page = auditor.send(java.net.http.HttpRequest.newBuilder(ui("/ui/history?agreement=" + id)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        for (int sequence = 0; sequence < 2; sequence++) {
            String link = "/ui/agreements/" + id + "/history/" + sequence + "/receipt";
            assertThat(page).contains("href=\"" + link + "\"");
            java.net.http.HttpResponse<String> download = auditor.send(java.net.http.HttpRequest.newBuilder(ui(link))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(download.headers().firstValue("Content-Disposition").orElseThrow()).contains("attachment",
                    ".json");
            JsonNode receipt = json.readTree(download.body());
            assertThat(receipt.get("sequence").asLong()).isEqualTo(sequence);
            assertThat(ReceiptVerifier.verify(receipt, ReceiptVerifier.keys(get("/api/evidence/public-key").getBody()))
                    .valid()).isTrue();
        }

        java.net.http.HttpClient committee = signedInToTheWebInterface(COMMITTEE);
        String theirs = committee.send(java.net.http.HttpRequest.newBuilder(ui("/ui/history?agreement=" + id)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(theirs).contains(id).doesNotContain("/receipt");
        assertThat(committee.send(java.net.http.HttpRequest.newBuilder(ui("/ui/agreements/" + id + "/history/0/receipt"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
    }
}
