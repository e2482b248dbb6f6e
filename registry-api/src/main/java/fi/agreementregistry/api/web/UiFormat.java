package fi.agreementregistry.api.web;

import fi.agreementregistry.core.negotiation.LegalBasis;
import fi.agreementregistry.core.party.Party;
import fi.agreementregistry.core.party.PartyDirectory;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.projections.history.HistoryEntry;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Dates as Finns write them (6.10.2025), in every language of the pages, and codes as words of the page's language;
 * used from templates as {@code @uiFormat}.
 */
@Component("uiFormat")
public class UiFormat {

    /** The proleptic year (uuuu, not the year of an era), so a date stored with a year before 1 shows its sign. */
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d.M.uuuu");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("d.M.yyyy H.mm")
            .withZone(ZoneId.of("Europe/Helsinki"));

    private final MessageSource messages;
    private final PartyDirectory directory;

    public UiFormat(MessageSource messages, PartyDirectory directory) {
        this.messages = messages;
        this.directory = directory;
    }

    /**
     * A party's name in the page's language: on a Swedish page the directory's Swedish name (Helsingfors, Östra
     * Nylands välfärdsområde) where it has one, otherwise {@code name} (the Finnish name, as stored with the record).
     */
    public String partyName(String partyId, String name) {
        if (partyId == null || !"sv".equals(LocaleContextHolder.getLocale().getLanguage())) {
            return name;
        }
        try {
            return directory.find(PartyId.of(partyId)).map(Party::nameSv).filter(sv -> !sv.isBlank()).orElse(name);
        } catch (RuntimeException notAPartyId) {
            return name;
        }
    }

    public String date(LocalDate date) {
        return date == null ? "" : DATE.format(date);
    }

    /**
     * The facts of a history entry in one line: body, §, diary number, signatory, responsible body, version; for a
     * negotiation's entry also its duties, the measure, its status change in the page's language and the note.
     */
    public String details(HistoryEntry e) {
        java.util.Locale locale = LocaleContextHolder.getLocale();
        String duties = e.legalBases() == null || e.legalBases().isEmpty() ? null
                : e.legalBases().stream().map(this::duty).collect(java.util.stream.Collectors.joining(", "));
        String status = e.status() == null ? null
                : (e.previousStatus() == null ? "" : measureStatus(e.previousStatus(), locale) + " → ")
                + measureStatus(e.status(), locale);
        return java.util.stream.Stream.of(duties, e.measureText(), status, e.note(), e.decisionBody(), e.section(),
                        e.diaryNumber(),
                        e.signatoryName() == null ? null : e.signatoryName()
                                + (e.signatoryTitle() == null ? "" : ", " + e.signatoryTitle()),
                        e.responsibleBody(), e.dueBy() == null ? null : date(e.dueBy()),
                        e.version() == null ? null : "v" + e.version())
                .filter(java.util.Objects::nonNull).collect(java.util.stream.Collectors.joining(" · "));
    }

    private String measureStatus(String status, java.util.Locale locale) {
        return messages.getMessage("measure.status." + status, null, status, locale);
    }

    public String time(Instant instant) {
        return instant == null ? "" : DATE_TIME.format(instant);
    }

    /** An ISO-8601 instant as {@link #time(Instant)} writes it. */
    public String isoTime(String instant) {
        return instant == null ? "" : time(Instant.parse(instant));
    }

    /**
     * A review's kind in the page's language: the kinds the registry itself uses ({@code AGREEMENT_EVALUATION},
     * {@code PERIODIC_REVIEW}, {@code COUNCIL_TERM_NEGOTIATION}, {@code ANNUAL_WELFARE_NEGOTIATION}) by name
     * ({@code reviewKind.*} in the messages), any other kind (free text a clerk wrote) as written.
     */
    public String reviewKind(String kind) {
        if (kind == null || kind.isBlank()) {
            return "";
        }
        return messages.getMessage("reviewKind." + kind, null, kind, LocaleContextHolder.getLocale());
    }

    /** A statutory duty to negotiate ({@code 611/2021 §14}) in the page's language ({@code county.duty611}). */
    public String duty(String label) {
        return messages.getMessage("county.duty" + LegalBasis.parse(label).act(), null, label,
                LocaleContextHolder.getLocale());
    }
}
