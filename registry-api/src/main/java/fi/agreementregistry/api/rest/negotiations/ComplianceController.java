package fi.agreementregistry.api.rest.negotiations;

import fi.agreementregistry.api.application.Compliance;
import fi.agreementregistry.api.application.NegotiationReads;
import fi.agreementregistry.api.export.ComplianceCsv;
import fi.agreementregistry.core.negotiation.MeasureStatus;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.projections.negotiation.NegotiationQueries;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.LocalDate;
import java.util.List;

/**
 * Compliance with the statutory negotiation duties per county as of a day (JSON, or CSV with {@code Accept:
 * text/csv}), and the measures agreed in negotiations, followed up by responsible party, status and due date.
 */
@ConditionalOnWebApplication
@RestController
public class ComplianceController {

    static final String TEXT_CSV = "text/csv";

    private final NegotiationReads reads;

    public ComplianceController(NegotiationReads reads) {
        this.reads = reads;
    }

    @GetMapping(value = "/api/compliance", produces = MediaType.APPLICATION_JSON_VALUE)
    public Compliance compliance(@RequestParam(required = false) PartyId welfareArea,
                                 @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf) {
        return reads.compliance(welfareArea, asOf);
    }

    @GetMapping(value = "/api/compliance", produces = TEXT_CSV)
    public ResponseEntity<byte[]> complianceCsv(@RequestParam(required = false) PartyId welfareArea,
                                                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf) {
        return ComplianceCsv.download(reads.compliance(welfareArea, asOf));
    }

    /** The next statutory negotiation each county must hold, as of {@code asOf} (default today). */
    @GetMapping("/api/compliance/next-due")
    public List<Compliance.NextDue> nextDue(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf) {
        return reads.nextDue(asOf);
    }

    /**
     * Every statutory negotiation not yet held as of {@code asOf} (default today), per county, duty and period, with
     * the municipalities still to negotiate: all counties', or {@code party}'s (a clerk: their own party's).
     */
    @GetMapping("/api/compliance/due")
    public List<Compliance.NextDue> due(@RequestParam(required = false) PartyId party,
                                        @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf) {
        return reads.negotiationsDue(party, asOf);
    }

    /**
     * Measures agreed by {@code asOf} (default today) with their status then: those {@code responsible} answers for,
     * in {@code status}, due before {@code dueBefore}; by due date, each with {@code overdue} (open and past due).
     */
    @GetMapping("/api/measures")
    public List<NegotiationQueries.MeasureEntry> measures(@RequestParam(required = false) PartyId responsible,
                                                          @RequestParam(required = false) MeasureStatus status,
                                                          @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate dueBefore,
                                                          @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf) {
        return reads.measures(responsible, status, dueBefore, asOf);
    }
}
