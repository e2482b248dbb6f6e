package fi.agreementregistry.core.agreement;

/**
 * Why one step of an imported agreement cannot be stored.
 *
 * @param list    the part of the agreement it concerns: "draft", or the list its step came from ({@link ImportStep})
 * @param index   the step's position in that list (0 for the draft)
 * @param rule    the {@link AgreementRule}'s name, or "unknown-party" / "invalid-value"
 * @param message the refusal in a clerk's words
 */
public record ImportProblem(String list, int index, String rule, String message) {
}
