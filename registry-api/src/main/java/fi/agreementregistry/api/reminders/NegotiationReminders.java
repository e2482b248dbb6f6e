package fi.agreementregistry.api.reminders;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import fi.agreementregistry.core.party.PartyRef;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The reminders of the statutory negotiations a county has still to hold ({@link NegotiationsDue}: one per county,
 * duty and period), at the same days as a review's ({@link ReminderOccurrence}: before the period's last day, on it,
 * then while it is overdue), through the same outbox, so each recipient gets each once
 * ({@code negotiation|<duty>|<county>|<period start>|<occurrence>|<address>}). They go to the addresses configured for
 * the county ({@code registry.reminders.recipients[].welfareArea}), the county's contacts and the contacts of the
 * municipalities that have not negotiated in that period.
 * <p>
 * The collection {@value #COLLECTION} keeps, per negotiation due, the reminder planned last and its entries
 * ({@code {_id: key, occurrence, entries}}). A reminder that had nobody to go to (no address for the county or its
 * municipalities yet) is planned again every round until someone is, so an address added after the reminder's day
 * still gets it (there are at most two negotiations due per county: cheap). Once the negotiation is held (it is no longer due), its entries not yet
 * sent are cancelled and its document goes; an entry to a municipality that has negotiated meanwhile is cancelled
 * when its turn to be sent comes.
 */
@ConditionalOnWebApplication
@Component
class NegotiationReminders {

    static final String COLLECTION = "reminder_negotiations";
    private static final String SUBJECT = "negotiation|";
    private static final Logger log = LoggerFactory.getLogger(NegotiationReminders.class);

    private final MongoDatabase database;
    private final NegotiationsDue negotiations;
    private final ReminderOutbox outbox;
    private final PartyContactStore contacts;
    private final ReminderProperties settings;

    NegotiationReminders(MongoDatabase database, NegotiationsDue negotiations, ReminderOutbox outbox,
                         PartyContactStore contacts, ReminderProperties settings) {
        this.database = database;
        this.negotiations = negotiations;
        this.outbox = outbox;
        this.contacts = contacts;
        this.settings = settings;
    }

    private MongoCollection<Document> plans() {
        return database.getCollection(COLLECTION);
    }

    /**
     * Plans the latest reminder whose day has come of each negotiation due (when it is not the one planned last), and
     * cancels the unsent reminders of the negotiations held since the last round.
     */
    void plan(LocalDate today, Instant now) {
        Map<String, Document> planned = new HashMap<>();
        for (Document plan : plans().find()) {
            planned.put(plan.getString("_id"), plan);
        }
        for (NegotiationsDue.Due due : negotiations.due(today)) {
            Document before = planned.remove(due.key());
            Optional<ReminderOccurrence> latest = ReminderOccurrence.latest(due.periodEnd(), today,
                    settings.daysBefore(), settings.overdueEveryDays());
            if (latest.isEmpty() || before != null && latest.get().key().equals(before.getString("occurrence"))
                    && !before.getList("entries", String.class, List.of()).isEmpty()) {
                continue; // planned already; one planned without recipients is planned again, to those added since
            }
            List<String> entries = outbox.planEach(SUBJECT + due.key(), about(due), latest.get(),
                    addressees(due).all(), before == null ? List.of() : before.getList("entries", String.class),
                    now);
            plans().replaceOne(Filters.eq("_id", due.key()), new Document("_id", due.key())
                    .append("occurrence", latest.get().key()).append("entries", entries), new ReplaceOptions().upsert(true));
            if (entries.isEmpty()) {
                log.info("Statutory negotiation {}: reminder {} has no recipients (no addresses for the county or "
                        + "its municipalities)", due.key(), latest.get().key());
            }
        }
        for (Document held : planned.values()) {
            outbox.cancelPending(held.getList("entries", String.class), "negotiation held: no longer due");
            plans().deleteOne(Filters.eq("_id", held.getString("_id")));
        }
    }

    /**
     * For one round of sending: why a negotiation's reminder should no longer go out (the negotiation was held, or
     * the municipality it is addressed to has negotiated); empty while it should.
     */
    Function<ReminderOutbox.Entry, Optional<String>> stillDue(LocalDate today) {
        Map<String, NegotiationsDue.Due> open = negotiations.due(today).stream()
                .collect(Collectors.toMap(NegotiationsDue.Due::key, due -> due));
        return entry -> {
            NegotiationsDue.Due due = open.get(entry.negotiationKey());
            if (due == null) {
                return Optional.of("negotiation held: no longer due");
            }
            String source = entry.source() == null ? "" : entry.source();
            if (source.startsWith("party:municipality:") && due.municipalities().stream()
                    .noneMatch(m -> source.equals("party:" + m.id().value()))) {
                return Optional.of("the municipality has negotiated");
            }
            return Optional.empty();
        };
    }

    private static Document about(NegotiationsDue.Due due) {
        return new Document("topic", ReminderOutbox.Topic.NEGOTIATION.name()).append("negotiationKey", due.key())
                .append("duty", due.duty()).append("welfareAreaId", due.welfareArea().id().value())
                .append("welfareAreaName", due.welfareArea().name())
                .append("periodStart", due.periodStart().toString()).append("dueBy", due.periodEnd().toString())
                .append("municipalities", due.municipalities().stream().map(PartyRef::name).toList());
    }

    /** The county's configured addresses, then its contacts, then those of the municipalities still to negotiate. */
    private Addressees addressees(NegotiationsDue.Due due) {
        Addressees to = new Addressees();
        String county = due.welfareArea().id().value();
        for (ReminderProperties.Recipient r : settings.recipients()) {
            if (r.servesCounty(county)) {
                to.add(r, "county:" + county);
            }
        }
        to.addContactsOf(county, contacts);
        for (PartyRef municipality : due.municipalities()) {
            to.addContactsOf(municipality.id().value(), contacts);
        }
        return to;
    }
}
