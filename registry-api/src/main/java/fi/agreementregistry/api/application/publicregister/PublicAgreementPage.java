package fi.agreementregistry.api.application.publicregister;

import java.util.List;

/**
 * One page of the public list, by page number: {@code page} counts from 1, {@code pages} is how many there are for
 * these filters ({@code total} agreements, {@code limit} a page).
 */
public record PublicAgreementPage(List<PublicAgreementSummary> agreements, int page, int limit, int pages, long total,
                                  PublicRegisterProperties.Licence licence) {

    public boolean hasNext() {
        return page < pages;
    }

    public boolean hasPrevious() {
        return page > 1;
    }
}
