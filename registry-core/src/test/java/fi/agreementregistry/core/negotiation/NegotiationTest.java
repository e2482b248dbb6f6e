package fi.agreementregistry.core.negotiation;

import fi.agreementregistry.core.BusinessRuleViolation;
import fi.agreementregistry.core.actor.Actor;
import fi.agreementregistry.core.agreement.KantaHame;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.core.party.PartyRef;
import fi.agreementregistry.core.party.UnknownPartyException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Negotiation's rules, one scenario per test: every {@link NegotiationRule} has a test named after it in camelCase.
 * The data is Päijät-Häme's HYTE negotiation of 29.8.2024 (source document 003), today being 2.3.2026
 * ({@link KantaHame#CLOCK}).
 */
class NegotiationTest {

    static final NegotiationId ID = NegotiationId.of("paijat-hame-hyte-2024");
    static final PartyId COUNTY = PartyId.of("welfare-area:09");
    static final PartyId LAHTI = PartyId.of("municipality:398");
    static final PartyId ASIKKALA = PartyId.of("municipality:016");
    static final PartyId REGIONAL_COUNCIL = PartyId.of("regional-council:07");
    static final PartyId JYVASKYLA = PartyId.of("municipality:179");
    static final LocalDate HELD_ON = LocalDate.of(2024, 8, 29);
    static final MeasureId MEASURE = MeasureId.of("m1");

    private final AggregateTestFixture<Negotiation> fixture = fixture();

    private static AggregateTestFixture<Negotiation> fixture() {
        AggregateTestFixture<Negotiation> fixture = new AggregateTestFixture<>(Negotiation.class);
        fixture.registerInjectableResource(KantaHame.CLOCK);
        fixture.registerInjectableResource(KantaHame.DIRECTORY);
        return fixture;
    }

    private static Matcher<BusinessRuleViolation> violates(NegotiationRule rule) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(BusinessRuleViolation violation) {
                return rule.ruleName().equals(violation.rule());
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a violation of rule " + rule.ruleName());
            }
        };
    }

    static Map<String, Object> clerkOf(PartyId party) {
        return new Actor("clerk-" + party.value(), "Clerk of " + party, Actor.CLERK_ROLE, party.value()).toMetaData();
    }

    static PartyRef ref(PartyId id) {
        return KantaHame.DIRECTORY.find(id).orElseThrow().ref();
    }

    static MeasureDraft draft(String text, LocalDate dueBy, PartyId... responsible) {
        return new MeasureDraft(MEASURE, text, Arrays.asList(responsible), dueBy, null);
    }

    static RecordNegotiation record(List<PartyId> parties, LocalDate heldOn, List<MeasureDraft> measures) {
        return new RecordNegotiation(ID, COUNTY, parties, heldOn, List.of(LegalBasis.ACT_612_2021_S7),
                List.of("Hyvinvoinnin ja terveyden edistämisen tavoitteet 2025"), null, measures);
    }

    static final MeasureDraft SHARED_MEASURE = draft("Yhteinen hyvinvointikertomuksen seuranta",
            LocalDate.of(2025, 12, 31), COUNTY, LAHTI);

    static final NegotiationRecorded RECORDED = new NegotiationRecorded(ID, ref(COUNTY), List.of(ref(LAHTI)), HELD_ON,
            List.of(LegalBasis.ACT_612_2021_S7), List.of("Hyvinvoinnin ja terveyden edistämisen tavoitteet 2025"), null,
            List.of(new Measure(MEASURE, "Yhteinen hyvinvointikertomuksen seuranta", List.of(ref(COUNTY), ref(LAHTI)),
                    LocalDate.of(2025, 12, 31), null)));

    @Nested
    class Recording {

        @Test
        void aNegotiationIsRecordedWithItsMeasuresPlanned() {
            fixture.givenNoPriorActivity()
                    .when(record(List.of(LAHTI), HELD_ON, List.of(SHARED_MEASURE)), clerkOf(COUNTY))
                    .expectEvents(RECORDED);
        }

        @Test
        void invalidNegotiation() {
            fixture.givenNoPriorActivity()
                    .when(new RecordNegotiation(ID, COUNTY, List.of(LAHTI), HELD_ON, List.of(), List.of(), null,
                            List.of()), clerkOf(COUNTY))
                    .expectException(violates(NegotiationRule.INVALID_NEGOTIATION));
        }

        @Test
        void notAWelfareArea() {
            fixture.givenNoPriorActivity()
                    .when(new RecordNegotiation(ID, LAHTI, List.of(ASIKKALA), HELD_ON,
                            List.of(LegalBasis.ACT_611_2021_S14), List.of(), null, List.of()), clerkOf(LAHTI))
                    .expectException(violates(NegotiationRule.NOT_A_WELFARE_AREA));
        }

        @Test
        void partiesRequired() {
            fixture.givenNoPriorActivity()
                    .when(record(List.of(REGIONAL_COUNCIL), HELD_ON, List.of()), clerkOf(COUNTY))
                    .expectException(violates(NegotiationRule.PARTIES_REQUIRED));
        }

        @Test
        void negotiationPartyListedTwice() {
            fixture.givenNoPriorActivity()
                    .when(record(List.of(LAHTI, ASIKKALA, LAHTI), HELD_ON, List.of()), clerkOf(COUNTY))
                    .expectException(violates(NegotiationRule.PARTY_LISTED_TWICE));
        }

        @Test
        void theCountyListedAmongThePartiesIsTakenAsTheCountyItself() {
            fixture.givenNoPriorActivity()
                    .when(record(List.of(COUNTY, LAHTI), HELD_ON, List.of(SHARED_MEASURE)), clerkOf(COUNTY))
                    .expectEvents(RECORDED);
        }

        @Test
        void negotiationBeforeLegalBasis() {
            fixture.givenNoPriorActivity()
                    .when(record(List.of(LAHTI), LocalDate.of(2021, 6, 1), List.of()), clerkOf(COUNTY))
                    .expectException(violates(NegotiationRule.NEGOTIATION_BEFORE_LEGAL_BASIS));
        }

        @Test
        void aNegotiationOnTheFirstDayOfTheFirstCountyTermIsRecorded() {
            fixture.givenNoPriorActivity()
                    .when(record(List.of(LAHTI), LocalDate.of(2022, 3, 1), List.of()), clerkOf(COUNTY))
                    .expectSuccessfulHandlerExecution();
        }

        private RecordNegotiation withMinutesOf(LocalDate meetingDate) {
            RecordNegotiation r = record(List.of(LAHTI), HELD_ON, List.of());
            return new RecordNegotiation(r.negotiationId(), r.welfareAreaId(), r.parties(), r.heldOn(), r.legalBases(),
                    r.topics(), new MinutesReference("Kuntaneuvottelu", meetingDate, "3 §", null), r.measures());
        }

        @Test
        void minutesDateInTheFuture() {
            fixture.givenNoPriorActivity()
                    .when(withMinutesOf(LocalDate.of(2026, 3, 3)), clerkOf(COUNTY))
                    .expectException(violates(NegotiationRule.MINUTES_DATE_IN_THE_FUTURE));
        }

        @Test
        void minutesBeforeNegotiation() {
            fixture.givenNoPriorActivity()
                    .when(withMinutesOf(HELD_ON.minusDays(1)), clerkOf(COUNTY))
                    .expectException(violates(NegotiationRule.MINUTES_BEFORE_NEGOTIATION));
        }

        @Test
        void minutesOfTheDayItselfOrLaterAreRecorded() {
            fixture.givenNoPriorActivity()
                    .when(withMinutesOf(HELD_ON.plusDays(14)), clerkOf(COUNTY))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void partyOutsideWelfareArea() {
            fixture.givenNoPriorActivity()
                    .when(record(List.of(LAHTI, JYVASKYLA), HELD_ON, List.of()), clerkOf(COUNTY))
                    .expectException(violates(NegotiationRule.PARTY_OUTSIDE_WELFARE_AREA));
        }

        @Test
        void anUnknownPartyIsRefused() {
            fixture.givenNoPriorActivity()
                    .when(record(List.of(PartyId.of("municipality:999")), HELD_ON, List.of()), clerkOf(COUNTY))
                    .expectException(UnknownPartyException.class);
        }

        @Test
        void actorNotAParticipant() {
            fixture.givenNoPriorActivity()
                    .when(record(List.of(LAHTI), HELD_ON, List.of()), clerkOf(ASIKKALA))
                    .expectException(violates(NegotiationRule.ACTOR_NOT_A_PARTICIPANT));
        }

        @Test
        void aParticipatingMunicipalitysClerkMayRecord() {
            fixture.givenNoPriorActivity()
                    .when(record(List.of(LAHTI), HELD_ON, List.of(SHARED_MEASURE)), clerkOf(LAHTI))
                    .expectEvents(RECORDED);
        }

        @Test
        void negotiationDateInTheFuture() {
            fixture.givenNoPriorActivity()
                    .when(record(List.of(LAHTI), KantaHame.TODAY.plusDays(1), List.of()), clerkOf(COUNTY))
                    .expectException(violates(NegotiationRule.DATE_IN_THE_FUTURE));
        }

        @Test
        void measureDetailsRequired() {
            fixture.givenNoPriorActivity()
                    .when(record(List.of(LAHTI), HELD_ON, List.of(draft("Seuranta", LocalDate.of(2025, 1, 1)))),
                            clerkOf(COUNTY))
                    .expectException(violates(NegotiationRule.MEASURE_DETAILS_REQUIRED));
        }

        @Test
        void responsibleNotAParticipant() {
            fixture.givenNoPriorActivity()
                    .when(record(List.of(LAHTI), HELD_ON,
                            List.of(draft("Seuranta", LocalDate.of(2025, 1, 1), ASIKKALA))), clerkOf(COUNTY))
                    .expectException(violates(NegotiationRule.RESPONSIBLE_NOT_A_PARTICIPANT));
        }

        @Test
        void dueBeforeAgreed() {
            fixture.givenNoPriorActivity()
                    .when(record(List.of(LAHTI), HELD_ON,
                            List.of(draft("Seuranta", HELD_ON.minusDays(1), LAHTI))), clerkOf(COUNTY))
                    .expectException(violates(NegotiationRule.DUE_BEFORE_AGREED));
        }

        @Test
        void measureIdTaken() {
            fixture.givenNoPriorActivity()
                    .when(record(List.of(LAHTI), HELD_ON, List.of(SHARED_MEASURE, SHARED_MEASURE)), clerkOf(COUNTY))
                    .expectException(violates(NegotiationRule.MEASURE_ID_TAKEN));
        }
    }

    @Nested
    class Measures {

        private final MeasureDraft later = new MeasureDraft(MeasureId.of("m2"), "Liikuntapaikkojen kartoitus",
                List.of(LAHTI), LocalDate.of(2026, 6, 30), "paijat-hame-puitesopimus");

        @Test
        void aMeasureIsAddedAfterTheNegotiation() {
            fixture.given(RECORDED)
                    .when(new AddMeasure(ID, later, LocalDate.of(2025, 2, 1), 0L), clerkOf(LAHTI))
                    .expectEvents(new MeasureAdded(ID, new Measure(MeasureId.of("m2"), "Liikuntapaikkojen kartoitus",
                            List.of(ref(LAHTI)), LocalDate.of(2026, 6, 30), "paijat-hame-puitesopimus"),
                            LocalDate.of(2025, 2, 1)));
        }

        @Test
        void actorNotAParticipantWhenAddingAMeasure() {
            fixture.given(RECORDED)
                    .when(new AddMeasure(ID, later, null, null), clerkOf(ASIKKALA))
                    .expectException(violates(NegotiationRule.ACTOR_NOT_A_PARTICIPANT));
        }

        @Test
        void aStaleExpectedSequenceIsRefused() {
            fixture.given(RECORDED)
                    .when(new AddMeasure(ID, later, null, 3L), clerkOf(LAHTI))
                    .expectException(org.axonframework.modelling.command.ConflictingAggregateVersionException.class);
        }

        @Test
        void agreedBeforeNegotiation() {
            fixture.given(RECORDED)
                    .when(new AddMeasure(ID, later, HELD_ON.minusDays(1), null), clerkOf(LAHTI))
                    .expectException(violates(NegotiationRule.AGREED_BEFORE_NEGOTIATION));
        }

        @Test
        void measureIdTakenWhenAdding() {
            fixture.given(RECORDED)
                    .when(new AddMeasure(ID, draft("Toinen", LocalDate.of(2026, 6, 1), LAHTI), null, null),
                            clerkOf(LAHTI))
                    .expectException(violates(NegotiationRule.MEASURE_ID_TAKEN));
        }
    }

    @Nested
    class Statuses {

        private final MeasureStatusChanged started = new MeasureStatusChanged(ID, MEASURE, MeasureStatus.PLANNED,
                MeasureStatus.IN_PROGRESS, LocalDate.of(2025, 1, 15), "Työ aloitettu");

        @Test
        void aStatusChangeIsRecordedWithThePreviousStatus() {
            fixture.given(RECORDED)
                    .when(new ChangeMeasureStatus(ID, MEASURE, MeasureStatus.IN_PROGRESS, LocalDate.of(2025, 1, 15),
                            " Työ aloitettu ", null), clerkOf(COUNTY))
                    .expectEvents(started);
        }

        @Test
        void unknownMeasure() {
            fixture.given(RECORDED)
                    .when(new ChangeMeasureStatus(ID, MeasureId.of("nope"), MeasureStatus.DONE,
                            LocalDate.of(2025, 1, 15), "x", null), clerkOf(COUNTY))
                    .expectException(violates(NegotiationRule.UNKNOWN_MEASURE));
        }

        @Test
        void statusDetailsRequired() {
            fixture.given(RECORDED)
                    .when(new ChangeMeasureStatus(ID, MEASURE, MeasureStatus.DONE, LocalDate.of(2025, 1, 15), " ",
                            null), clerkOf(COUNTY))
                    .expectException(violates(NegotiationRule.STATUS_DETAILS_REQUIRED));
        }

        @Test
        void statusUnchanged() {
            fixture.given(RECORDED)
                    .when(new ChangeMeasureStatus(ID, MEASURE, MeasureStatus.PLANNED, LocalDate.of(2025, 1, 15),
                            "still", null), clerkOf(COUNTY))
                    .expectException(violates(NegotiationRule.STATUS_UNCHANGED));
        }

        @Test
        void measureClosed() {
            fixture.given(RECORDED, new MeasureStatusChanged(ID, MEASURE, MeasureStatus.PLANNED, MeasureStatus.DROPPED,
                            LocalDate.of(2025, 1, 15), "Luovuttu"))
                    .when(new ChangeMeasureStatus(ID, MEASURE, MeasureStatus.IN_PROGRESS, LocalDate.of(2025, 2, 1),
                            "again", null), clerkOf(COUNTY))
                    .expectException(violates(NegotiationRule.MEASURE_CLOSED));
        }

        @Test
        void statusBeforeAgreed() {
            fixture.given(RECORDED)
                    .when(new ChangeMeasureStatus(ID, MEASURE, MeasureStatus.IN_PROGRESS, HELD_ON.minusDays(1),
                            "early", null), clerkOf(COUNTY))
                    .expectException(violates(NegotiationRule.STATUS_BEFORE_AGREED));
        }

        @Test
        void statusBeforePrevious() {
            fixture.given(RECORDED, started)
                    .when(new ChangeMeasureStatus(ID, MEASURE, MeasureStatus.DONE, LocalDate.of(2025, 1, 14),
                            "done", null), clerkOf(COUNTY))
                    .expectException(violates(NegotiationRule.STATUS_BEFORE_PREVIOUS));
        }

        @Test
        void statusDateInTheFuture() {
            fixture.given(RECORDED)
                    .when(new ChangeMeasureStatus(ID, MEASURE, MeasureStatus.DONE, KantaHame.TODAY.plusDays(1),
                            "done", null), clerkOf(COUNTY))
                    .expectException(violates(NegotiationRule.DATE_IN_THE_FUTURE));
        }
    }

    @Test
    void everyRuleHasATestNamedAfterIt() {
        List<String> tests = new java.util.ArrayList<>();
        for (Class<?> type : List.of(NegotiationTest.class, Recording.class, Measures.class, Statuses.class)) {
            Arrays.stream(type.getDeclaredMethods()).map(java.lang.reflect.Method::getName).forEach(tests::add);
        }
        for (NegotiationRule rule : NegotiationRule.values()) {
            String camel = camel(rule.ruleName());
            assertThat(tests).as("a test for rule %s", rule.ruleName()).anyMatch(name -> name.startsWith(camel));
        }
    }

    private static String camel(String kebab) {
        String[] words = kebab.split("-");
        StringBuilder name = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            name.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return name.toString();
    }
}
