package fi.agreementregistry.projections.agreement;

import java.time.LocalDate;

/** A decision body's approval of one version, e.g. kunnanhallitus 13.3.2023 § 30, 56/15.00.18/2023. */
public record ApprovalView(int version,
                           String decisionBody,
                           LocalDate meetingDate,
                           String section,
                           String diaryNumber,
                           String decisionText) {
}
