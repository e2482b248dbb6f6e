package fi.agreementregistry.api.web;

import fi.agreementregistry.api.application.InvalidFieldException;
import fi.agreementregistry.api.application.NotFoundException;
import fi.agreementregistry.api.application.publicregister.PublicAgreement;
import fi.agreementregistry.api.application.publicregister.PublicAgreementPage;
import fi.agreementregistry.api.application.publicregister.PublicRegister;
import fi.agreementregistry.api.application.publicregister.PublicRegisterProperties;
import fi.agreementregistry.api.security.PublicPaths;
import fi.agreementregistry.core.agreement.AgreementKind;
import fi.agreementregistry.core.agreement.AgreementStatus;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The public register's pages (issue 18), without a sign-in: the search of the public agreements and one agreement,
 * at {@code /julkinen}, {@code /offentlig} and {@code /public}, each in its language ({@link PublicPaths}). They read
 * only {@link PublicRegister}, whose records hold nothing but what is public, and link to no signed-in page but the
 * sign-in itself.
 */
@ConditionalOnWebApplication
@Controller
class PublicRegisterPageController {

    /** Agreements a page of the search. */
    static final int PAGE_SIZE = 20;

    private final PublicRegister register;

    PublicRegisterPageController(PublicRegister register) {
        this.register = register;
    }

    /** The filters as the form sends them, to fill the form again. */
    record Filters(String q, String party, String region, String councilTerm, String kind, String status) {

        Map<String, String> present() {
            Map<String, String> present = new LinkedHashMap<>();
            Stream.of(Map.entry("q", nz(q)), Map.entry("party", nz(party)), Map.entry("region", nz(region)),
                            Map.entry("councilTerm", nz(councilTerm)), Map.entry("kind", nz(kind)),
                            Map.entry("status", nz(status)))
                    .filter(e -> !e.getValue().isBlank())
                    .forEach(e -> present.put(e.getKey(), e.getValue()));
            return present;
        }

        private static String nz(String value) {
            return value == null ? "" : value;
        }
    }

    /** A party's line in the table of decisions and signatures: the version that entered into force. */
    record PartyRow(String id, String name, PublicAgreement.Approval approval, PublicAgreement.Signature signature) {

        /** Title and organisation; the name first where the registry publishes names. */
        public String signatory() {
            return signature == null ? "" : Stream.of(signature.signatoryName(), signature.signatoryTitle(),
                    signature.organisation()).filter(Objects::nonNull).collect(Collectors.joining(", "));
        }
    }

    /** A party's approval of an amended version. */
    record AmendmentApproval(String party, PublicAgreement.Approval approval) {
    }

    @GetMapping({"/julkinen", "/offentlig", "/public"})
    String search(@RequestParam(required = false) String q, @RequestParam(required = false) String party,
                  @RequestParam(required = false) String region, @RequestParam(required = false) String councilTerm,
                  @RequestParam(required = false) String kind, @RequestParam(required = false) String status,
                  @RequestParam(required = false) Integer page, HttpServletRequest request, Model model) {
        Filters filters = new Filters(q, party, region, councilTerm, kind, status);
        PublicRegister.SearchPage found = register.searchPage(PublicRegister.criteria(q, party, region, councilTerm,
                kind, status), page, PAGE_SIZE);
        PublicAgreementPage results = found.results();
        String root = root(request);
        common(model.asMap(), request, register.licence());
        model.addAttribute("filters", filters);
        model.addAttribute("results", results);
        model.addAttribute("options", found.options());
        model.addAttribute("kinds", AgreementKind.values());
        model.addAttribute("statuses", List.of(AgreementStatus.IN_FORCE, AgreementStatus.SUPERSEDED,
                AgreementStatus.TERMINATED));
        model.addAttribute("previousPage", pageLink(root, filters, results.page() - 1));
        model.addAttribute("nextPage", pageLink(root, filters, results.page() + 1));
        return "public/agreements";
    }

    @GetMapping({"/julkinen/{id}", "/offentlig/{id}", "/public/{id}"})
    String agreement(@PathVariable String id, HttpServletRequest request, Model model) {
        PublicAgreement agreement = register.agreement(id);
        int entered = agreement.versions().get(0).version();
        common(model.asMap(), request, register.licence());
        model.addAttribute("agreement", agreement);
        model.addAttribute("partyRows", agreement.parties().stream().map(p -> new PartyRow(p.id(), p.name(),
                p.approvals().stream().filter(a -> a.version() == entered).findFirst().orElse(null),
                p.signatures().stream().filter(s -> s.version() == entered).findFirst().orElse(null))).toList());
        Map<Integer, List<AmendmentApproval>> amendments = new LinkedHashMap<>();
        for (PublicAgreement.Version version : agreement.versions()) {
            amendments.put(version.version(), agreement.parties().stream()
                    .flatMap(p -> p.approvals().stream().filter(a -> a.version() == version.version())
                            .map(a -> new AmendmentApproval(p.name(), a)))
                    .toList());
        }
        model.addAttribute("amendmentApprovals", amendments);
        return "public/agreement";
    }

    @ExceptionHandler(NotFoundException.class)
    ModelAndView notFound(NotFoundException e, HttpServletRequest request) {
        ModelAndView page = error(request, HttpStatus.NOT_FOUND, "error.notFound", null, register.licence());
        page.addObject("detailKey", "public.error.notFoundDetail");
        return page;
    }

    @ExceptionHandler({InvalidFieldException.class, MethodArgumentTypeMismatchException.class})
    ModelAndView invalid(RuntimeException e, HttpServletRequest request) {
        String detail = e instanceof MethodArgumentTypeMismatchException mismatch
                ? mismatch.getName() + ": '" + mismatch.getValue() + "'" : e.getMessage();
        return error(request, HttpStatus.BAD_REQUEST, "error.invalid", detail, register.licence());
    }

    /** The public error page, in the language of the address asked for, also for {@code ErrorPages}. */
    static ModelAndView error(HttpServletRequest request, HttpStatus status, String titleKey, String detail,
                              PublicRegisterProperties.Licence licence) {
        ModelAndView page = new ModelAndView("public/error", status);
        common(page.getModel(), request, licence);
        page.addObject("titleKey", titleKey);
        page.addObject("detail", detail);
        return page;
    }

    /**
     * What every public page needs: its language's root, the same page in each language (the address with the other
     * root, its query kept), and the licence.
     */
    private static void common(Map<String, Object> model, HttpServletRequest request,
                               PublicRegisterProperties.Licence licence) {
        String path = UiWebConfiguration.originalPath(request);
        String root = root(request);
        String rest = path.length() > root.length() && path.startsWith(root) ? path.substring(root.length()) : "";
        String query = request.getAttribute(jakarta.servlet.RequestDispatcher.ERROR_REQUEST_URI) == null
                && request.getQueryString() != null ? "?" + request.getQueryString() : "";
        Map<String, String> languageLinks = new LinkedHashMap<>();
        PublicPaths.LANGUAGES.forEach(language -> languageLinks.put(language,
                PublicPaths.pages(language) + rest + query));
        model.put("root", root);
        model.put("languageLinks", languageLinks);
        model.put("licence", licence);
    }

    private static String root(HttpServletRequest request) {
        String language = PublicPaths.pageLocale(UiWebConfiguration.originalPath(request))
                .map(java.util.Locale::getLanguage).orElse("fi");
        return PublicPaths.pages(language);
    }

    private static String pageLink(String root, Filters filters, int page) {
        UriComponentsBuilder link = UriComponentsBuilder.fromPath(root);
        filters.present().forEach(link::queryParam);
        if (page > 1) {
            link.queryParam("page", page);
        }
        return link.encode().build().toUriString();
    }
}
