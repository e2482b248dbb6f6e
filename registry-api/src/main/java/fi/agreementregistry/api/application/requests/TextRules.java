package fi.agreementregistry.api.application.requests;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

import java.util.Locale;

/**
 * What counts as text in a request (issue 13, section 2). A single-line field (a title, a body's name, a §) holds
 * no control character (NUL, BEL, ESC, tab, line break...), no format character (zero-width spaces and joiners,
 * bidirectional overrides and isolates, the soft hyphen), no line or paragraph separator and no lone surrogate. A
 * multi-line field (a principle, a decision text, a reason) may also hold line breaks and tabs. A non-empty text that
 * is only spaces (including no-break spaces) is blank, and refused too. Empty or missing values are left to
 * {@code @NotBlank}/{@code @NotNull}, so optional fields may stay empty.
 */
public final class TextRules {

    private TextRules() {
    }

    /** Why {@code text} is not acceptable, or null when it is. */
    public static String problem(String text, boolean multiLine) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        boolean visible = false;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (!allowed(c, multiLine)) {
                return (multiLine ? "must be text without " : "must be one line of text without ")
                        + "control or invisible formatting characters; found " + name(c) + " at position " + (i + 1);
            }
            if (!Character.isWhitespace(c) && !Character.isSpaceChar(c)) {
                visible = true;
            }
            i += Character.charCount(c);
        }
        return visible ? null : "must not be blank (it holds only spaces)";
    }

    private static boolean allowed(int c, boolean multiLine) {
        if (multiLine && (c == '\n' || c == '\r' || c == '\t')) {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.LINE_SEPARATOR,
                 Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }

    private static String name(int c) {
        String name = Character.getName(c);
        return String.format(Locale.ROOT, "U+%04X", c) + (name == null ? "" : " (" + name + ")");
    }

    public static final class SingleLine implements ConstraintValidator<SingleLineText, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return report(problem(value, false), context);
        }
    }

    public static final class MultiLine implements ConstraintValidator<MultiLineText, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return report(problem(value, true), context);
        }
    }

    private static boolean report(String problem, ConstraintValidatorContext context) {
        if (problem == null) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        // The message is data, not a template: escape what Bean Validation would interpolate.
        context.buildConstraintViolationWithTemplate(problem.replace("\\", "\\\\").replace("{", "\\{")
                        .replace("}", "\\}").replace("$", "\\$"))
                .addConstraintViolation();
        return false;
    }
}
