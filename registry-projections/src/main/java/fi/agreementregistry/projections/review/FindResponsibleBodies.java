package fi.agreementregistry.projections.review;

/** Every responsible body that has a review, answered with {@link ResponsibleBodies}. */
public record FindResponsibleBodies() {
}
