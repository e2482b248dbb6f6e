#!/usr/bin/env bash
# Walk-through: drafts the Kanta-Häme framework agreement for the council term 2025-2029 with its
# 13 parties (11 municipalities, Hämeen liitto, Kanta-Hämeen hyvinvointialue), records every
# party's approval and signature, shows the agreement IN_FORCE, then reads it back: its history
# (JSON and CSV), the review deadlines (JSON and .ics), a municipality's portfolio and the agreement
# as it stood on a past date. Needs only bash and curl.
# Each call is made by the user who may make it, as the demo profile defines them: each party's
# clerk (clerk-municipality-109 ...) drafts, approves and signs for their own party, the committee
# schedules the review, the auditor reads. Start the registry with the demo profile first.
#   ./docs/walkthrough.sh [base-url]        (default http://localhost:8080)
set -euo pipefail
BASE=${1:-http://localhost:8080}
CLERK_PASSWORD=${CLERK_PASSWORD:-clerk-demo}
COMMITTEE_PASSWORD=${COMMITTEE_PASSWORD:-committee-demo}
AUDITOR_PASSWORD=${AUDITOR_PASSWORD:-auditor-demo}

clerk() { # party id -> the demo user name of its clerk: municipality:109 -> clerk-municipality-109
  printf 'clerk-%s:%s' "${1//:/-}" "$CLERK_PASSWORD"
}

post() { # user:password path json -> response body; fails loudly on an HTTP error
  curl -sS --fail-with-body -u "$1" -X POST "$BASE$2" -H 'Content-Type: application/json' \
    -H "Idempotency-Key: walkthrough-$RANDOM-$RANDOM" -d "$3"
}

PARTIES=(welfare-area:07 regional-council:05 municipality:061 municipality:082 municipality:086
         municipality:103 municipality:109 municipality:165 municipality:169 municipality:433
         municipality:694 municipality:834 municipality:981)
party_list=$(printf '"%s",' "${PARTIES[@]}"); party_list="[${party_list%,}]"

echo "1. Draft the agreement"
created=$(post "$(clerk welfare-area:07)" /api/agreements "{
  \"title\": \"Puitesopimus Kanta-Hämeen kuntien, Hämeen liiton ja Kanta-Hämeen hyvinvointialueen yhteistyörakenteiden ja toimintatapojen periaatteiksi\",
  \"kind\": \"FRAMEWORK_AGREEMENT\",
  \"region\": \"Kanta-Häme\",
  \"councilTerm\": \"2025-2029\",
  \"draftedOn\": \"2025-12-01\",
  \"reviewPolicy\": {\"kind\": \"ONCE_PER_COUNCIL_TERM\", \"responsibleBody\": \"Integraatiovaliokunta\"},
  \"parties\": $party_list,
  \"principles\": [\"Osapuolet ovat strategisia kumppaneita ja tasavertaisia juridisia toimijoita.\",
                   \"Hyvinvoinnin ja terveyden edistäminen on osapuolten yhteinen tehtävä.\",
                   \"Yhteistyön toimivuus arvioidaan vähintään kerran valtuustokaudessa.\"],
  \"goals\": [\"Työllisyys ja elinvoima\", \"Ikäystävällinen asuminen\", \"Kokonaisvaltainen hyvinvointi\",
              \"Hyvinvoivat lapset, nuoret ja perheet\"],
  \"forums\": [{\"name\": \"Strateginen foorumi\", \"level\": \"STRATEGIC\"},
               {\"name\": \"Puheenjohtajafoorumi\", \"level\": \"CHAIRS\"},
               {\"name\": \"Hyte-foorumi\", \"level\": \"TACTICAL\"},
               {\"name\": \"Yhteisten palveluiden työryhmä\", \"level\": \"OPERATIONAL\"}]
}")
ID=$(printf '%s' "$created" | grep -o '"agreementId":"[^"]*"' | cut -d'"' -f4)
echo "   drafted $ID"

echo "2. Each party's decision body approves version 1"
day=10
for party in "${PARTIES[@]}"; do
  post "$(clerk "$party")" "/api/agreements/$ID/approvals" "{\"partyId\": \"$party\", \"version\": 1,
    \"decisionBody\": \"Kunnanhallitus\", \"meetingDate\": \"2026-01-$day\", \"section\": \"§ 30\",
    \"diaryNumber\": \"56/15.00.18/2023\", \"decisionText\": \"Hyväksytään puitesopimus valtuustokaudelle 2025-2029.\"}" >/dev/null
  echo "   approved by $party on 2026-01-$day"
  day=$((day + 1))
done

echo "3. Each party's signatory signs version 1"
for party in "${PARTIES[@]}"; do
  post "$(clerk "$party")" "/api/agreements/$ID/signatures" "{\"partyId\": \"$party\", \"version\": 1,
    \"signatory\": {\"name\": \"Allekirjoittaja\", \"title\": \"kunnanjohtaja\"}, \"signedOn\": \"2026-02-02\"}" >/dev/null
  echo "   signed for $party"
done

echo "4. Schedule the review the agreement promises"
post "committee:$COMMITTEE_PASSWORD" "/api/agreements/$ID/reviews" '{"dueBy": "2027-05-31", "kind": "AGREEMENT_EVALUATION",
  "responsibleBody": "Integraatiovaliokunta", "reason": "Toimivuus ja muutostarpeet arvioidaan keväällä 2027."}'
echo

echo "5. The agreement now:"
curl -sS -u "auditor:$AUDITOR_PASSWORD" "$BASE/api/agreements/$ID"
echo
curl -sS -u "auditor:$AUDITOR_PASSWORD" "$BASE/api/agreements/$ID" | grep -o '"status":"[A-Z_]*"' | sed -n 1,1p

echo "6. Read: the history (who approved which version, in which body, at which meeting, who signed)"
curl -sS -u "auditor:$AUDITOR_PASSWORD" "$BASE/api/agreements/$ID/history?type=ApprovalRecorded" | cut -c1-600; echo " ..."
echo "   ... and as CSV for legal staff (UTF-8 with BOM, header row):"
curl -sS -u "auditor:$AUDITOR_PASSWORD" -H 'Accept: text/csv' "$BASE/api/agreements/$ID/history" | sed -n 1,3p
echo "7. Reviews overdue as of 30 June 2027, and the .ics feed a committee subscribes to"
curl -sS -u "committee:$COMMITTEE_PASSWORD" "$BASE/api/reviews?status=OVERDUE&asOf=2027-06-30&party=municipality:109"; echo
curl -sS -u "committee:$COMMITTEE_PASSWORD" "$BASE/api/reviews.ics?responsibleBody=Integraatiovaliokunta" | sed -n 1,12p
echo "8. Hämeenlinna's portfolio and counts"
curl -sS -u "clerk-municipality-109:$CLERK_PASSWORD" "$BASE/api/parties/municipality:109/agreements"; echo
echo "9. The agreement as it stood on 15 January 2026 (a draft, approved by some parties)"
curl -sS -u "auditor:$AUDITOR_PASSWORD" "$BASE/api/agreements/$ID?asOf=2026-01-15" | grep -o '"status":"[A-Z_]*"' | sed -n 1,1p
