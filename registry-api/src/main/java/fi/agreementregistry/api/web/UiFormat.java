package fi.agreementregistry.api.web;

import fi.agreementregistry.api.application.PartyReads;
import fi.agreementregistry.core.negotiation.LegalBasis;
import fi.agreementregistry.projections.history.HistoryEntry;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

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
    private final PartyReads parties;

    public UiFormat(MessageSource messages, PartyReads parties) {
        this.messages = messages;
        this.parties = parties;
    }

    /**
     * A party's name in the page's language: on a Swedish page the directory's Swedish name (Helsingfors, Östra
     * Nylands välfärdsområde) where it has one, otherwise {@code name} (the Finnish name, as stored with the record).
     */
    public String partyName(String partyId, String name) {
        if (partyId == null || !"sv".equals(LocaleContextHolder.getLocale().getLanguage())) {
            return name;
        }
        return parties.name(partyId, LocaleContextHolder.getLocale()).orElse(name);
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

    /**
     * A party by its name in the directory ("Hämeenlinna", on a Swedish page "Tavastehus"; not "municipality:109"); an
     * id it does not know as is.
     */
    public String party(String partyId) {
        return partyId == null || partyId.isBlank() ? ""
                : parties.name(partyId, LocaleContextHolder.getLocale()).orElse(partyId);
    }

    /** Which reminder of a review it is, in words: so many days before its due date, on it, or so many days late. */
    public String reminder(long daysToDue) {
        Locale locale = LocaleContextHolder.getLocale();
        return daysToDue > 0 ? messages.getMessage("reminder.before", new Object[]{daysToDue}, locale)
                : daysToDue == 0 ? messages.getMessage("reminder.onDueDate", null, locale)
                : messages.getMessage("reminder.late", new Object[]{-daysToDue}, locale);
    }

    /**
     * A broken rule ({@code AgreementRule}, {@code NegotiationRule}) or another kind of problem by its name in the
     * page's language: "Päivä on tulevaisuudessa", not {@code date-in-the-future} ({@code problem.*} in the messages;
     * {@code ProblemTitlesTest} checks that every rule has one).
     */
    public String problem(String type) {
        if (type == null || type.isBlank()) {
            return "";
        }
        return messages.getMessage("problem." + type, null, type, LocaleContextHolder.getLocale());
    }

    /** A statutory duty to negotiate ({@code 611/2021 §14}) in the page's language ({@code county.duty611}). */
    public String duty(String label) {
        return messages.getMessage("county.duty" + LegalBasis.parse(label).act(), null, label,
                LocaleContextHolder.getLocale());
    }
}
