package fi.agreementregistry.core.negotiation;

import fi.agreementregistry.core.InvalidValueException;

import java.time.LocalDate;
import java.util.Optional;

/**
 * The periods within which each statutory negotiation must be held at least once.
 * <ul>
 *     <li>{@code 611/2021 §14}: the council term. The first county council term ran 1.3.2022-31.5.2025; since 2025
 *     municipal and county councils both sit from 1 June of the election year to 31 May four years later
 *     (2025-2029 is 1.6.2025-31.5.2029).</li>
 *     <li>{@code 612/2021 §7}: the calendar year, from 2022 (the first county councils began 1.3.2022).</li>
 * </ul>
 * Nothing is due before {@link #FIRST_DAY}.
 */
public final class StatutoryPeriods {

    /** The first county councils began their term; no statutory negotiation was due before. */
    public static final LocalDate FIRST_DAY = LocalDate.of(2022, 3, 1);
    private static final LocalDate FIRST_TERM_END = LocalDate.of(2025, 5, 31);

    /** A period from {@code start} to {@code end}, both included. */
    public record Period(LocalDate start, LocalDate end) {

        public boolean contains(LocalDate date) {
            return !date.isBefore(start) && !date.isAfter(end);
        }
    }

    private StatutoryPeriods() {
    }

    /** The period of {@code basis} that contains {@code date}, which is on or after {@link #FIRST_DAY}. */
    public static Period containing(LegalBasis basis, LocalDate date) {
        if (date.isBefore(FIRST_DAY)) {
            throw new InvalidValueException("no statutory negotiation was due before " + FIRST_DAY
                    + ", when the first county councils began; got " + date);
        }
        return switch (basis) {
            case ACT_611_2021_S14 -> councilTerm(date);
            case ACT_612_2021_S7 -> new Period(LocalDate.of(date.getYear(), 1, 1), LocalDate.of(date.getYear(), 12, 31));
        };
    }

    /** The period just before {@code period}, if the duty existed then. */
    public static Optional<Period> previous(LegalBasis basis, Period period) {
        LocalDate dayBefore = period.start().minusDays(1);
        return dayBefore.isBefore(FIRST_DAY) ? Optional.empty() : Optional.of(containing(basis, dayBefore));
    }

    private static Period councilTerm(LocalDate date) {
        if (!date.isAfter(FIRST_TERM_END)) {
            return new Period(FIRST_DAY, FIRST_TERM_END);
        }
        // Terms since 2025 start on 1 June of 2025, 2029, 2033, ...
        int year = date.getMonthValue() >= 6 ? date.getYear() : date.getYear() - 1;
        int startYear = 2025 + Math.floorDiv(year - 2025, 4) * 4;
        return new Period(LocalDate.of(startYear, 6, 1), LocalDate.of(startYear + 4, 5, 31));
    }
}
