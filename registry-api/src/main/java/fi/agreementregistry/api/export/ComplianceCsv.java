package fi.agreementregistry.api.export;

import fi.agreementregistry.api.application.Compliance;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.http.ResponseEntity;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

/**
 * A county's compliance with its statutory negotiation duties as CSV: one row per municipality and duty, then one
 * per duty for the county as a whole (its own id in {@code partyId}). UTF-8 with a byte-order mark, a header row,
 * CRLF line ends; every cell goes through {@link CsvCells}.
 */
public final class ComplianceCsv {

    static final String[] HEADER = {"welfareArea", "asOf", "partyId", "name", "duty", "periodStart", "periodEnd",
            "status", "lastNegotiationId", "lastHeldOn"};

    private ComplianceCsv() {
    }

    public static byte[] write(Compliance compliance) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer writer = new OutputStreamWriter(bytes, StandardCharsets.UTF_8)) {
            writer.write('\uFEFF');
            CSVPrinter csv = new CSVPrinter(writer, CSVFormat.EXCEL.builder().setHeader(HEADER).get());
            for (Compliance.MunicipalityDuties municipality : compliance.municipalities()) {
                for (Compliance.Duty duty : municipality.duties()) {
                    row(csv, compliance, municipality.partyId(), municipality.name(), duty);
                }
            }
            for (Compliance.Duty duty : compliance.welfareAreaDuties()) {
                row(csv, compliance, compliance.welfareArea(), compliance.welfareAreaName(), duty);
            }
            csv.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void row(CSVPrinter csv, Compliance compliance, String partyId, String name, Compliance.Duty duty)
            throws IOException {
        csv.printRecord(Stream.of(compliance.welfareArea(), compliance.asOf(), partyId, name, duty.duty(),
                duty.periodStart(), duty.periodEnd(), duty.status(), duty.lastNegotiationId(), duty.lastHeldOn())
                .map(CsvCells::cell));
    }

    /** As a download, {@code compliance-<county id>-<day>.csv}. */
    public static ResponseEntity<byte[]> download(Compliance compliance) {
        return CsvDownload.of("compliance-" + compliance.welfareArea().replace(':', '-') + "-" + compliance.asOf()
                + ".csv", write(compliance));
    }
}
