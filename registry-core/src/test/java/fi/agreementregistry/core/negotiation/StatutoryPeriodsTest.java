package fi.agreementregistry.core.negotiation;

import fi.agreementregistry.core.InvalidValueException;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static fi.agreementregistry.core.negotiation.LegalBasis.ACT_611_2021_S14;
import static fi.agreementregistry.core.negotiation.LegalBasis.ACT_612_2021_S7;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatutoryPeriodsTest {

    private static StatutoryPeriods.Period period(String start, String end) {
        return new StatutoryPeriods.Period(LocalDate.parse(start), LocalDate.parse(end));
    }

    @Test
    void theFirstCountyTermRunsFromMarch2022ToMay2025() {
        assertThat(StatutoryPeriods.containing(ACT_611_2021_S14, LocalDate.of(2022, 3, 1)))
                .isEqualTo(period("2022-03-01", "2025-05-31"));
        assertThat(StatutoryPeriods.containing(ACT_611_2021_S14, LocalDate.of(2025, 5, 31)))
                .isEqualTo(period("2022-03-01", "2025-05-31"));
    }

    @Test
    void laterTermsRunFromJuneOfTheElectionYearToMayFourYearsLater() {
        assertThat(StatutoryPeriods.containing(ACT_611_2021_S14, LocalDate.of(2025, 6, 1)))
                .isEqualTo(period("2025-06-01", "2029-05-31"));
        assertThat(StatutoryPeriods.containing(ACT_611_2021_S14, LocalDate.of(2029, 5, 31)))
                .isEqualTo(period("2025-06-01", "2029-05-31"));
        assertThat(StatutoryPeriods.containing(ACT_611_2021_S14, LocalDate.of(2029, 6, 1)))
                .isEqualTo(period("2029-06-01", "2033-05-31"));
        assertThat(StatutoryPeriods.previous(ACT_611_2021_S14, period("2025-06-01", "2029-05-31")))
                .contains(period("2022-03-01", "2025-05-31"));
        assertThat(StatutoryPeriods.previous(ACT_611_2021_S14, period("2022-03-01", "2025-05-31"))).isEmpty();
    }

    @Test
    void theYearlyDutyRunsByCalendarYear() {
        assertThat(StatutoryPeriods.containing(ACT_612_2021_S7, LocalDate.of(2025, 12, 31)))
                .isEqualTo(period("2025-01-01", "2025-12-31"));
        assertThat(StatutoryPeriods.containing(ACT_612_2021_S7, LocalDate.of(2026, 1, 1)))
                .isEqualTo(period("2026-01-01", "2026-12-31"));
        assertThat(StatutoryPeriods.previous(ACT_612_2021_S7, period("2022-01-01", "2022-12-31"))).isEmpty();
    }

    @Test
    void nothingIsDueBeforeTheFirstCountyCouncils() {
        assertThatThrownBy(() -> StatutoryPeriods.containing(ACT_612_2021_S7, LocalDate.of(2022, 2, 28)))
                .isInstanceOf(InvalidValueException.class);
    }

    @Test
    void legalBasesAreWrittenAsTheLawsSection() {
        assertThat(LegalBasis.parse(" 611/2021  §14")).isEqualTo(ACT_611_2021_S14);
        assertThatThrownBy(() -> LegalBasis.parse("611/2021 §15")).isInstanceOf(InvalidValueException.class);
    }
}
