package fi.agreementregistry.api.benchmark;

import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.core.agreement.AgreementKind;
import fi.agreementregistry.core.agreement.CouncilTerm;
import fi.agreementregistry.core.agreement.DraftAgreement;
import fi.agreementregistry.core.agreement.Forum;
import fi.agreementregistry.core.agreement.ForumLevel;
import fi.agreementregistry.core.amendment.AmendPrinciples;
import fi.agreementregistry.core.approval.RecordApproval;
import fi.agreementregistry.core.party.Party;
import fi.agreementregistry.core.party.PartyDirectory;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.core.party.PartyKind;
import fi.agreementregistry.core.review.CompleteReview;
import fi.agreementregistry.core.review.ReviewId;
import fi.agreementregistry.core.review.ReviewOutcome;
import fi.agreementregistry.core.review.ReviewPolicy;
import fi.agreementregistry.core.review.ScheduleReview;
import fi.agreementregistry.core.signature.SignAgreement;
import fi.agreementregistry.core.signature.Signatory;
import org.axonframework.commandhandling.gateway.CommandGateway;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;

/**
 * "One year of Finland" (issue 16): the agreements every wellbeing services county makes with its municipalities and
 * regional council in the year from December 2025 to November 2026, sent through the command bus as the clerks and
 * the committees would, one county per client thread at a time:
 * <ul>
 *     <li>per county, a framework agreement for the council term 2025–2029 with all its municipalities and its regional
 *     council (a review once per council term, which the registry schedules itself); for one county in four, an
 *     amendment of its principles in the autumn, approved by every party;</li>
 *     <li>per municipality, a cooperation protocol with its county (reviewed every twelve months), and a mid-year
 *     review of it by the county's integration committee, completed where it fell due before November;</li>
 *     <li>per county, the record of its annual welfare (HYTE) negotiation with three of its municipalities.</li>
 * </ul>
 * Approvals fall on the bodies' meeting days spread over the spring, signatures one to three weeks after each.
 * Åland's municipalities (no county) and Helsinki (its own organiser) make no county agreements.
 */
final class FinlandYear {

    private static final LocalDate START = LocalDate.of(2025, 12, 1);
    private static final CouncilTerm TERM = new CouncilTerm(2025, 2029);
    private static final String COMMITTEE = "Integraatiovaliokunta";
    private static final LocalDate SCHEDULED = LocalDate.of(2026, 5, 25);

    private final CommandGateway commands;
    private final PartyDirectory directory;
    private final int threads;
    private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    final List<AgreementId> agreements = Collections.synchronizedList(new ArrayList<>());
    final List<PartyId> counties = new ArrayList<>();

    FinlandYear(CommandGateway commands, PartyDirectory directory, int threads) {
        this.commands = commands;
        this.directory = directory;
        this.threads = threads;
    }

    /**
     * Sends the year's commands; the figures of the load.
     *
     * @param head the number of events stored, read before and after
     */
    Map<String, Object> load(LongSupplier head) throws Exception {
        long before = head.getAsLong();
        List<Party> all = directory.all();
        Map<String, Party> councilsByRegion = new LinkedHashMap<>();
        all.stream().filter(p -> p.kind() == PartyKind.REGIONAL_COUNCIL).forEach(p -> councilsByRegion.put(p.regionCode(), p));
        List<Party> countyParties = all.stream().filter(p -> p.kind() == PartyKind.WELFARE_AREA)
                .sorted(Comparator.comparing(Party::code)).toList();
        ConcurrentLinkedQueue<Runnable> work = new ConcurrentLinkedQueue<>();
        int municipalities = 0;
        for (Party county : countyParties) {
            List<Party> members = all.stream().filter(p -> p.kind() == PartyKind.MUNICIPALITY
                    && county.code().equals(p.welfareAreaCode())).sorted(Comparator.comparing(Party::code)).toList();
            if (members.isEmpty()) {
                continue;
            }
            municipalities += members.size();
            counties.add(county.id());
            Party council = councilsByRegion.get(county.regionCode());
            int index = counties.size();
            work.add(() -> county(index, county, members, council));
        }
        long t = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                running.add(pool.submit(() -> {
                    for (Runnable next = work.poll(); next != null; next = work.poll()) {
                        next.run();
                    }
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long elapsed = System.nanoTime() - t;
        long events = head.getAsLong() - before;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("counties", counties.size());
        m.put("municipalities", municipalities);
        m.put("regionalCouncils", councilsByRegion.size());
        m.put("agreements", agreements.size());
        m.put("commands", latencies.size());
        m.put("events", events);
        m.put("seconds", Math.round(elapsed / 1e7) / 100.0);
        m.put("eventsPerSecond", Math.round(events / (elapsed / 1e9)));
        m.putAll(RegistryBenchmark.percentiles("command", new ArrayList<>(latencies)));
        return m;
    }

    private void county(int index, Party county, List<Party> members, Party council) {
        Random random = new Random(index);
        // The framework agreement of the council term: the county, its municipalities, its regional council.
        List<PartyId> parties = new ArrayList<>();
        parties.add(county.id());
        members.forEach(m -> parties.add(m.id()));
        if (council != null) {
            parties.add(council.id());
        }
        AgreementId framework = AgreementId.of("finland-" + county.code() + "-framework");
        draft(framework, "Hyvinvointialueen ja kuntien yhteistyön puitesopimus 2025–2029, " + county.name(),
                AgreementKind.FRAMEWORK_AGREEMENT, county.regionName(), parties,
                ReviewPolicy.oncePerCouncilTerm(COMMITTEE), START.plusDays(random.nextInt(20)));
        approveAndSign(framework, parties, 1, LocalDate.of(2026, 1, 12), 90, random);
        if (index % 4 == 0) {
            send(new AmendPrinciples(framework, List.of("Osapuolet suunnittelevat palvelut yhdessä.",
                    "Tiedot jaetaan avoimesti.", "Hyvinvoinnin ja terveyden edistäminen kirjataan vuosittain."),
                    "Vuosittainen tarkistus", LocalDate.of(2026, 9, 1), null));
            for (PartyId party : parties) {
                send(new RecordApproval(framework, party, 2, "Hallitus", LocalDate.of(2026, 9, 14)
                        .plusDays(random.nextInt(45)), "§ " + (200 + random.nextInt(100)), null,
                        "Hyväksytään muutettu puitesopimus.", null));
            }
        }
        // A cooperation protocol with each municipality, reviewed every year, with a mid-year review.
        for (Party municipality : members) {
            AgreementId protocol = AgreementId.of("finland-" + county.code() + "-protocol-" + municipality.code());
            List<PartyId> two = List.of(county.id(), municipality.id());
            draft(protocol, "Yhteistyöpöytäkirja, " + municipality.name(), AgreementKind.COOPERATION_PROTOCOL,
                    county.regionName(), two, ReviewPolicy.everyMonths(12, COMMITTEE),
                    LocalDate.of(2026, 1, 5).plusDays(random.nextInt(30)));
            approveAndSign(protocol, two, 1, LocalDate.of(2026, 2, 9), 100, random);
            LocalDate due = LocalDate.of(2026, 6, 1).plusDays(random.nextInt(150));
            ReviewId review = ReviewId.of("mid-year");
            send(new ScheduleReview(protocol, review, due, "AGREEMENT_EVALUATION", COMMITTEE, "Puolivuotisarviointi",
                    SCHEDULED, null));
            if (due.isBefore(LocalDate.of(2026, 11, 1))) {
                LocalDate completed = due.minusDays(random.nextInt(10));
                send(new CompleteReview(protocol, review, completed.isBefore(SCHEDULED) ? SCHEDULED : completed,
                        ReviewOutcome.NO_CHANGES,
                        "Integraatiovaliokunta " + due + " § " + (10 + random.nextInt(40)), null));
            }
        }
        // The year's welfare (HYTE) negotiation with three of the municipalities, recorded as an agreement.
        List<PartyId> negotiation = new ArrayList<>();
        negotiation.add(county.id());
        members.stream().limit(3).forEach(m -> negotiation.add(m.id()));
        if (negotiation.size() > 1) {
            AgreementId hyte = AgreementId.of("finland-" + county.code() + "-hyte-2026");
            draft(hyte, "HYTE-neuvottelu 2026, " + county.name(), AgreementKind.NEGOTIATION_RECORD,
                    county.regionName(), negotiation, null, LocalDate.of(2026, 8, 20).plusDays(random.nextInt(20)));
            approveAndSign(hyte, negotiation, 1, LocalDate.of(2026, 9, 21), 40, random);
        }
    }

    private void draft(AgreementId id, String title, AgreementKind kind, String region, List<PartyId> parties,
                       ReviewPolicy policy, LocalDate on) {
        send(new DraftAgreement(id, title, kind, region, TERM, parties,
                List.of("Osapuolet suunnittelevat palvelut yhdessä.", "Tiedot jaetaan avoimesti."),
                List.of("Hyvinvoinnin edistäminen", "Sujuvat palveluketjut"),
                List.of(new Forum("Strateginen foorumi", ForumLevel.values()[0])), policy, on));
        agreements.add(id);
    }

    /** Every party approves at a meeting within {@code spreadDays} of {@code from}, and signs 7–21 days later. */
    private void approveAndSign(AgreementId id, List<PartyId> parties, int version, LocalDate from, int spreadDays,
                                Random random) {
        Map<PartyId, LocalDate> approved = new LinkedHashMap<>();
        for (PartyId party : parties) {
            LocalDate meeting = from.plusDays(random.nextInt(spreadDays));
            approved.put(party, meeting);
            send(new RecordApproval(id, party, version, party.value().startsWith("municipality")
                    ? "Kunnanhallitus" : "Hallitus", meeting, "§ " + (10 + random.nextInt(300)),
                    random.nextInt(3) + "/00.04.01/2026", "Hyväksytään.", null));
        }
        for (PartyId party : parties) {
            send(new SignAgreement(id, party, version, new Signatory("Allekirjoittaja", "johtaja"),
                    approved.get(party).plusDays(7 + random.nextInt(15)), null));
        }
    }

    private void send(Object command) {
        long t = System.nanoTime();
        commands.sendAndWait(command);
        latencies.add(System.nanoTime() - t);
    }
}
