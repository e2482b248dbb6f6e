package fi.agreementregistry.api.export;

import fi.agreementregistry.projections.history.AgreementHistory;
import org.springframework.http.ResponseEntity;

import fi.agreementregistry.core.agreement.Principle;
import fi.agreementregistry.core.party.PartyRef;
import fi.agreementregistry.projections.history.HistoryEntry;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.Collectors;

/**
 * An agreement's history as CSV for legal staff: UTF-8 with a byte-order mark (so Excel reads ä and ö),
 * a header row, CRLF line ends and RFC 4180 quoting; lists of principles or parties are one cell,
 * one item per line. Every cell goes through {@link CsvCells}, so no text from a request runs as a formula.
 */
public final class HistoryCsv {

    static final String[] HEADER = {"sequence", "eventType", "effectiveOn", "recordedAt", "actorUserId", "actorName",
            "actorRole", "actorPartyId", "partyId", "partyName", "title", "parties", "version", "decisionBody",
            "meetingDate", "section", "diaryNumber", "decisionText", "signatoryName", "signatoryTitle",
            "principlesBefore", "principlesAfter", "rationale", "reviewId", "reviewKind", "dueBy", "responsibleBody",
            "outcome", "minutesReference", "successorId", "reason", "negotiationId", "partyIds", "legalBases",
            "measureId", "measureText", "previousStatus", "status", "note"};

    private HistoryCsv() {
    }

    public static byte[] write(List<HistoryEntry> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer writer = new OutputStreamWriter(bytes, StandardCharsets.UTF_8)) {
            writer.write('\uFEFF'); // before the header row, which the printer writes when it is created
            CSVPrinter csv = new CSVPrinter(writer, CSVFormat.EXCEL.builder().setHeader(HEADER).get());
            for (HistoryEntry e : entries) {
                var actor = e.actor();
                csv.printRecord(Stream.of(e.sequence(), e.eventType(), e.effectiveOn(), e.recordedAt(),
                        actor == null ? null : actor.userId(), actor == null ? null : actor.displayName(),
                        actor == null ? null : actor.role(), actor == null ? null : actor.partyId(),
                        e.partyId(), e.partyName(), e.title(), parties(e.parties()), e.version(), e.decisionBody(),
                        e.meetingDate(), e.section(), e.diaryNumber(), e.decisionText(), e.signatoryName(),
                        e.signatoryTitle(), principles(e.principlesBefore()), principles(e.principlesAfter()),
                        e.rationale(), e.reviewId(), e.reviewKind(), e.dueBy(), e.responsibleBody(), e.outcome(),
                        e.minutesReference(), e.successorId(), e.reason(), e.negotiationId(), lines(e.partyIds()),
                        lines(e.legalBases()), e.measureId(), e.measureText(), e.previousStatus(), e.status(),
                        e.note()).map(CsvCells::cell));
            }
            csv.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static String principles(List<Principle> principles) {
        return principles == null ? null
                : principles.stream().map(p -> p.number() + ". " + p.text()).collect(Collectors.joining("\n"));
    }

    private static String parties(List<PartyRef> parties) {
        return parties == null ? null
                : parties.stream().map(p -> p.name() + " (" + p.id() + ")").collect(Collectors.joining("\n"));
    }

    private static String lines(List<String> values) {
        return values == null ? null : String.join("\n", values);
    }

    /** A negotiation's history as a CSV download, {@code history-negotiation-<id>.csv}. */
    public static ResponseEntity<byte[]> download(fi.agreementregistry.projections.history.NegotiationHistory history) {
        return CsvDownload.of("history-negotiation-" + history.negotiationId() + ".csv", write(history.entries()));
    }

    /** An agreement's history as a CSV download, {@code history-<agreement id>.csv}. */
    public static ResponseEntity<byte[]> download(AgreementHistory history) {
        return CsvDownload.of("history-" + history.agreementId() + ".csv", write(history.entries()));
    }
}
