package fi.agreementregistry.api.web;

import fi.agreementregistry.api.application.DateWindow;
import fi.agreementregistry.projections.history.HistoryEntry;
import fi.agreementregistry.projections.agreement.ReviewView;
import fi.agreementregistry.projections.review.ReviewDeadline;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The numbers for the SVG pictures the templates draw: an agreement's history on lanes along a time axis,
 * and the coming year's review deadlines by month. Only positions are computed here; labels and colours are
 * the template's and the stylesheet's. Every mark carries a printed number, and the key under the picture says in
 * words what each number is (its date, kind and what it concerns), so nothing is told by a tooltip or a colour alone.
 */
public record Timeline(int width, int height, List<Lane> lanes, List<Tick> ticks, List<Mark> marks, Double todayX) {

    public static final int WIDTH = 960;
    static final int LEFT = 150;
    static final int RIGHT = 20;
    /** Room for a mark and its number above or below it. */
    static final int LANE_HEIGHT = 44;
    static final int TOP = 10;
    /** How far a mark's number is printed above (negative) or below its centre, and how wide a digit is. */
    static final int LABEL_ABOVE = -10;
    static final int LABEL_BELOW = 19;
    static final int DIGIT_WIDTH = 7;

    /** A horizontal lane: draft and amendments, approvals, signatures, force and reviews. */
    public record Lane(String key, int y) {
    }

    /** A tick on the time axis (a year or a month). */
    public record Tick(double x, String label) {
    }

    /** What a mark stands for: an event's party (or body, or title), or a review's agreement and its page. */
    public record Item(String text, String link) {
    }

    /**
     * One mark: the events of one lane on one day (or, with {@code wholeMonth}, the reviews of one status in one
     * month), numbered in the order of their dates; {@code labelY} is where its number is printed. {@code key} is the
     * message key of its kind, {@code cssClass} its colour.
     */
    public record Mark(int number, double x, double y, double labelY, String cssClass, String key, LocalDate date,
                       boolean wholeMonth, List<Item> items) {
    }

    private static final Map<String, Integer> LANE_OF = Map.ofEntries(
            Map.entry("AgreementDrafted", 0), Map.entry("PartyAdded", 0), Map.entry("PartyRemoved", 0),
            Map.entry("PrinciplesAmendmentProposed", 0), Map.entry("PrinciplesAmended", 0),
            Map.entry("ApprovalRecorded", 1), Map.entry("AgreementSigned", 2),
            Map.entry("AgreementEnteredIntoForce", 3), Map.entry("AgreementSuperseded", 3),
            Map.entry("AgreementTerminated", 3), Map.entry("ReviewScheduled", 4), Map.entry("ReviewCompleted", 4));
    private static final List<String> LANES = List.of("lane.text", "lane.approvals", "lane.signatures", "lane.force",
            "lane.reviews");

    /** At most this many labels on the time axis, however long it is. */
    static final int MAX_TICKS = 16;

    /**
     * An agreement's history from its draft to {@code until} (or the last event, or a scheduled review). Dates
     * outside the registry's window (events stored before it was enforced) do not stretch the axis: their marks are
     * pinned to its nearer end, and the key says the date as stored. Events of one kind on one day are one mark.
     */
    public static Timeline ofHistory(List<HistoryEntry> entries, LocalDate until, DateWindow window) {
        List<LocalDate> dates = new ArrayList<>();
        for (HistoryEntry e : entries) {
            dates.add(e.effectiveOn());
            if ("ReviewScheduled".equals(e.eventType()) && e.dueBy() != null) {
                dates.add(e.dueBy());
            }
        }
        dates.removeIf(Objects::isNull);
        List<LocalDate> outside = dates.stream().filter(d -> !window.contains(d)).toList();
        dates.removeIf(d -> !window.contains(d));
        if (dates.isEmpty() && until == null) {
            outside.stream().map(window::clamp).forEach(dates::add);
        }
        LocalDate start = dates.stream().min(LocalDate::compareTo).orElse(until);
        LocalDate end = dates.stream().max(LocalDate::compareTo).orElse(until);
        if (until != null && until.isAfter(end)) {
            end = until;
        }
        start = start.withDayOfMonth(1);
        end = YearMonth.from(end).atEndOfMonth();
        Axis axis = new Axis(start, end);
        List<Lane> lanes = lanes(LANES);
        Map<String, Group> groups = new LinkedHashMap<>();
        for (HistoryEntry e : entries) {
            int lane = LANE_OF.getOrDefault(e.eventType(), 0);
            LocalDate date = e.effectiveOn();
            String text = e.partyName() != null ? e.partyName()
                    : e.responsibleBody() != null ? e.responsibleBody() : e.title();
            if ("ReviewScheduled".equals(e.eventType()) && e.dueBy() != null) {
                // A scheduled review is drawn on its due date: that is the date a committee looks for.
                date = e.dueBy();
            }
            if (date != null) {
                LocalDate day = date;
                groups.computeIfAbsent(e.eventType() + "|" + date, k -> new Group(axis.x(day), lanes.get(lane).y(),
                        "ev-" + e.eventType(), "event." + e.eventType(), day, false)).add(new Item(text, null));
            }
        }
        int height = TOP + LANE_HEIGHT * LANES.size() + 30;
        return new Timeline(WIDTH, height, lanes, axis.ticks(height - 12), numbered(groups.values()),
                until == null || until.isAfter(end) || until.isBefore(start) ? null : axis.x(until));
    }

    /**
     * The twelve months from {@code from}'s month: one mark per status and month, in the middle of the month, for the
     * reviews due then (the overdue ones in the first month, where the eye begins).
     */
    public static Timeline ofYear(List<ReviewDeadline> reviews, LocalDate from) {
        LocalDate start = from.withDayOfMonth(1);
        LocalDate end = start.plusMonths(12).minusDays(1);
        Axis axis = new Axis(start, end);
        List<String> statuses = List.of("OVERDUE", "DUE_SOON", "UPCOMING", "COMPLETED");
        List<Lane> lanes = lanes(statuses.stream().map(status -> "status." + status).toList());
        Map<String, Group> groups = new LinkedHashMap<>();
        for (ReviewDeadline r : reviews) {
            ReviewView review = r.review();
            LocalDate date = review.dueBy().isBefore(start) ? start : review.dueBy();
            if (date.isAfter(end)) {
                continue;
            }
            String status = review.status() == null ? "UPCOMING" : review.status().name();
            int lane = status.startsWith("COMPLETED") ? 3 : Math.max(0, statuses.indexOf(status));
            LocalDate month = date.withDayOfMonth(1);
            groups.computeIfAbsent(lane + "|" + month, k -> new Group(axis.x(month.plusDays(14)),
                            lanes.get(lane).y(), "st-" + statuses.get(lane), "status." + statuses.get(lane), month,
                            true))
                    .add(new Item(r.agreementTitle(), "/ui/agreements/" + r.agreementId()));
        }
        int height = TOP + LANE_HEIGHT * statuses.size() + 30;
        return new Timeline(WIDTH, height, lanes, axis.monthTicks(height - 12), numbered(groups.values()),
                axis.x(from));
    }

    private static List<Lane> lanes(List<String> keys) {
        List<Lane> lanes = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            lanes.add(new Lane(keys.get(i), TOP + LANE_HEIGHT * i + LANE_HEIGHT / 2));
        }
        return lanes;
    }

    /** A mark being collected: what is drawn at one place. */
    private record Group(double x, double y, String cssClass, String key, LocalDate date, boolean wholeMonth,
                         List<Item> items) {
        Group(double x, double y, String cssClass, String key, LocalDate date, boolean wholeMonth) {
            this(x, y, cssClass, key, date, wholeMonth, new ArrayList<>());
        }

        Group add(Item item) {
            items.add(item);
            return this;
        }
    }

    /**
     * The marks numbered by date (then lane), each number printed above its mark, or below it when the number of the
     * mark before it in the lane would be in the way.
     */
    private static List<Mark> numbered(Collection<Group> groups) {
        List<Group> ordered = groups.stream()
                .sorted(Comparator.comparing(Group::date).thenComparing(Group::y)).toList();
        Map<Double, double[]> lastRight = new HashMap<>();
        List<Mark> marks = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            Group g = ordered.get(i);
            int number = i + 1;
            double half = String.valueOf(number).length() * DIGIT_WIDTH / 2.0 + 1;
            double[] right = lastRight.computeIfAbsent(g.y(), y -> new double[]{Double.NEGATIVE_INFINITY,
                    Double.NEGATIVE_INFINITY});
            int row = g.x() - half > right[0] ? 0 : g.x() - half > right[1] ? 1 : 0;
            right[row] = g.x() + half;
            marks.add(new Mark(number, g.x(), g.y(), g.y() + (row == 0 ? LABEL_ABOVE : LABEL_BELOW), g.cssClass(),
                    g.key(), g.date(), g.wholeMonth(), List.copyOf(g.items())));
        }
        return marks;
    }

    private record Axis(LocalDate start, LocalDate end) {

        /** Where a date lies on the axis; a date before or after it lies on its nearer end. */
        double x(LocalDate date) {
            LocalDate at = date.isBefore(start) ? start : date.isAfter(end) ? end : date;
            long days = Math.max(1, ChronoUnit.DAYS.between(start, end));
            double share = (double) ChronoUnit.DAYS.between(start, at) / days;
            return Math.round((LEFT + share * (WIDTH - LEFT - RIGHT)) * 10) / 10.0;
        }

        List<Tick> ticks(int y) {
            long months = ChronoUnit.MONTHS.between(YearMonth.from(start), YearMonth.from(end));
            return months <= 24 ? monthTicks(y) : yearTicks();
        }

        /** Every year, or every 2nd, 5th, 10th, 20th, 50th... so that there are never more than {@link #MAX_TICKS}. */
        List<Tick> yearTicks() {
            long years = (long) end.getYear() - start.getYear() + 1;
            long step = 1;
            for (long magnitude = 1; (years + step - 1) / step > MAX_TICKS; magnitude *= 10) {
                for (long factor : new long[]{1, 2, 5}) {
                    step = factor * magnitude;
                    if ((years + step - 1) / step <= MAX_TICKS) {
                        break;
                    }
                }
            }
            List<Tick> ticks = new ArrayList<>();
            long first = Math.floorDiv(start.getYear() + step - 1, step) * step;
            for (long year = first; year <= end.getYear(); year += step) {
                LocalDate jan = LocalDate.of((int) year, 1, 1);
                if (!jan.isBefore(start)) {
                    ticks.add(new Tick(x(jan), String.valueOf(year)));
                }
            }
            return ticks;
        }

        List<Tick> monthTicks(int y) {
            List<Tick> ticks = new ArrayList<>();
            long months = ChronoUnit.MONTHS.between(YearMonth.from(start), YearMonth.from(end));
            int step = months > 12 ? 3 : 1;
            for (YearMonth m = YearMonth.from(start); !m.atDay(1).isAfter(end); m = m.plusMonths(step)) {
                ticks.add(new Tick(x(m.atDay(1)), m.getMonthValue() + "/" + m.getYear()));
            }
            return ticks;
        }
    }
}
