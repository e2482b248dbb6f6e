package fi.agreementregistry.projections.agreement;

import java.util.List;

/** The answer to {@link FindAgreements}, ordered by title, then id. */
public record AgreementList(List<AgreementView> agreements) {

    public AgreementList {
        agreements = List.copyOf(agreements);
    }
}
