package fi.agreementregistry.core.approval;

import fi.agreementregistry.core.agreement.AgreementEvent;
import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.core.party.PartyRef;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Revision 2 adds {@code sectionNumber}, the number of the minutes' section ("§ 30" gives 30; null when the text
 * has none), so approvals can be sorted and matched by section. Revision 1 events are upcast by
 * {@link ApprovalRecordedUpcaster}, beside it.
 */
@Revision("2")
public record ApprovalRecorded(AgreementId agreementId,
                               PartyRef party,
                               int version,
                               String decisionBody,
                               LocalDate meetingDate,
                               String section,
                               Integer sectionNumber,
                               String diaryNumber,
                               String decisionText) implements AgreementEvent {

    private static final Pattern SECTION_NUMBER = Pattern.compile("§\\s*(\\d{1,6})");

    /** The number is taken from the section text. */
    public ApprovalRecorded(AgreementId agreementId, PartyRef party, int version, String decisionBody,
                            LocalDate meetingDate, String section, String diaryNumber, String decisionText) {
        this(agreementId, party, version, decisionBody, meetingDate, section, sectionNumberOf(section), diaryNumber,
                decisionText);
    }

    /** "§ 30" and "30 §" give 30 (the first number after a section sign, else a lone number); otherwise null. */
    public static Integer sectionNumberOf(String section) {
        if (section == null) {
            return null;
        }
        Matcher afterSign = SECTION_NUMBER.matcher(section);
        if (afterSign.find()) {
            return Integer.valueOf(afterSign.group(1));
        }
        Matcher lone = Pattern.compile("^\\s*(\\d{1,6})\\s*§?\\s*$").matcher(section);
        return lone.find() ? Integer.valueOf(lone.group(1)) : null;
    }

    @Override
    public LocalDate effectiveOn() {
        return meetingDate;
    }
}
