package fi.agreementregistry.projections.agreement;

import fi.agreementregistry.projections.support.CollectionNames;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static fi.agreementregistry.projections.agreement.AgreementSummaryDocuments.COLLECTION;
import static fi.agreementregistry.projections.agreement.AgreementSummaryDocuments.COUNCIL_TERM;
import static fi.agreementregistry.projections.agreement.AgreementSummaryDocuments.ID;
import static fi.agreementregistry.projections.agreement.AgreementSummaryDocuments.PARTY_ID;
import static fi.agreementregistry.projections.agreement.AgreementSummaryDocuments.STATUS;
import static fi.agreementregistry.projections.agreement.AgreementSummaryDocuments.SUPERSEDES;
import static fi.agreementregistry.projections.agreement.AgreementSummaryDocuments.TITLE;

/**
 * Answers {@link FindAgreement} and {@link FindAgreements} from {@code agreement_summaries}.
 * Review statuses are computed per query against the clock, so they are right as of today.
 */
public class AgreementSummaryQueries {

    private final MongoDatabase database;
    private final CollectionNames names;
    private final Clock clock;
    private final int dueSoonDays;

    /**
     * @param names       the collections read: the live generation (built so in {@code ReadModelConfiguration}), or
     *                    the plain names in tests
     * @param dueSoonDays a review due within this many days (counting today) is DUE_SOON
     */
    public AgreementSummaryQueries(MongoDatabase database, CollectionNames names, Clock clock, int dueSoonDays) {
        this.names = names;
        this.database = database;
        this.clock = clock;
        this.dueSoonDays = ReviewStatus.requireValidDueSoonDays(dueSoonDays);
    }

    /** The agreement, or null when there is none with that id (the API answers 404). */
    @QueryHandler
    public AgreementView handle(FindAgreement query) {
        // By _id alone, then the status checked here: the embedded server scans the collection for any other filter.
        Document document = collection().find(Filters.eq(ID, query.agreementId().value())).first();
        return document == null || !document.containsKey(STATUS) ? null : toView(document, LocalDate.now(clock));
    }

    @QueryHandler
    public AgreementList handle(FindAgreements query) {
        List<Bson> criteria = new ArrayList<>();
        // A document without a status holds only a supersedes link to an agreement not yet drafted.
        criteria.add(Filters.exists(STATUS));
        if (query.party() != null) {
            criteria.add(Filters.eq(PARTY_ID, query.party().value()));
        }
        if (query.status() != null) {
            criteria.add(Filters.eq(STATUS, query.status().name()));
        }
        if (query.councilTerm() != null) {
            criteria.add(Filters.eq(COUNCIL_TERM, query.councilTerm().toString()));
        }
        LocalDate today = LocalDate.now(clock);
        List<AgreementView> views = new ArrayList<>();
        for (Document document : collection().find(Filters.and(criteria)).sort(Sorts.ascending(TITLE, ID))) {
            views.add(toView(document, today));
        }
        return new AgreementList(views);
    }

    private AgreementView toView(Document document, LocalDate today) {
        return AgreementSummaryDocuments.fromDocument(document).toView(document.getString(SUPERSEDES), today,
                dueSoonDays);
    }

    private MongoCollection<Document> collection() {
        return database.getCollection(names.of(COLLECTION));
    }
}
