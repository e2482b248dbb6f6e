package fi.agreementregistry.api.application.publicregister;

import com.fasterxml.jackson.annotation.JsonInclude;
import fi.agreementregistry.core.agreement.AgreementKind;
import fi.agreementregistry.core.agreement.AgreementStatus;
import fi.agreementregistry.core.agreement.ForumLevel;
import fi.agreementregistry.core.review.ReviewOutcome;
import fi.agreementregistry.projections.agreement.ReviewStatus;

import java.time.LocalDate;
import java.util.List;

/**
 * One agreement as the public register shows it. Every field is copied here one by one from the read models
 * ({@link PublicRegister}), never a read model's record itself, so that nothing reaches the public that was not chosen
 * for it: no actor, user or recorded time, no decision or review texts typed by clerks, no proposal still awaiting
 * approval, and a signatory's name only when {@code registry.public.show-signatory-names} is set. The component names
 * are the JSON API's contract ({@code docs/open-data.md}).
 *
 * @param versionInForce the text version in force, or the last one in force when it has ended
 * @param versions       every version of the principles that has been in force, oldest first
 * @param supersedes     the public agreement it replaced, if any
 * @param supersededBy   the public agreement that replaced it, if any (a replacement that is itself still a draft is
 *                       not named: {@code endedOn} says when it ended)
 */
public record PublicAgreement(String id,
                              String title,
                              AgreementKind kind,
                              String region,
                              String councilTerm,
                              AgreementStatus status,
                              LocalDate enteredIntoForceOn,
                              int versionInForce,
                              LocalDate endedOn,
                              String terminationReason,
                              List<Party> parties,
                              List<Version> versions,
                              List<String> goals,
                              List<Forum> forums,
                              List<Review> reviews,
                              AgreementRef supersedes,
                              AgreementRef supersededBy,
                              Links links,
                              PublicRegisterProperties.Licence licence) {

    /** A party with its decision body's approvals and its signatures of the versions that have been in force. */
    public record Party(String id, String name, List<Approval> approvals, List<Signature> signatures) {
    }

    /** A decision body's approval of one version at a meeting: e.g. Kunnanhallitus 13.3.2023 § 30, 56/15.00.18/2023. */
    public record Approval(int version, String decisionBody, LocalDate meetingDate, String section, String diaryNumber) {
    }

    /**
     * A signature for a party: the signatory's title and organisation (the party), and the name only where the
     * registry is configured to publish it (otherwise the field is left out).
     */
    public record Signature(int version,
                            String signatoryTitle,
                            String organisation,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String signatoryName,
                            LocalDate signedOn) {
    }

    /**
     * A version of the principles that has been in force: from when (the day the agreement entered into force, or
     * the day the last party approved the amendment) until when (the next version, or the end; null while in force),
     * and what changed from the version before it (null for the first).
     */
    public record Version(int version, LocalDate inForceFrom, LocalDate inForceUntil, List<Principle> principles,
                          Changes changes) {
    }

    public record Principle(int number, String text) {
    }

    /** Version {@code toVersion}'s principles compared by number with those of {@code fromVersion}. */
    public record Changes(int fromVersion, int toVersion, List<Principle> added, List<Principle> removed,
                          List<Change> changed) {

        /** As the pages' diff block reads a diff (not in the JSON, which has {@code fromVersion}). */
        public int from() {
            return fromVersion;
        }

        public int to() {
            return toVersion;
        }
    }

    public record Change(int number, String before, String after) {
    }

    public record Forum(String name, ForumLevel level) {
    }

    /** A review: its kind, due date, responsible body and where it stands; once completed, its outcome. */
    public record Review(String kind, LocalDate dueBy, String responsibleBody, ReviewStatus status,
                         LocalDate completedOn, ReviewOutcome outcome, String minutesReference) {
    }

    public record AgreementRef(String id, String title) {
    }

    /** Where the same agreement is: this JSON, and its page in Finnish, Swedish and English. */
    public record Links(String self, String fi, String sv, String en) {
    }
}
