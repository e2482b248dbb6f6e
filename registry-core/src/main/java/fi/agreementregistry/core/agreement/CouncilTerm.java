package fi.agreementregistry.core.agreement;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import fi.agreementregistry.core.InvalidValueException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A council term (valtuustokausi) such as 2025-2029, written with a hyphen or an en dash. */
public record CouncilTerm(int startYear, int endYear) {

    private static final Pattern FORMAT = Pattern.compile("\\s*(\\d{4})\\s*[-\u2013]\\s*(\\d{4})\\s*");

    public CouncilTerm {
        if (startYear < 1900 || endYear > 2200 || endYear <= startYear) {
            throw new InvalidValueException("a council term runs from one year to a later one, such as 2025-2029; got "
                    + startYear + "-" + endYear);
        }
    }

    @JsonCreator
    public static CouncilTerm parse(String text) {
        Matcher m = text == null ? null : FORMAT.matcher(text);
        if (m == null || !m.matches()) {
            throw new InvalidValueException("a council term is written as two years, such as 2025-2029; got: " + text);
        }
        return new CouncilTerm(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    @JsonValue
    @Override
    public String toString() {
        return startYear + "-" + endYear;
    }
}
