package fi.agreementregistry.api.application;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The window of business dates: its defaults, its configuration, and what it refuses. */
class DateWindowTest {

    @Test
    void theDefaultsAreTheFirstDayOf1900AndTheLastOf2199() {
        DateWindow window = DateWindow.defaults();
        assertThat(window.earliest()).isEqualTo(LocalDate.of(1900, 1, 1));
        assertThat(window.latest()).isEqualTo(LocalDate.of(2199, 12, 31));
        assertThat(window.require("dueBy", LocalDate.of(2199, 12, 31))).isEqualTo(LocalDate.of(2199, 12, 31));
        assertThat(window.require("dueBy", (LocalDate) null)).isNull();
        assertThatThrownBy(() -> window.require("dueBy", LocalDate.of(2200, 1, 1)))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
                    assertThat(e.field()).isEqualTo("dueBy");
                    assertThat(e.getMessage()).contains("2200-01-01", "1900-01-01", "2199-12-31");
                });
        assertThat(window.require("knownAt", Instant.parse("2199-12-31T23:59:59Z"))).isNotNull();
        assertThatThrownBy(() -> window.require("knownAt", Instant.MAX)).isInstanceOf(InvalidFieldException.class);
        assertThatThrownBy(() -> window.require("knownAt", Instant.parse("1899-12-31T23:59:59Z")))
                .isInstanceOf(InvalidFieldException.class);
        assertThat(window.clamp(LocalDate.MIN)).isEqualTo(window.earliest());
        assertThat(window.clamp(LocalDate.MAX)).isEqualTo(window.latest());
    }

    @Test
    void theWindowIsConfiguredUnderRegistryDates() {
        DateWindow window = new Binder(new MapConfigurationPropertySource(Map.of(
                "registry.dates.earliest", "2000-01-01", "registry.dates.latest", "2030-12-31")))
                .bind("registry.dates", DateWindow.class).get();
        assertThat(window).isEqualTo(new DateWindow(LocalDate.of(2000, 1, 1), LocalDate.of(2030, 12, 31)));
        assertThatThrownBy(() -> window.require("signedOn", LocalDate.of(2031, 1, 1)))
                .isInstanceOf(InvalidFieldException.class);
    }

    @Test
    void aWindowBackwardsOrBeyondFourDigitYearsStopsTheStartUp() {
        assertThatThrownBy(() -> new DateWindow(LocalDate.of(2100, 1, 1), LocalDate.of(2000, 1, 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DateWindow(LocalDate.of(1, 1, 1), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DateWindow(null, LocalDate.of(9999, 12, 31)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
