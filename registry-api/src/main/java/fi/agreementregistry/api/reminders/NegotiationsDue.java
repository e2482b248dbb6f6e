package fi.agreementregistry.api.reminders;

import fi.agreementregistry.core.party.PartyRef;

import java.time.LocalDate;
import java.util.List;

/**
 * The statutory negotiations (Act 611/2021 section 14, Act 612/2021 section 7) not yet held as of a day, which the
 * reminders cover beside the reviews. The application layer answers it ({@code NegotiationReads}): the reminders
 * cannot call the application layer, which reads their outbox.
 */
public interface NegotiationsDue {

    /** Every county's negotiations not yet held as of {@code day}: one per county, duty and period. */
    List<Due> due(LocalDate day);

    /**
     * One negotiation a county has still to hold: the duty ({@code 611/2021 §14}), the period it is due in (ended
     * already when it is overdue), and the county's municipalities that have not negotiated in that period.
     */
    record Due(PartyRef welfareArea, String duty, LocalDate periodStart, LocalDate periodEnd,
               List<PartyRef> municipalities) {

        public Due {
            municipalities = List.copyOf(municipalities);
        }

        /** What it is, for the reminders' keys: {@code 611/2021 §14|welfare-area:09|2025-06-01}. */
        public String key() {
            return duty + "|" + welfareArea.id().value() + "|" + periodStart;
        }
    }
}
