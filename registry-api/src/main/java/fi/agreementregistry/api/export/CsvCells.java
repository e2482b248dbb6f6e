package fi.agreementregistry.api.export;

/**
 * Cells a spreadsheet would not run as a formula (OWASP, "CSV Injection"): a text cell that starts with {@code =},
 * {@code +}, {@code -}, {@code @}, a tab or a carriage return, or with the full-width {@code ＝ ＋ － ＠} that some
 * spreadsheet locales read the same way, gets a leading apostrophe, so Excel or LibreOffice shows
 * {@code =HYPERLINK(...)} as the text it is. Numbers are written as numbers. Every CSV the registry writes passes
 * its cells through {@link #cell}; the quoting (embedded quotes, separators, line breaks) is the CSV printer's.
 */
public final class CsvCells {

    private CsvCells() {
    }

    /** The value to hand to the CSV printer: null and numbers unchanged, anything else as neutralised text. */
    public static Object cell(Object value) {
        if (value == null || value instanceof Number) {
            return value;
        }
        String text = value.toString();
        return text.isEmpty() || !startsFormula(text.charAt(0)) ? text : "'" + text;
    }

    private static boolean startsFormula(char c) {
        return switch (c) {
            case '=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20' -> true;
            default -> false;
        };
    }
}
