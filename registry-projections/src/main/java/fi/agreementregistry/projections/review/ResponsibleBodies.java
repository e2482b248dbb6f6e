package fi.agreementregistry.projections.review;

import java.util.List;

/** The answer to {@link FindResponsibleBodies}: the bodies as written, sorted. */
public record ResponsibleBodies(List<String> bodies) {

    public ResponsibleBodies {
        bodies = List.copyOf(bodies);
    }
}
