package fi.agreementregistry.api.web;

import fi.agreementregistry.api.accesslog.AccessLogFilter;
import fi.agreementregistry.api.application.AgreementCommands;
import fi.agreementregistry.api.application.CommandAccepted;
import fi.agreementregistry.api.application.NotFoundException;
import fi.agreementregistry.api.application.PartyDetails;
import fi.agreementregistry.api.application.PartyReads;
import fi.agreementregistry.api.idempotency.IdempotencyFilter;
import fi.agreementregistry.api.security.RegistryUser;
import fi.agreementregistry.api.security.RegistryUserDetails;
import fi.agreementregistry.api.security.Role;
import fi.agreementregistry.core.agreement.AgreementRule;
import fi.agreementregistry.core.agreement.KantaHame;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.projections.party.PartyPortfolio;
import fi.agreementregistry.projections.party.PortfolioCounts;
import org.axonframework.commandhandling.CommandExecutionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.hasEntry;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The party page's approval and signature forms as an MVC slice: no database, no Axon, the application layer mocked.
 * What the page does with each answer of the application layer: a recorded approval goes back to the agreement; a
 * refusal is shown beside the field it concerns ({@code Refusal}), with the status the API gives it; a form that does
 * not parse never reaches the application layer.
 */
@WebMvcTest(controllers = PartyPageController.class, excludeFilters = @ComponentScan.Filter(
        type = FilterType.ASSIGNABLE_TYPE, classes = {AccessLogFilter.class, IdempotencyFilter.class}))
class PartyPageFormTest {

    private static final String HAMEENLINNA = KantaHame.HAMEENLINNA.value();
    private static final RegistryUserDetails CLERK = new RegistryUserDetails(new RegistryUser("liisa",
            "Liisa Lakimies", Role.CLERK, KantaHame.HAMEENLINNA), "unused");

    @Autowired
    MockMvc mvc;
    @MockitoBean
    AgreementCommands agreements;
    @MockitoBean
    PartyReads parties;

    @BeforeEach
    void theClerksParty() {
        when(parties.parties(null, null)).thenReturn(List.of());
        when(parties.party(HAMEENLINNA)).thenReturn(new PartyDetails(
                KantaHame.DIRECTORY.find(KantaHame.HAMEENLINNA).orElseThrow(), 0, 0, 0, 0));
        when(parties.portfolio(HAMEENLINNA, null, PartyPageController.PAGE, null)).thenReturn(new PartyPortfolio(HAMEENLINNA,
                new PortfolioCounts(0, 0, 0, 0), List.of()));
    }

    private static MockHttpServletRequestBuilder approval(Map<String, String> fields) {
        MockHttpServletRequestBuilder request = post("/ui/agreements/a-1/approvals").with(user(CLERK)).with(csrf())
                .param("partyId", HAMEENLINNA).param("version", "1").param("decisionBody", "Kaupunginhallitus")
                .param("meetingDate", "12.1.2026").param("section", "§ 30");
        fields.forEach(request::param);
        return request;
    }

    @Test
    void aRecordedApprovalGoesBackToTheAgreement() throws Exception {
        when(agreements.recordApproval(eq("a-1"), isNull(), any())).thenReturn(new CommandAccepted("a-1", 1, 1));
        mvc.perform(approval(Map.of())).andExpect(redirectedUrl("/ui/agreements/a-1"));
    }

    @Test
    void aBrokenDateRuleIsAConflictShownBesideTheMeetingDate() throws Exception {
        when(agreements.recordApproval(eq("a-1"), isNull(), any())).thenThrow(new CommandExecutionException("refused",
                AgreementRule.DATE_IN_THE_FUTURE.violation("meeting", "2030-01-12", "2026-11-30")));
        mvc.perform(approval(Map.of()))
                .andExpect(status().isConflict())
                .andExpect(model().attribute("errors", hasEntry("meetingDate", new FormProblem("Päivä on tulevaisuudessa",
                        "The meeting 2030-01-12 is after today (2026-11-30); record it on or after the day it happens."))));
    }

    @Test
    void anAgreementTheClerkCannotSeeIsNotFoundAboveTheForm() throws Exception {
        when(agreements.recordApproval(eq("a-1"), isNull(), any()))
                .thenThrow(new NotFoundException("There is no agreement a-1."));
        mvc.perform(approval(Map.of()))
                .andExpect(status().isNotFound())
                .andExpect(model().attribute("errors", hasEntry("", new FormProblem("Ei löydy",
                        "There is no agreement a-1."))));
    }

    @Test
    void aDateThatDoesNotParseNeverReachesTheApplicationLayer() throws Exception {
        mvc.perform(approval(Map.of("meetingDate", "31.2.2026")))
                .andExpect(status().isBadRequest())
                .andExpect(model().attribute("errors", org.hamcrest.Matchers.hasKey("meetingDate")));
        verify(agreements, never()).recordApproval(any(), any(), any());
    }
}
