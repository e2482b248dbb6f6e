package fi.agreementregistry.api.application.requests;

import fi.agreementregistry.core.negotiation.MeasureStatus;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.LocalDate;

/** A measure's new status, the day it changed and a note on what was done or decided. */
public record MeasureStatusRequest(
        @NotNull MeasureStatus status,
        @NotNull LocalDate on,
        @NotBlank @MultiLineText @Size(max = 2_000) String note) {
}
