package fi.agreementregistry.projections.agreement;

import java.time.LocalDate;

/** A signatory's signature of one version for a party. */
public record SignatureView(int version, String name, String title, LocalDate signedOn) {
}
