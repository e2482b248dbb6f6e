package fi.agreementregistry.api.web;

import org.springframework.http.HttpStatus;

/**
 * A refusal a page words in its own language: the title and detail are message keys ({@code detailKey} with
 * {@code args}), which {@link UiAdvice} shows on the error page with the status.
 */
class PageRefusal extends RuntimeException {

    private final HttpStatus status;
    private final String titleKey;
    private final String detailKey;
    private final transient Object[] args;

    PageRefusal(HttpStatus status, String titleKey, String detailKey, Object... args) {
        super(detailKey, null, false, false);
        this.status = status;
        this.titleKey = titleKey;
        this.detailKey = detailKey;
        this.args = args;
    }

    HttpStatus status() {
        return status;
    }

    String titleKey() {
        return titleKey;
    }

    String detailKey() {
        return detailKey;
    }

    Object[] args() {
        return args;
    }
}
