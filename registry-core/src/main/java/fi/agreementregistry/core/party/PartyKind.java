package fi.agreementregistry.core.party;

import java.util.Arrays;

/** kunta, hyvinvointialue, maakuntaliitto. */
public enum PartyKind {
    MUNICIPALITY("municipality"),
    WELFARE_AREA("welfare-area"),
    REGIONAL_COUNCIL("regional-council");

    private final String idPrefix;

    PartyKind(String idPrefix) {
        this.idPrefix = idPrefix;
    }

    public String idPrefix() {
        return idPrefix;
    }

    public static PartyKind fromIdPrefix(String prefix) {
        return Arrays.stream(values()).filter(k -> k.idPrefix.equals(prefix)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown party kind: " + prefix));
    }
}
