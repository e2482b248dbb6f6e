package fi.agreementregistry.api.application.requests;

import com.fasterxml.jackson.annotation.JsonAlias;
import fi.agreementregistry.core.agreement.AgreementId;
import jakarta.validation.constraints.NotNull;

import java.time.LocalDate;

public record SupersessionRequest(
        @NotNull @JsonAlias("successor") AgreementId successorId,
        @NotNull @JsonAlias({"date", "effectiveOn"}) LocalDate supersededOn) {
}
