package fi.agreementregistry.core.agreement;

import fi.agreementregistry.core.approval.ApprovalRecorded;
import fi.agreementregistry.core.approval.RecordApproval;
import fi.agreementregistry.core.party.CsvPartyDirectory;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.core.party.PartyKind;
import fi.agreementregistry.core.party.PartyRef;
import fi.agreementregistry.core.review.ReviewId;
import fi.agreementregistry.core.review.ReviewScheduled;
import fi.agreementregistry.core.review.ScheduleReview;
import fi.agreementregistry.core.signature.AgreementSigned;
import fi.agreementregistry.core.signature.SignAgreement;
import fi.agreementregistry.core.signature.Signatory;
import org.axonframework.test.aggregate.AggregateTestFixture;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * Test data from source document 001: the Kanta-Häme framework agreement for the council term 2025-2029
 * between the region's municipalities, Hämeen liitto and Kanta-Hämeen hyvinvointialue. One fixture for every module:
 * registry-core's test-jar carries it to the read side's and the API's tests.
 */
public final class KantaHame {

    public static final CsvPartyDirectory DIRECTORY = CsvPartyDirectory.fromClasspath();
    /** Spring 2026, when the agreement went to the parties' decision bodies. */
    public static final LocalDate TODAY = LocalDate.of(2026, 3, 2);
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T08:00:00Z"), ZoneId.of("Europe/Helsinki"));

    /** A test fixture of the Agreement aggregate, given the fixed {@link #CLOCK} and the party {@link #DIRECTORY}. */
    public static AggregateTestFixture<Agreement> agreementFixture() {
        AggregateTestFixture<Agreement> fixture = new AggregateTestFixture<>(Agreement.class);
        fixture.registerInjectableResource(CLOCK);
        fixture.registerInjectableResource(DIRECTORY);
        return fixture;
    }

    public static final AgreementId AGREEMENT = AgreementId.of("kanta-hame-puitesopimus-2025-2029");
    public static final AgreementId PREVIOUS_AGREEMENT = AgreementId.of("kanta-hame-puitesopimus-2023");
    public static final CouncilTerm TERM = CouncilTerm.parse("2025-2029");
    public static final String TITLE = "Puitesopimus Kanta-Hämeen kuntien, Hämeen liiton ja Kanta-Hämeen hyvinvointialueen "
            + "yhteistyörakenteiden ja toimintatapojen periaatteiksi 2025-2029";

    public static final PartyId WELFARE_AREA = PartyId.of("welfare-area:07");
    public static final PartyId HAMEEN_LIITTO = PartyId.of("regional-council:05");
    public static final PartyId HAMEENLINNA = PartyId.of("municipality:109");
    public static final PartyId FORSSA = PartyId.of("municipality:061");
    public static final PartyId RIIHIMAKI = PartyId.of("municipality:694");
    public static final PartyId HELSINKI = PartyId.of("municipality:091");
    public static final PartyId PERTUNMAA = PartyId.of("municipality:588");

    /** The decision bodies' meetings and the signings of early 2026 ({@link #inForce()} uses them). */
    public static final LocalDate JAN_12 = LocalDate.of(2026, 1, 12);
    public static final LocalDate JAN_19 = LocalDate.of(2026, 1, 19);
    public static final LocalDate JAN_26 = LocalDate.of(2026, 1, 26);
    public static final LocalDate FEB_2 = LocalDate.of(2026, 2, 2);
    public static final LocalDate FEB_9 = LocalDate.of(2026, 2, 9);

    public static final String DIARY_NUMBER = "56/15.00.18/2023";
    public static final String SECTION = "§ 30";

    public static final List<String> PRINCIPLES = List.of(
            "The parties are strategic partners and equal legal actors.",
            "Welfare work is shared work at the interface of the county and the municipalities.",
            "The agreement is evaluated at least once per council term.");
    public static final List<String> GOALS = List.of("employment and vitality", "age-friendly housing",
            "overall wellbeing", "thriving children, young people and families");
    public static final List<Forum> FORUMS = List.of(new Forum("Hyte-foorumi", ForumLevel.STRATEGIC),
            new Forum("Integraatiovaliokunta", ForumLevel.TACTICAL));

    /** The text of version 2, as the review of 2027 might amend it. */
    public static final List<String> AMENDED = List.of(
            "The parties are strategic partners and equal legal actors.",
            "Cooperation with organisations is part of the shared welfare work.");

    /** The evaluation the agreement asks for, at the latest in spring 2027. */
    public static final ReviewId SPRING_REVIEW = ReviewId.of("evaluation-spring-2027");

    /** The three-party core of the agreement most rule tests use. */
    public static final List<PartyId> THREE_PARTIES = List.of(WELFARE_AREA, HAMEEN_LIITTO, HAMEENLINNA);

    private KantaHame() {
    }

    public static PartyRef ref(PartyId id) {
        return DIRECTORY.find(id).orElseThrow().ref();
    }

    /**
     * All thirteen parties: the county and the regional council first, then the eleven municipalities of the region by
     * their code.
     */
    public static List<PartyId> allThirteenParties() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(WELFARE_AREA, HAMEEN_LIITTO),
                DIRECTORY.inRegion("05").stream().map(p -> p.id()).filter(id -> id.kind() == PartyKind.MUNICIPALITY)
                        .sorted(java.util.Comparator.comparing(PartyId::value))).toList();
    }

    public static DraftAgreement draft(List<PartyId> parties) {
        return new DraftAgreement(AGREEMENT, TITLE, AgreementKind.FRAMEWORK_AGREEMENT, "Kanta-Häme", TERM,
                parties, PRINCIPLES, GOALS, FORUMS);
    }

    public static AgreementDrafted drafted(List<PartyId> parties) {
        return new AgreementDrafted(AGREEMENT, TITLE, AgreementKind.FRAMEWORK_AGREEMENT, "Kanta-Häme", TERM,
                parties.stream().map(KantaHame::ref).toList(), Principle.numbered(PRINCIPLES), GOALS, FORUMS,
                1, LocalDate.of(2025, 9, 3));
    }

    public static AgreementDrafted drafted() {
        return drafted(THREE_PARTIES);
    }

    public static String decisionBody(PartyId party) {
        return switch (party.kind()) {
            case WELFARE_AREA -> "aluehallitus";
            case REGIONAL_COUNCIL -> "maakuntahallitus";
            case MUNICIPALITY -> "kunnanhallitus";
        };
    }

    public static RecordApproval approve(PartyId party, int version, LocalDate meetingDate) {
        return new RecordApproval(AGREEMENT, party, version, decisionBody(party), meetingDate, SECTION, DIARY_NUMBER,
                "Hyväksyttiin puitesopimus.", null);
    }

    public static ApprovalRecorded approved(PartyId party, int version, LocalDate meetingDate) {
        return new ApprovalRecorded(AGREEMENT, ref(party), version, decisionBody(party), meetingDate, SECTION,
                DIARY_NUMBER, "Hyväksyttiin puitesopimus.");
    }

    public static Signatory signatory(PartyId party) {
        return new Signatory("Signatory of " + ref(party).name(), "johtaja");
    }

    public static SignAgreement sign(PartyId party, int version, LocalDate signedOn) {
        return new SignAgreement(AGREEMENT, party, version, signatory(party), signedOn, null);
    }

    public static AgreementSigned signed(PartyId party, int version, LocalDate signedOn) {
        return new AgreementSigned(AGREEMENT, ref(party), version, signatory(party), signedOn);
    }

    /** The three-party agreement approved in January and signed on 2 February 2026, so in force. */
    public static Object[] inForce() {
        return new Object[] {
                drafted(),
                approved(WELFARE_AREA, 1, JAN_12),
                approved(HAMEEN_LIITTO, 1, JAN_19),
                approved(HAMEENLINNA, 1, JAN_26),
                signed(WELFARE_AREA, 1, FEB_2),
                signed(HAMEEN_LIITTO, 1, FEB_2),
                signed(HAMEENLINNA, 1, FEB_2),
                new AgreementEnteredIntoForce(AGREEMENT, 1, FEB_2)
        };
    }

    /** The integration committee schedules the spring 2027 evaluation today, of the given kind (null: the default). */
    public static ScheduleReview scheduleSpringReview(String kind) {
        return new ScheduleReview(AGREEMENT, SPRING_REVIEW, LocalDate.of(2027, 5, 31), kind, "integraatiovaliokunta",
                "Evaluate how the agreement works, at the latest in spring 2027", null);
    }

    public static ReviewScheduled springReviewScheduled() {
        return new ReviewScheduled(AGREEMENT, SPRING_REVIEW, LocalDate.of(2027, 5, 31), "AGREEMENT_EVALUATION",
                "integraatiovaliokunta", "Evaluate how the agreement works, at the latest in spring 2027", TODAY);
    }

    public static Object[] plus(Object[] events, Object... more) {
        Object[] all = new Object[events.length + more.length];
        System.arraycopy(events, 0, all, 0, events.length);
        System.arraycopy(more, 0, all, events.length, more.length);
        return all;
    }
}
