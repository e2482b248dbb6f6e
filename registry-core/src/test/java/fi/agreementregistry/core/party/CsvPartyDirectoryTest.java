package fi.agreementregistry.core.party;

import org.junit.jupiter.api.Test;

import java.io.StringReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvPartyDirectoryTest {

    private static final CsvPartyDirectory DIRECTORY = CsvPartyDirectory.fromClasspath();

    @Test
    void listsEveryMunicipalityWelfareAreaAndRegionalCouncil() {
        assertThat(DIRECTORY.byKind(PartyKind.MUNICIPALITY)).hasSize(308);
        assertThat(DIRECTORY.byKind(PartyKind.WELFARE_AREA)).hasSize(22);
        assertThat(DIRECTORY.byKind(PartyKind.REGIONAL_COUNCIL)).hasSize(18);
        assertThat(DIRECTORY.all()).hasSize(348);
    }

    @Test
    void aPartyIdIsItsKindAndOfficialCode() {
        Party hameenlinna = DIRECTORY.find(PartyId.of("municipality:109")).orElseThrow();
        assertThat(hameenlinna.name()).isEqualTo("Hämeenlinna");
        assertThat(hameenlinna.nameSv()).isEqualTo("Tavastehus");
        assertThat(hameenlinna.regionCode()).isEqualTo("05");
        assertThat(hameenlinna.welfareAreaCode()).isEqualTo("07");
        assertThat(DIRECTORY.find(PartyId.of("welfare-area:07")).orElseThrow().name())
                .isEqualTo("Kanta-Hämeen hyvinvointialue");
        assertThat(DIRECTORY.find(PartyId.of("regional-council:05")).orElseThrow().name()).isEqualTo("Hämeen liitto");
        assertThat(DIRECTORY.find(PartyId.of("municipality:588"))).as("Pertunmaa merged into Mäntyharju in 2025").isEmpty();
    }

    @Test
    void kantaHameHasElevenMunicipalitiesItsWelfareAreaAndItsRegionalCouncil() {
        assertThat(DIRECTORY.inRegion("05")).hasSize(13)
                .extracting(p -> p.id().value())
                .contains("municipality:109", "welfare-area:07", "regional-council:05");
        assertThat(DIRECTORY.inRegion("kanta-häme")).isEqualTo(DIRECTORY.inRegion("05"));
        assertThat(DIRECTORY.search(PartyKind.MUNICIPALITY, "Kanta-Häme")).hasSize(11);
        assertThat(DIRECTORY.search(null, " ")).hasSize(348);
    }

    @Test
    void blankOptionalColumnsReadAsNull() {
        assertThat(DIRECTORY.find(PartyId.of("welfare-area:07")).orElseThrow().businessId()).isNull();
        assertThat(DIRECTORY.find(PartyId.of("regional-council:01")).orElseThrow().welfareAreaCode()).isNull();
    }

    @Test
    void aPartyListedTwiceIsRefused() {
        String csv = """
                kind,code,name_fi,name_sv,region_code,region_name_fi,welfare_area_code,welfare_area_name_fi,business_id
                MUNICIPALITY,109,Hämeenlinna,Tavastehus,05,Kanta-Häme,07,Kanta-Hämeen hyvinvointialue,0146921-4
                MUNICIPALITY,109,Hämeenlinna,Tavastehus,05,Kanta-Häme,07,Kanta-Hämeen hyvinvointialue,0146921-4
                """;
        assertThatThrownBy(() -> CsvPartyDirectory.from(new StringReader(csv)))
                .hasMessageContaining("municipality:109");
    }
}
