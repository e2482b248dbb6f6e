package fi.agreementregistry.api.snapshot;

import fi.agreementregistry.api.storage.AxonConfiguration;
import fi.agreementregistry.core.agreement.Agreement;
import fi.agreementregistry.core.agreement.AgreementDrafted;
import fi.agreementregistry.core.agreement.AgreementEnteredIntoForce;
import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.core.agreement.AgreementKind;
import fi.agreementregistry.core.agreement.AgreementTerminated;
import fi.agreementregistry.core.agreement.CouncilTerm;
import fi.agreementregistry.core.agreement.Forum;
import fi.agreementregistry.core.agreement.ForumLevel;
import fi.agreementregistry.core.agreement.Principle;
import fi.agreementregistry.core.amendment.PrinciplesAmendmentProposed;
import fi.agreementregistry.core.approval.ApprovalRecorded;
import fi.agreementregistry.core.party.Party;
import fi.agreementregistry.core.party.PartyDirectory;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.core.party.PartyRef;
import fi.agreementregistry.core.review.ReviewCompleted;
import fi.agreementregistry.core.review.ReviewId;
import fi.agreementregistry.core.review.ReviewOutcome;
import fi.agreementregistry.core.review.ReviewPolicy;
import fi.agreementregistry.core.review.ReviewScheduled;
import fi.agreementregistry.core.signature.AgreementSigned;
import fi.agreementregistry.core.signature.Signatory;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.axonframework.messaging.annotation.MultiParameterResolverFactory;
import org.axonframework.messaging.annotation.SimpleResourceParameterResolverFactory;
import org.axonframework.modelling.command.inspection.AggregateModel;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A snapshot is the aggregate's state through the application's Jackson serializer; it must read back exactly,
 * including the maps keyed by value records and the pending amendment.
 */
class AgreementSnapshotSerializationTest {

    private static final AgreementId ID = AgreementId.of("kanta-hame-2025-2029");
    private static final PartyRef HAMEENLINNA = new PartyRef(PartyId.of("municipality:109"), "Hämeenlinna");
    private static final PartyRef COUNTY = new PartyRef(PartyId.of("welfare-area:07"), "Kanta-Hämeen hyvinvointialue");
    private static final ReviewId DONE = ReviewId.of("policy-2027-10-01");
    private static final ReviewId OPEN = ReviewId.of("policy-2029-10-01");

    private final Serializer serializer = new AxonConfiguration().serializer();

    @Test
    void anAgreementWithEveryKindOfStateReadsBackEqual() {
        Agreement agreement = agreementWithEveryKindOfState();

        SerializedObject<String> snapshot = serializer.serialize(agreement, String.class);
        Agreement readBack = serializer.deserialize(snapshot);

        assertThat(snapshot.getType().getRevision()).isEqualTo(Agreement.SNAPSHOT_REVISION);
        assertThat(snapshot.getData()).contains("\"pendingAmendment\"", "\"municipality:109\"", "\"policy-2029-10-01\"")
                .doesNotContain("\"parties\":[");   // the map of parties, not the accessor's list
        for (Field field : stateFields()) {
            assertThat(read(field, agreement)).as("the fixture sets %s", field.getName()).isNotNull();
        }
        assertThat(readBack).usingRecursiveComparison().isEqualTo(agreement);
        // the keys are the value records again, not strings that happen to print the same
        assertThat(readBack).extracting("parties").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsKeys(HAMEENLINNA.id(), COUNTY.id());
        assertThat(readBack).extracting("reviews").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry(OPEN, null).containsEntry(DONE, LocalDate.of(2027, 9, 20));
        // and again: a snapshot of a snapshot is the same text
        assertThat(serializer.serialize(readBack, String.class).getData()).isEqualTo(snapshot.getData());
    }

    /** Drafted with a policy, approved and signed, in force, one review completed and one open, an amendment
     * approved by one of two parties, then terminated (so every field is set). */
    private static Agreement agreementWithEveryKindOfState() {
        PartyDirectory noDirectory = new PartyDirectory() {
            @Override
            public Optional<Party> find(PartyId id) {
                return Optional.empty();
            }

            @Override
            public List<Party> all() {
                return List.of();
            }
        };
        AggregateModel<Agreement> model = AnnotatedAggregateMetaModelFactory.inspectAggregate(Agreement.class,
                MultiParameterResolverFactory.ordered(ClasspathParameterResolverFactory.forClass(Agreement.class),
                        new SimpleResourceParameterResolverFactory(List.of(noDirectory, Clock.systemUTC()))));
        List<Principle> v1 = List.of(new Principle(1, "Osapuolet ovat tasavertaisia kumppaneita."));
        List<Principle> v2 = List.of(new Principle(1, "Osapuolet ovat tasavertaisia kumppaneita."),
                new Principle(2, "Yhteistyötä arvioidaan kerran valtuustokaudessa."));
        List<Object> events = List.of(
                new AgreementDrafted(ID, "Puitesopimus", AgreementKind.FRAMEWORK_AGREEMENT, "Kanta-Häme",
                        CouncilTerm.parse("2025-2029"), List.of(HAMEENLINNA, COUNTY), v1, List.of("Elinvoima"),
                        List.of(new Forum("Strateginen foorumi", ForumLevel.STRATEGIC)), 1,
                        LocalDate.of(2025, 8, 1), ReviewPolicy.everyMonths(24, "integraatiovaliokunta")),
                approval(HAMEENLINNA, 1), approval(COUNTY, 1),
                new AgreementSigned(ID, HAMEENLINNA, 1, new Signatory("Olli Pekka", "kaupunginjohtaja"),
                        LocalDate.of(2025, 10, 1)),
                new AgreementSigned(ID, COUNTY, 1, new Signatory("Kaija Kuntalainen", "hyvinvointialuejohtaja"),
                        LocalDate.of(2025, 10, 2)),
                new AgreementEnteredIntoForce(ID, 1, LocalDate.of(2025, 10, 2)),
                new ReviewScheduled(ID, DONE, LocalDate.of(2027, 10, 1), ReviewPolicy.PERIODIC_REVIEW,
                        "integraatiovaliokunta", "Review policy: every 24 months", LocalDate.of(2025, 10, 2)),
                new ReviewCompleted(ID, DONE, LocalDate.of(2027, 9, 20), ReviewOutcome.AMEND, "Pöytäkirja 5/2027"),
                new ReviewScheduled(ID, OPEN, LocalDate.of(2029, 10, 1), ReviewPolicy.PERIODIC_REVIEW,
                        "integraatiovaliokunta", "Review policy: every 24 months", LocalDate.of(2027, 9, 20)),
                new PrinciplesAmendmentProposed(ID, 2, v1, v2, "Arvioinnin tulos", LocalDate.of(2027, 10, 5)),
                approval(HAMEENLINNA, 2),
                new AgreementTerminated(ID, LocalDate.of(2028, 1, 31), "Korvattu uudella sopimuksella"));

        Agreement agreement = newAgreement();
        for (int seq = 0; seq < events.size(); seq++) {
            model.publish(new GenericDomainEventMessage<>(Agreement.AGGREGATE_TYPE, ID.value(), seq, events.get(seq)),
                    agreement);
        }
        assertThat(agreement.lastSequence()).isEqualTo(events.size() - 1);
        return agreement;
    }

    private static ApprovalRecorded approval(PartyRef party, int version) {
        return new ApprovalRecorded(ID, party, version, "Kunnanhallitus", LocalDate.of(2025, 9, version),
                "§ 30", "56/15.00.18/2023", "Hyväksytään.");
    }

    private static Agreement newAgreement() {
        try {
            var constructor = Agreement.class.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Field> stateFields() {
        return java.util.Arrays.stream(Agreement.class.getDeclaredFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers()))
                .peek(f -> f.setAccessible(true))
                .toList();
    }

    private static Object read(Field field, Agreement agreement) {
        try {
            Object value = field.get(agreement);
            return value instanceof Map<?, ?> map && map.isEmpty() ? null : value;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
