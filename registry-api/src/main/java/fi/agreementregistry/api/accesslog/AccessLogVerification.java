package fi.agreementregistry.api.accesslog;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Walks every chain of the access log in order and recomputes each entry's hash: an entry edited behind the
 * registry's back is {@code altered} (its hash no longer matches its fields), a deleted one leaves the next one
 * {@code missing} its predecessor (a gap in {@code seq}, or a {@code prevHash} that names another entry). Entries the
 * registry purged for their age are not missing: the chain records where it now starts. Deleting the newest entries
 * of a chain leaves no gap behind them; the writer's own counter is in memory only, so that is not detectable here.
 */
@Component
public class AccessLogVerification {

    public record Problem(String chain, long seq, String problem) {
    }

    public record Report(boolean consistent, int chains, long entriesChecked, List<Problem> problems) {
    }

    private final AccessLog log;

    public AccessLogVerification(AccessLog log) {
        this.log = log;
    }

    public Report verify() {
        log.flush();
        Set<String> chains = new LinkedHashSet<>();
        log.chains().find().forEach(d -> chains.add(d.getString("_id")));
        log.entries().distinct("chain", String.class).forEach(chains::add);
        List<Problem> problems = new ArrayList<>();
        long checked = 0;
        for (String chain : chains) {
            Document head = log.chains().find(Filters.eq("_id", chain)).first();
            long expectedSeq = 0;
            String expectedPrev = AccessLog.GENESIS;
            if (head != null && head.get("purgedThroughSeq") instanceof Number purged) {
                expectedSeq = purged.longValue() + 1;
                expectedPrev = head.getString("purgedThroughHash");
            }
            for (Document entry : log.entries().find(Filters.eq("chain", chain)).sort(Sorts.ascending("seq"))
                    .batchSize(1000)) {
                checked++;
                long seq = entry.get("seq", Number.class).longValue();
                if (!AccessEntry.hash(entry).equals(entry.getString("hash"))) {
                    problems.add(new Problem(chain, seq, "altered"));
                }
                if (seq != expectedSeq || !expectedPrev.equals(entry.getString("prevHash"))) {
                    problems.add(new Problem(chain, seq, "missing"));
                }
                expectedSeq = seq + 1;
                expectedPrev = entry.getString("hash");
            }
        }
        return new Report(problems.isEmpty(), chains.size(), checked, problems);
    }
}
