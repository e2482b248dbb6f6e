package fi.agreementregistry.api.application;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;

/**
 * {@code registry.accessibility.*}: what the accessibility statement says about who provides the service and who
 * supervises it, and how much feedback one client may send. The defaults are here and nowhere else.
 *
 * @param provider       the organisation that provides the registry and answers feedback (empty: the statement names
 *                       the service only)
 * @param statementDate  when the statement was written or last reviewed by a person
 * @param feedbackEmail  an address for feedback besides the form (empty: the form only)
 * @param authority      the supervising authority and how to reach it
 * @param feedback       limits on the feedback form
 */
@ConfigurationProperties(prefix = "registry.accessibility")
public record AccessibilityProperties(String provider, LocalDate statementDate, String feedbackEmail,
                                      Authority authority, Feedback feedback) {

    public AccessibilityProperties {
        provider = provider == null ? "" : provider.strip();
        statementDate = statementDate == null ? LocalDate.of(2026, 12, 1) : statementDate;
        feedbackEmail = feedbackEmail == null ? "" : feedbackEmail.strip();
        authority = authority == null ? new Authority(null, null, null, null) : authority;
        feedback = feedback == null ? new Feedback(null, null, null) : feedback;
    }

    /**
     * The authority that supervises the accessibility of public digital services (Act 306/2019), by language. The
     * default is the Finnish Transport and Communications Agency Traficom: Government proposal HE 71/2024 moved the
     * task there from the Regional State Administrative Agency for Southern Finland from 1 January 2025 (and the
     * regional state administrative agencies themselves closed at the end of 2025), and saavutettavuusvaatimukset.fi,
     * the supervisor's own pages, tell users to contact Traficom. Its e-mail address and phone number have no default,
     * since none could be confirmed: set them (README, "Accessibility").
     *
     * @param name    per language (fi, sv, en)
     * @param webpage per language (fi, sv, en), where its complaint forms are
     * @param email   empty: not shown
     * @param phone   empty: not shown
     */
    public record Authority(Map<String, String> name, Map<String, String> webpage, String email, String phone) {
        public Authority {
            name = name == null || name.isEmpty() ? Map.of(
                    "fi", "Liikenne- ja viestintävirasto Traficom, saavutettavuusvalvonta",
                    "sv", "Transport- och kommunikationsverket Traficom, tillgänglighetstillsynen",
                    "en", "Finnish Transport and Communications Agency Traficom, accessibility supervision") : Map.copyOf(name);
            webpage = webpage == null || webpage.isEmpty() ? Map.of(
                    "fi", "https://www.saavutettavuusvaatimukset.fi",
                    "sv", "https://www.tillganglighetskrav.fi",
                    "en", "https://www.webaccessibility.fi") : Map.copyOf(webpage);
            email = email == null ? "" : email.strip();
            phone = phone == null ? "" : phone.strip();
        }

        public String nameIn(String language) {
            return in(name, language);
        }

        public String webpageIn(String language) {
            return in(webpage, language);
        }

        /** The value for a language, else the Finnish one. */
        private static String in(Map<String, String> values, String language) {
            return values.getOrDefault(language, values.getOrDefault("fi", ""));
        }
    }

    /**
     * @param perAddress messages one client address may send per {@code period} (default 10)
     * @param perPeriod  messages everyone together may send per {@code period} (default 200): a flood from many
     *                   addresses cannot fill the database either
     * @param period     default one hour
     */
    public record Feedback(Integer perAddress, Integer perPeriod, Duration period) {
        public Feedback {
            perAddress = perAddress == null ? 10 : perAddress;
            perPeriod = perPeriod == null ? 200 : perPeriod;
            period = period == null ? Duration.ofHours(1) : period;
            if (perAddress < 1 || perPeriod < 1 || period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("registry.accessibility.feedback: per-address and per-period must "
                        + "be at least 1 and period positive, got " + perAddress + ", " + perPeriod + ", " + period);
            }
        }
    }
}
