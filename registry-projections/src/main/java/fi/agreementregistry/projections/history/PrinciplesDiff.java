package fi.agreementregistry.projections.history;

import fi.agreementregistry.core.agreement.Principle;

import java.util.List;

/** Principles compared by number: present only in {@code to} (added), only in {@code from} (removed), or with another text (changed). */
public record PrinciplesDiff(String agreementId, int from, int to, List<Principle> added, List<Principle> removed,
                             List<Change> changed) {

    public record Change(int number, String before, String after) {
    }
}
