package fi.agreementregistry.core.negotiation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import fi.agreementregistry.core.InvalidValueException;

import java.util.Arrays;

/**
 * The statutory duties to negotiate, written as the law's number and section ({@code "611/2021 §14"}), each with the
 * period within which it must be met at least once ({@link StatutoryPeriods}).
 */
public enum LegalBasis {

    /** Act 611/2021 section 14: the county and its municipalities, at least once per council term. */
    ACT_611_2021_S14("611/2021 §14"),
    /** Act 612/2021 section 7(4) (section 6(4) for municipalities): health and wellbeing promotion, once a year. */
    ACT_612_2021_S7("612/2021 §7");

    private final String label;

    LegalBasis(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    /** The act's number, "611" or "612": short and stable, for message keys and calendar identifiers. */
    public String act() {
        return label.substring(0, label.indexOf('/'));
    }

    @JsonCreator
    public static LegalBasis parse(String text) {
        String normalized = text == null ? "" : text.strip().replaceAll("\\s+", " ");
        return Arrays.stream(values()).filter(basis -> basis.label.equals(normalized)).findFirst()
                .orElseThrow(() -> new InvalidValueException("a legal basis is one of "
                        + Arrays.stream(values()).map(LegalBasis::label).toList() + "; got: " + text));
    }

    @Override
    public String toString() {
        return label;
    }
}
