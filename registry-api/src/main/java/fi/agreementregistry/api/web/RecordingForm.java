package fi.agreementregistry.api.web;

/**
 * What a clerk types into the approval or signature form, as text, so that a mistyped date comes back as a
 * message next to its field instead of a binding error. The API's request records validate the rest.
 */
public class RecordingForm implements java.io.Serializable {
    private String partyId;
    private String version;
    private String decisionBody;
    private String meetingDate;
    private String section;
    private String diaryNumber;
    private String decisionText;
    private String signatoryName;
    private String signatoryTitle;
    private String signedOn;
    /** The page of the party page the form was on, so a refused form is shown again where it was. */
    private String cursor;
    /** {@code agreement}: the form was sent from the agreement's page, and a refused one is shown there again. */
    private String returnTo;

    public String getReturnTo() { return returnTo; }
    public void setReturnTo(String returnTo) { this.returnTo = returnTo; }
    public String getCursor() { return cursor; }
    public void setCursor(String cursor) { this.cursor = cursor; }
    public String getPartyId() { return partyId; }
    public void setPartyId(String partyId) { this.partyId = partyId; }
    public String getVersion() { return version; }
    public void setVersion(String version) { this.version = version; }
    public String getDecisionBody() { return decisionBody; }
    public void setDecisionBody(String decisionBody) { this.decisionBody = decisionBody; }
    public String getMeetingDate() { return meetingDate; }
    public void setMeetingDate(String meetingDate) { this.meetingDate = meetingDate; }
    public String getSection() { return section; }
    public void setSection(String section) { this.section = section; }
    public String getDiaryNumber() { return diaryNumber; }
    public void setDiaryNumber(String diaryNumber) { this.diaryNumber = diaryNumber; }
    public String getDecisionText() { return decisionText; }
    public void setDecisionText(String decisionText) { this.decisionText = decisionText; }
    public String getSignatoryName() { return signatoryName; }
    public void setSignatoryName(String signatoryName) { this.signatoryName = signatoryName; }
    public String getSignatoryTitle() { return signatoryTitle; }
    public void setSignatoryTitle(String signatoryTitle) { this.signatoryTitle = signatoryTitle; }
    public String getSignedOn() { return signedOn; }
    public void setSignedOn(String signedOn) { this.signedOn = signedOn; }
}
