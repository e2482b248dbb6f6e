package fi.agreementregistry.api.application.requests;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * {@code groups}: the processing groups to rebuild in one pass (e.g. {@code agreement-history}), or
 * {@code read-models} for every read model.
 */
public record ReplayRequest(
        @NotEmpty(message = "name at least one processing group to rebuild")
        @Size(max = 20) List<@SingleLineText @Size(max = 100) String> groups) {
}
