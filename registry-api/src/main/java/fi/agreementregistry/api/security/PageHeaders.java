package fi.agreementregistry.api.security;

/** What every page's answer says to the browser, the signed-in pages' and the public register's alike. */
public final class PageHeaders {

    /** Scripts, styles and images only from the registry itself; no inline script (there is none), no framing. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private PageHeaders() {
    }
}
