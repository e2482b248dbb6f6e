package fi.agreementregistry.api.benchmark;

import java.util.List;
import java.util.Map;

/** The benchmark's figures as a plain-text table, one column per size. */
final class Table {

    private Table() {
    }

    @SuppressWarnings("unchecked")
    static String render(Map<String, Object> report) {
        List<Map<String, Object>> points = (List<Map<String, Object>>) report.get("sizes");
        StringBuilder sb = new StringBuilder();
        sb.append("\nRegistry benchmark, ").append(report.get("date")).append(", ").append(report.get("machine"))
                .append(", ").append(report.get("clientThreads")).append(" client threads\n");
        if (report.get("finlandYear") instanceof Map<?, ?> finland) {
            Map<String, Object> f = (Map<String, Object>) finland;
            sb.append("0. one year of Finland: ").append(f.get("agreements")).append(" agreements of ")
                    .append(f.get("counties")).append(" counties, ").append(f.get("municipalities"))
                    .append(" municipalities, ").append(f.get("events")).append(" events in ").append(f.get("seconds"))
                    .append(" s (").append(f.get("eventsPerSecond")).append(" events/s, command p50/p99 ")
                    .append(f.get("commandP50Ms")).append(" / ").append(f.get("commandP99Ms")).append(" ms)\n");
            for (String q : List.of("agreementState", "reviewDeadlines", "reviewDeadlinesOverdue", "countyPortfolio",
                    "historyPage")) {
                sb.append(String.format("  %-26s%22s%n", q + " p50/p99 ms", get(f, "queries", q, "p50Ms") + " / "
                        + get(f, "queries", q, "p99Ms")));
            }
        }
        row(sb, "stored events", points, p -> p.get("storedEvents"));
        sb.append("1. append\n");
        row(sb, "  registry events/s", points, p -> get(p, "append", "eventsPerSecond"));
        row(sb, "  command p50 / p99 ms", points, p -> get(p, "append", "commandP50Ms") + " / "
                + get(p, "append", "commandP99Ms"));
        row(sb, "  raw insert docs/s", points, p -> get(p, "append", "raw", "docsPerSecond"));
        row(sb, "  raw insert p50 / p99 ms", points, p -> get(p, "append", "raw", "insertP50Ms") + " / "
                + get(p, "append", "raw", "insertP99Ms"));
        row(sb, "  ratio (target >= 0.333)", points, p -> get(p, "append", "ratio"));
        row(sb, "  evidence leaves/s (kept up)", points, p -> get(p, "append", "evidence", "leavesPerSecond") + " ("
                + get(p, "append", "evidence", "keptUp") + ")");
        row(sb, "  processors stopped: ev/s", points, p -> get(p, "append", "processorsStopped", "eventsPerSecond"));
        row(sb, "  processors stopped: p50/p99", points, p -> get(p, "append", "processorsStopped", "commandP50Ms")
                + " / " + get(p, "append", "processorsStopped", "commandP99Ms"));
        sb.append("2. replay\n");
        row(sb, "  registry events/s", points, p -> get(p, "replay", "eventsPerSecond"));
        row(sb, "  registry seconds", points, p -> get(p, "replay", "seconds"));
        row(sb, "  raw rebuild events/s", points, p -> get(p, "replay", "raw", "eventsPerSecond"));
        row(sb, "  ratio (target >= 0.5)", points, p -> get(p, "replay", "ratio"));
        row(sb, "  blue/green all ev/s (ratio)", points, p -> get(p, "replay", "blueGreenAll", "eventsPerSecond")
                + " (" + get(p, "replay", "blueGreenAll", "ratio") + ")");
        row(sb, "  blue/green one ev/s (ratio)", points, p -> get(p, "replay", "blueGreenSingle", "eventsPerSecond")
                + " (" + get(p, "replay", "blueGreenSingle", "ratio") + ")");
        sb.append("3. queries p50 / p99 ms\n");
        for (String q : List.of("agreementState", "agreementHistory1000", "asOf", "asOf1000", "reviewDeadlines",
                "reviewDeadlinesFiltered", "reviewDeadlinesOverdue", "reviewDeadlinesOfParty", "reviewDeadlinesPage20",
                "partyPortfolio", "partyPortfolioPage5", "historyPage", "historyPageFiltered", "historyPage50")) {
            row(sb, "  " + q, points, p -> get(p, "queries", q, "p50Ms") + " / " + get(p, "queries", q, "p99Ms"));
        }
        sb.append("4. consistency check (sequences and content)\n");
        row(sb, "  seconds", points, p -> get(p, "consistencyCheck", "seconds"));
        row(sb, "  peak heap MB (before)", points, p -> get(p, "consistencyCheck", "peakHeapMb") + " ("
                + get(p, "consistencyCheck", "heapBeforeMb") + ")");
        row(sb, "  peak heap after a GC MB", points, p -> get(p, "consistencyCheck", "peakAfterGcMb"));
        row(sb, "  heap after it and a full GC MB", points, p -> get(p, "consistencyCheck", "heapAfterMb"));
        row(sb, "  longest command ms (without)", points, p -> get(p, "consistencyCheck", "longestCommandMs") + " ("
                + get(p, "consistencyCheck", "baselineLongestCommandMs") + ")");
        sb.append("5. access log (HTTP reads of an agreement)\n");
        row(sb, "  read p50 / p99 ms", points, p -> get(p, "accessLog", "readP50Ms") + " / "
                + get(p, "accessLog", "readP99Ms"));
        row(sb, "  recording p50 / p99 / max ms", points, p -> get(p, "accessLog", "recordP50Ms") + " / "
                + get(p, "accessLog", "recordP99Ms") + " / " + get(p, "accessLog", "recordMaxMs"));
        return sb.toString();
    }

    private interface Cell {
        Object of(Map<String, Object> point);
    }

    private static void row(StringBuilder sb, String label, List<Map<String, Object>> points, Cell cell) {
        sb.append(String.format("%-28s", label));
        for (Map<String, Object> p : points) {
            sb.append(String.format("%22s", cell.of(p)));
        }
        sb.append('\n');
    }

    @SuppressWarnings("unchecked")
    private static Object get(Map<String, Object> map, String... path) {
        Object o = map;
        for (String k : path) {
            o = o instanceof Map<?, ?> m ? ((Map<String, Object>) m).get(k) : null;
        }
        return o;
    }
}
