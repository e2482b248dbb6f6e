package fi.agreementregistry.api.application.publicregister;

import fi.agreementregistry.core.agreement.AgreementKind;
import fi.agreementregistry.core.agreement.AgreementStatus;
import fi.agreementregistry.core.agreement.CouncilTerm;
import fi.agreementregistry.core.party.PartyId;

import java.util.Locale;

/**
 * What the public list is filtered by; every criterion may be null ("any"). {@code words}: every word must be in the
 * title (any case). {@code region}: exactly, in any case.
 */
public record PublicSearch(String words, PartyId party, String region, CouncilTerm councilTerm, AgreementKind kind,
                           AgreementStatus status) {

    boolean matches(PublicAgreementSummary agreement) {
        return (party == null || agreement.parties().stream().anyMatch(p -> p.id().equals(party.value())))
                && (region == null || region.equalsIgnoreCase(agreement.region()))
                && (councilTerm == null || councilTerm.toString().equals(agreement.councilTerm()))
                && (kind == null || kind == agreement.kind())
                && (status == null || status == agreement.status())
                && titleHasEveryWord(agreement.title());
    }

    private boolean titleHasEveryWord(String title) {
        if (words == null || words.isBlank()) {
            return true;
        }
        String lowerTitle = title == null ? "" : title.toLowerCase(Locale.ROOT);
        for (String word : words.toLowerCase(Locale.ROOT).trim().split("\\s+")) {
            if (!lowerTitle.contains(word)) {
                return false;
            }
        }
        return true;
    }
}
