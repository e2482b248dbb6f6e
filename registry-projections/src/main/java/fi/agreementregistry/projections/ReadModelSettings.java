package fi.agreementregistry.projections;

/**
 * How the read models answer ({@code registry.reviews.*}, bound in registry-api, which has Spring Boot). The default
 * is here and nowhere else: a setting left out (null) takes it.
 *
 * @param dueSoonDays a review due within this many days (counting today) is DUE_SOON (default 30)
 */
public record ReadModelSettings(Integer dueSoonDays) {

    public ReadModelSettings {
        dueSoonDays = dueSoonDays == null ? 30 : dueSoonDays;
    }
}
