package fi.agreementregistry.core.party;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The party directory read from {@code parties.csv} (see {@code parties/SOURCES.md} for where its rows come from).
 * Immutable once loaded; rows keep the file's order.
 */
public final class CsvPartyDirectory implements PartyDirectory {

    /** The directory shipped with the registry. */
    public static final String DEFAULT_RESOURCE = "parties/parties.csv";

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setTrim(true)
            .setIgnoreEmptyLines(true)
            .get();

    private final Map<PartyId, Party> parties;

    private CsvPartyDirectory(Map<PartyId, Party> parties) {
        this.parties = Collections.unmodifiableMap(parties);
    }

    public static CsvPartyDirectory fromClasspath() {
        return fromClasspath(DEFAULT_RESOURCE);
    }

    public static CsvPartyDirectory fromClasspath(String resource) {
        InputStream in = CsvPartyDirectory.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("party directory not found on the classpath: " + resource);
        }
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return from(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read party directory " + resource, e);
        }
    }

    /** Reads a CSV with the columns of parties.csv; a repeated party id is an error, as it would make lookups ambiguous. */
    public static CsvPartyDirectory from(Reader csv) throws IOException {
        Map<PartyId, Party> parties = new LinkedHashMap<>();
        for (CSVRecord row : FORMAT.parse(csv)) {
            PartyKind kind = PartyKind.valueOf(row.get("kind"));
            String code = row.get("code");
            PartyId id = PartyId.of(kind, code);
            Party party = new Party(id, kind, code,
                    row.get("name_fi"),
                    blankToNull(row.get("name_sv")),
                    blankToNull(row.get("region_code")),
                    blankToNull(row.get("region_name_fi")),
                    blankToNull(row.get("welfare_area_code")),
                    blankToNull(row.get("welfare_area_name_fi")),
                    blankToNull(row.get("business_id")));
            if (parties.putIfAbsent(id, party) != null) {
                throw new IllegalStateException("party directory lists " + id + " twice (line " + row.getRecordNumber() + ")");
            }
        }
        return new CsvPartyDirectory(parties);
    }

    @Override
    public Optional<Party> find(PartyId id) {
        return Optional.ofNullable(parties.get(id));
    }

    @Override
    public List<Party> all() {
        return List.copyOf(parties.values());
    }

    public List<Party> byKind(PartyKind kind) {
        return search(kind, null);
    }

    /** Parties of a region, given by its code ("05") or its Finnish name ("Kanta-Häme", any case). */
    public List<Party> inRegion(String region) {
        return search(null, region);
    }

    /** What {@code GET /api/parties?kind=&region=} lists: a null or blank filter matches every party. */
    public List<Party> search(PartyKind kind, String region) {
        String wantedRegion = region == null || region.isBlank() ? null : region.trim().toLowerCase(Locale.ROOT);
        List<Party> found = new ArrayList<>();
        for (Party party : parties.values()) {
            if (kind != null && party.kind() != kind) {
                continue;
            }
            if (wantedRegion != null && !inRegion(party, wantedRegion)) {
                continue;
            }
            found.add(party);
        }
        return List.copyOf(found);
    }

    private static boolean inRegion(Party party, String wantedRegion) {
        return wantedRegion.equals(party.regionCode())
                || (party.regionName() != null && wantedRegion.equals(party.regionName().toLowerCase(Locale.ROOT)));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
