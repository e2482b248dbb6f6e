package fi.agreementregistry.api.export;

import fi.agreementregistry.api.application.publicregister.PublicAgreement;
import fi.agreementregistry.api.application.publicregister.PublicRegisterProperties;
import fi.agreementregistry.api.security.PublicPaths;
import fi.agreementregistry.core.agreement.AgreementStatus;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every public agreement as JSON-LD 1.1: a schema.org {@code Dataset} under the configured licence whose parts are the
 * agreements, each a schema.org {@code Legislation} and an ELI {@code LegalResource}. The {@code @context} is in the
 * document itself (nothing to fetch), and {@code docs/open-data.md} explains each term and why it was chosen. Terms that
 * neither vocabulary has (a decision's §, the council term, signatures by title, reviews) are in the registry's own
 * vocabulary, {@value #VOCABULARY}.
 */
public final class PublicJsonLd {

    public static final String MEDIA_TYPE = "application/ld+json";
    /** The registry's own terms; a URN, since no address of this registry is the same in every deployment. */
    public static final String VOCABULARY = "urn:agreement-registry:vocab:";

    private PublicJsonLd() {
    }

    /** The {@code @context}: short names of the terms used, mapped to schema.org, ELI and the registry's own. */
    public static Map<String, Object> context() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("@version", 1.1);
        c.put("schema", "https://schema.org/");
        c.put("eli", "http://data.europa.eu/eli/ontology#");
        c.put("xsd", "http://www.w3.org/2001/XMLSchema#");
        c.put("reg", VOCABULARY);
        c.put("Dataset", "schema:Dataset");
        c.put("Legislation", "schema:Legislation");
        c.put("LegalResource", "eli:LegalResource");
        c.put("GovernmentOrganization", "schema:GovernmentOrganization");
        c.put("Signature", "reg:Signature");
        c.put("Review", "reg:Review");
        c.put("name", "schema:name");
        c.put("identifier", "schema:identifier");
        c.put("url", Map.of("@id", "schema:url", "@type", "@id"));
        c.put("license", Map.of("@id", "schema:license", "@type", "@id"));
        c.put("hasPart", Map.of("@id", "schema:hasPart", "@container", "@set"));
        c.put("legislationType", "schema:legislationType");
        c.put("legislationJurisdiction", "schema:legislationJurisdiction");
        c.put("legislationIdentifier", "schema:legislationIdentifier");
        c.put("legislationDate", date("schema:legislationDate"));
        c.put("legislationDateVersion", date("schema:legislationDateVersion"));
        c.put("legislationLegalForce", Map.of("@id", "schema:legislationLegalForce", "@type", "@vocab"));
        c.put("InForce", "schema:InForce");
        c.put("NotInForce", "schema:NotInForce");
        c.put("legislationPassedBy", Map.of("@id", "schema:legislationPassedBy", "@container", "@set"));
        c.put("legislationConsolidates", Map.of("@id", "schema:legislationConsolidates", "@type", "@id"));
        c.put("isBasedOn", Map.of("@id", "schema:isBasedOn", "@container", "@set"));
        c.put("workExample", Map.of("@id", "schema:workExample", "@container", "@list"));
        c.put("parentOrganization", "schema:parentOrganization");
        c.put("version", "schema:version");
        c.put("text", "schema:text");
        c.put("firstDateEntryInForce", date("eli:first_date_entry_in_force"));
        c.put("dateNoLongerInForce", date("eli:date_no_longer_in_force"));
        c.put("repeals", Map.of("@id", "eli:repeals", "@type", "@id"));
        c.put("repealedBy", Map.of("@id", "eli:repealed_by", "@type", "@id"));
        c.put("councilTerm", "reg:councilTerm");
        c.put("section", "reg:section");
        c.put("signature", Map.of("@id", "reg:signature", "@container", "@set"));
        c.put("signatoryTitle", "reg:signatoryTitle");
        c.put("signatoryName", "reg:signatoryName");
        c.put("organisation", "reg:organisation");
        c.put("signedOn", date("reg:signedOn"));
        c.put("review", Map.of("@id", "reg:review", "@container", "@set"));
        c.put("reviewKind", "reg:reviewKind");
        c.put("dueBy", date("reg:dueBy"));
        c.put("responsibleBody", "reg:responsibleBody");
        c.put("completedOn", date("reg:completedOn"));
        c.put("outcome", "reg:outcome");
        c.put("minutesReference", "reg:minutesReference");
        return c;
    }

    private static Map<String, String> date(String id) {
        return Map.of("@id", id, "@type", "xsd:date");
    }

    /**
     * @param base  where the registry is reached; every {@code @id} is an absolute address under it (the agreement's
     *              JSON in the public API)
     * @param title the dataset's name
     */
    public static Map<String, Object> write(List<PublicAgreement> agreements, PublicRegisterProperties.Licence licence,
                                            String base, String title) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("@context", context());
        document.put("@id", base + PublicPaths.API + "/agreements.jsonld");
        document.put("@type", "Dataset");
        document.put("name", title);
        document.put("license", licence.url());
        document.put("url", base + PublicPaths.pages("fi"));
        document.put("hasPart", agreements.stream().map(a -> agreement(a, base)).toList());
        return document;
    }

    private static Map<String, Object> agreement(PublicAgreement a, String base) {
        String id = iri(base, a.id());
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("@id", id);
        node.put("@type", List.of("Legislation", "LegalResource"));
        node.put("identifier", a.id());
        node.put("name", a.title());
        node.put("url", base + a.links().fi());
        put(node, "legislationType", a.kind() == null ? null : a.kind().name());
        put(node, "legislationJurisdiction", a.region());
        put(node, "councilTerm", a.councilTerm());
        node.put("legislationLegalForce", a.status() == AgreementStatus.IN_FORCE ? "InForce" : "NotInForce");
        node.put("legislationDate", a.enteredIntoForceOn().toString());
        node.put("firstDateEntryInForce", a.enteredIntoForceOn().toString());
        put(node, "dateNoLongerInForce", a.endedOn());
        node.put("legislationPassedBy", a.parties().stream().map(p -> organisation(p.id(), p.name())).toList());
        node.put("isBasedOn", approvals(a, id));
        node.put("workExample", a.versions().stream().map(v -> version(a, v, id)).toList());
        node.put("signature", a.parties().stream().flatMap(p -> p.signatures().stream().map(s -> {
            Map<String, Object> signature = new LinkedHashMap<>();
            signature.put("@type", "Signature");
            signature.put("version", s.version());
            put(signature, "signatoryTitle", s.signatoryTitle());
            put(signature, "signatoryName", s.signatoryName());
            signature.put("organisation", organisation(p.id(), s.organisation()));
            signature.put("signedOn", s.signedOn().toString());
            return signature;
        })).toList());
        node.put("review", a.reviews().stream().map(r -> {
            Map<String, Object> review = new LinkedHashMap<>();
            review.put("@type", "Review");
            put(review, "reviewKind", r.kind());
            put(review, "dueBy", r.dueBy());
            put(review, "responsibleBody", r.responsibleBody());
            put(review, "completedOn", r.completedOn());
            put(review, "outcome", r.outcome() == null ? null : r.outcome().name());
            put(review, "minutesReference", r.minutesReference());
            return review;
        }).toList());
        if (a.supersedes() != null) {
            node.put("repeals", iri(base, a.supersedes().id()));
        }
        if (a.supersededBy() != null) {
            node.put("repealedBy", iri(base, a.supersededBy().id()));
        }
        return node;
    }

    /** Each party's approvals: decisions of its body, the legal acts the agreement rests on. */
    private static List<Map<String, Object>> approvals(PublicAgreement a, String agreementId) {
        List<Map<String, Object>> decisions = new ArrayList<>();
        for (PublicAgreement.Party party : a.parties()) {
            for (PublicAgreement.Approval approval : party.approvals()) {
                Map<String, Object> decision = new LinkedHashMap<>();
                decision.put("@id", agreementId + "#approval-" + party.id() + "-v" + approval.version());
                decision.put("@type", "Legislation");
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("@type", "GovernmentOrganization");
                body.put("name", approval.decisionBody());
                body.put("parentOrganization", organisation(party.id(), party.name()));
                decision.put("legislationPassedBy", List.of(body));
                put(decision, "legislationDate", approval.meetingDate());
                put(decision, "section", approval.section());
                put(decision, "legislationIdentifier", approval.diaryNumber());
                decision.put("version", approval.version());
                decisions.add(decision);
            }
        }
        return decisions;
    }

    private static Map<String, Object> version(PublicAgreement a, PublicAgreement.Version v, String agreementId) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("@id", agreementId + "#version-" + v.version());
        node.put("@type", "Legislation");
        node.put("version", v.version());
        node.put("legislationDateVersion", v.inForceFrom().toString());
        put(node, "dateNoLongerInForce", v.inForceUntil());
        node.put("text", v.principles().stream().map(p -> p.number() + ". " + p.text()).toList());
        if (v.changes() != null) {
            node.put("legislationConsolidates", agreementId + "#version-" + v.changes().fromVersion());
        }
        return node;
    }

    private static Map<String, Object> organisation(String id, String name) {
        Map<String, Object> organisation = new LinkedHashMap<>();
        organisation.put("@type", "GovernmentOrganization");
        organisation.put("identifier", id);
        organisation.put("name", name);
        return organisation;
    }

    private static String iri(String base, String agreementId) {
        return base + PublicPaths.API + "/agreements/" + agreementId;
    }

    private static void put(Map<String, Object> node, String term, Object value) {
        if (value != null) {
            node.put(term, value instanceof LocalDate date ? date.toString() : Objects.toString(value));
        }
    }
}
