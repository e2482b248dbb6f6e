package fi.agreementregistry.projections.support;

import com.mongodb.client.model.Filters;
import org.bson.conversions.Bson;

import java.time.LocalDate;

/**
 * Date filters on fields that hold ISO-8601 dates as text ("2023-03-13"), comparing them as dates. Text order is
 * date order only among four-digit years: a year after 9999 is written with a plus sign ("+10000-01-01") and a year
 * before 0 with a minus sign ("-0001-01-01"), and both signs sort before every digit, so a plain {@code $lte} on
 * "2000-01-01" would match the year 999999999. Such dates can be in the read models (events stored before the API
 * refused them), so these filters treat "+..." as after and "-..." as before any four-digit year. The bounds
 * themselves must have four-digit years, as every date the API accepts has.
 */
public final class IsoDateFilters {

    private IsoDateFilters() {
    }

    /** The field's date is {@code bound} or later. */
    public static Bson onOrAfter(String field, LocalDate bound) {
        return Filters.or(Filters.gte(field, text(bound)), Filters.regex(field, "^\\+"));
    }

    /** The field's date is {@code bound} or earlier. */
    public static Bson onOrBefore(String field, LocalDate bound) {
        return Filters.or(Filters.and(Filters.gte(field, "0"), Filters.lte(field, text(bound))),
                Filters.regex(field, "^-"));
    }

    private static String text(LocalDate bound) {
        if (bound.getYear() < 0 || bound.getYear() > 9999) {
            throw new IllegalArgumentException("a date filter takes years 0 to 9999; got " + bound);
        }
        return bound.toString();
    }
}
