package fi.agreementregistry.core.agreement;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import fi.agreementregistry.core.amendment.PrinciplesAmended;
import fi.agreementregistry.core.amendment.PrinciplesAmendmentProposed;
import fi.agreementregistry.core.review.ReviewCompleted;
import fi.agreementregistry.core.review.ReviewOutcome;
import fi.agreementregistry.core.review.ReviewScheduled;
import org.axonframework.serialization.Revision;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static fi.agreementregistry.core.agreement.KantaHame.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Events are stored as JSON for good: each must survive a round trip and carry a @Revision for later upcasters. */
class EventSerializationTest {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);


    /** One sample of every event; {@link #theSamplesCoverEveryEvent()} keeps the list complete. */
    private static final List<AgreementEvent> SAMPLES = List.of(
            drafted(),
            new PartyAdded(AGREEMENT, ref(FORSSA), FEB_2),
            new PartyRemoved(AGREEMENT, ref(FORSSA), FEB_2),
            approved(HAMEENLINNA, 1, JAN_26),
            signed(HAMEENLINNA, 1, FEB_2),
            new AgreementEnteredIntoForce(AGREEMENT, 1, FEB_2),
            new PrinciplesAmendmentProposed(AGREEMENT, 2, Principle.numbered(PRINCIPLES),
                    Principle.numbered(List.of("new")), "review", FEB_2),
            new PrinciplesAmended(AGREEMENT, 2, Principle.numbered(PRINCIPLES), Principle.numbered(List.of("new")),
                    "review", FEB_2),
            new ReviewScheduled(AGREEMENT, SPRING_REVIEW, LocalDate.of(2027, 5, 31), "AGREEMENT_EVALUATION",
                    "integraatiovaliokunta", "spring 2027", FEB_2),
            new ReviewCompleted(AGREEMENT, SPRING_REVIEW, FEB_2, ReviewOutcome.NO_CHANGES, "IVA 3.9.2025 § 35"),
            new AgreementSuperseded(AGREEMENT, PREVIOUS_AGREEMENT, FEB_2),
            new AgreementTerminated(AGREEMENT, FEB_2, "ended"));

    private static Set<Class<?>> everyEventClass() {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("fi.agreementregistry.core").stream()
                .filter(c -> c.isAssignableTo(AgreementEvent.class) && !c.isInterface())
                .map(JavaClass::reflect)
                .collect(Collectors.toSet());
    }

    @Test
    void theSamplesCoverEveryEvent() {
        assertThat(SAMPLES.stream().map(Object::getClass).collect(Collectors.toSet()))
                .isEqualTo(everyEventClass());
    }

    @Test
    void everyEventHasARevision() {
        assertThat(everyEventClass()).isNotEmpty()
                .allSatisfy(event -> assertThat(event.getAnnotation(Revision.class)).as(event.getName()).isNotNull());
    }

    @Test
    void everyEventSurvivesAJsonRoundTrip() throws Exception {
        for (AgreementEvent event : SAMPLES) {
            String json = MAPPER.writeValueAsString(event);
            assertThat(MAPPER.readValue(json, event.getClass())).as(json).isEqualTo(event);
        }
    }

    @Test
    void anAgreementDraftedStoredBeforeReviewPoliciesExistedReadsBackWithoutAPolicy() throws Exception {
        String stored = """
                {"agreementId":"kanta-hame-puitesopimus-2025-2029","title":"Puitesopimus","kind":"FRAMEWORK_AGREEMENT",
                 "region":"Kanta-Häme","councilTerm":"2025-2029",
                 "parties":[{"id":"welfare-area:07","name":"Kanta-Hämeen hyvinvointialue"},
                            {"id":"municipality:109","name":"Hämeenlinna"}],
                 "principles":[{"number":1,"text":"Strategic partners."}],"goals":[],"forums":[],
                 "version":1,"draftedOn":"2025-09-03"}""";
        AgreementDrafted old = MAPPER.readValue(stored, AgreementDrafted.class);
        assertThat(old.reviewPolicy()).isNull();
        assertThat(old.parties()).hasSize(2);
        assertThat(old.draftedOn()).isEqualTo(LocalDate.of(2025, 9, 3));
    }

    @Test
    void aReviewPolicySurvivesAJsonRoundTrip() throws Exception {
        AgreementDrafted d = drafted();
        AgreementDrafted withPolicy = new AgreementDrafted(d.agreementId(), d.title(), d.kind(), d.region(),
                d.councilTerm(), d.parties(), d.principles(), d.goals(), d.forums(), 1, d.draftedOn(),
                fi.agreementregistry.core.review.ReviewPolicy.everyMonths(12, "hyte-foorumi"));
        String json = MAPPER.writeValueAsString(withPolicy);
        assertThat(json).contains("\"reviewPolicy\":{\"kind\":\"EVERY_MONTHS\",\"months\":12");
        assertThat(MAPPER.readValue(json, AgreementDrafted.class)).isEqualTo(withPolicy);
    }

    @Test
    void datesAndTypedValuesAreWrittenAsPlainStrings() throws Exception {
        String json = MAPPER.writeValueAsString(drafted());
        assertThat(json)
                .contains("\"agreementId\":\"kanta-hame-puitesopimus-2025-2029\"")
                .contains("\"councilTerm\":\"2025-2029\"")
                .contains("\"draftedOn\":\"2025-09-03\"")
                .contains("{\"id\":\"welfare-area:07\",\"name\":\"Kanta-Hämeen hyvinvointialue\"}");
    }
}
