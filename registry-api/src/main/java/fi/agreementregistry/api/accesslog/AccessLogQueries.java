package fi.agreementregistry.api.accesslog;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import fi.agreementregistry.api.export.CsvCells;
import fi.agreementregistry.api.application.DateWindow;
import fi.agreementregistry.api.application.InvalidFieldException;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** Reading the access log: pages newest first, and the CSV; for the API and the web interface alike. */
@Component
public class AccessLogQueries {

    /** The registry's business day is Finnish: {@code from}/{@code to} are days in Helsinki. */
    private static final ZoneId FINLAND = ZoneId.of("Europe/Helsinki");
    static final int MAX_PAGE_SIZE = 1000;

    /** @param user a user id; @param target an agreement id or a path; null: any */
    public record Filter(String user, String target, LocalDate from, LocalDate to) {
    }

    public record Page(long total, int page, int size, List<AccessEntry> entries) {
    }

    private final AccessLog log;
    private final DateWindow dates;

    public AccessLogQueries(AccessLog log, DateWindow dates) {
        this.log = log;
        this.dates = dates;
    }

    public Page page(Filter filter, int page, int size) {
        if (page < 0) {
            throw new InvalidFieldException("page", "A page number is 0 or more.");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new InvalidFieldException("size", "A page holds 1 to " + MAX_PAGE_SIZE + " entries.");
        }
        log.flush();
        Bson bson = bson(filter);
        List<AccessEntry> entries = new ArrayList<>();
        log.entries().find(bson).sort(Sorts.orderBy(Sorts.descending("at"), Sorts.descending("seq")))
                .skip(page * size).limit(size).forEach(d -> entries.add(AccessEntry.fromDocument(d)));
        return new Page(log.entries().countDocuments(bson), page, size, entries);
    }

    /** Every matching entry, newest first, as CSV for a spreadsheet: UTF-8 with BOM, a header row, CRLF. */
    public String csv(Filter filter) {
        log.flush();
        StringBuilder csv = new StringBuilder("\uFEFFat,userId,role,partyId,action,target,outcome,status,"
                + "correlationId,sourceAddress\r\n");
        for (Document d : log.entries().find(bson(filter))
                .sort(Sorts.orderBy(Sorts.descending("at"), Sorts.descending("seq"))).batchSize(1000)) {
            AccessEntry e = AccessEntry.fromDocument(d);
            csv.append(String.join(",", cell(e.at().toString()), cell(e.userId()), cell(e.role()), cell(e.partyId()),
                    cell(e.action()), cell(e.target()), cell(e.outcome()), cell(String.valueOf(e.status())),
                    cell(e.correlationId()), cell(e.sourceAddress()))).append("\r\n");
        }
        return csv.toString();
    }

    private Bson bson(Filter filter) {
        List<Bson> filters = new ArrayList<>();
        if (filter.user() != null && !filter.user().isBlank()) {
            filters.add(Filters.eq("userId", filter.user().strip()));
        }
        if (filter.target() != null && !filter.target().isBlank()) {
            filters.add(Filters.eq("target", filter.target().strip()));
        }
        if (filter.from() != null) {
            dates.require("from", filter.from());
            filters.add(Filters.gte("at", filter.from().atStartOfDay(FINLAND).toInstant().toString()));
        }
        if (filter.to() != null) {
            dates.require("to", filter.to());
            filters.add(Filters.lt("at", filter.to().plusDays(1).atStartOfDay(FINLAND).toInstant().toString()));
        }
        return filters.isEmpty() ? new Document() : Filters.and(filters);
    }

    /** A CSV cell: quoted, and a leading formula character neutralised as in every CSV the registry writes. */
    private static String cell(String value) {
        String text = value == null ? "" : String.valueOf(CsvCells.cell(value));
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }
}
