package fi.agreementregistry.core.negotiation;

import java.time.LocalDate;

/**
 * Where the negotiation's minutes are: the body that kept them, its meeting date, the section (pykälä) and the
 * diary number where the minutes give one.
 */
public record MinutesReference(String body, LocalDate meetingDate, String section, String diaryNumber) {
}
