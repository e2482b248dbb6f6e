package fi.agreementregistry.core.party;

/** A party in the directory, as listed in parties.csv (Statistics Finland codes). */
public record Party(PartyId id,
                    PartyKind kind,
                    String code,
                    String name,
                    String nameSv,
                    String regionCode,
                    String regionName,
                    String welfareAreaCode,
                    String welfareAreaName,
                    String businessId) {

    public PartyRef ref() {
        return new PartyRef(id, name);
    }
}
