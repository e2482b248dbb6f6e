package fi.agreementregistry.api.application.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The import format's JSON Schema ({@value #RESOURCE}, linked from docs/import.md), and its errors in words a clerk
 * understands: each names the place in the file as a JSON pointer and says what is expected there, not which schema
 * keyword failed.
 */
@Component
public class ImportSchema {

    public static final String RESOURCE = "import/agreement-import.schema.json";

    private final Schema schema;

    public ImportSchema() {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                        .formatAssertionsEnabled(true).build()));
        try (InputStream in = ImportSchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the import schema " + RESOURCE + " is missing from the classpath");
            }
            this.schema = registry.getSchema(SchemaLocation.of("classpath:" + RESOURCE), in, InputFormat.JSON);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One error: where (a JSON pointer into the file; "" for the whole file) and what is wrong there. */
    public record Violation(String pointer, String message) {
    }

    /** Every place where the file breaks the schema, each once, ordered by JSON pointer (as text). */
    public List<Violation> validate(JsonNode file) {
        Set<Violation> violations = new LinkedHashSet<>();
        for (Error error : schema.validate(file)) {
            violations.add(describe(error));
        }
        List<Violation> sorted = new ArrayList<>(violations);
        sorted.sort(Comparator.comparing(Violation::pointer));
        return sorted;
    }

    private static Violation describe(Error error) {
        String at = error.getInstanceLocation() == null ? "" : error.getInstanceLocation().toString();
        at = at.isEmpty() || at.equals("/") ? "" : at;
        String name = nameOf(at);
        Object[] args = error.getArguments() == null ? new Object[0] : error.getArguments();
        String keyword = String.valueOf(error.getKeyword());
        String message = switch (keyword) {
            case "required" -> {
                String property = error.getProperty() != null ? error.getProperty() : first(args);
                at = at + "/" + property;
                yield "'" + property + "' is missing; " + (at.matches("/agreements/\\d+/[^/]+")
                        ? "every agreement needs it" : "it is required here");
            }
            case "additionalProperties" -> {
                String property = error.getProperty() != null ? error.getProperty() : first(args);
                at = at + "/" + property;
                yield "'" + property + "' is not a field the import knows here; see docs/import.md for the fields"
                        + " (check its spelling)";
            }
            case "type" -> name + " has the wrong type: expected " + expectedType(error) + ", found "
                    + found(error.getInstanceNode());
            case "enum" -> name + " must be one of " + allowed(error) + ", not " + error.getInstanceNode();
            case "format", "pattern" -> name + " " + patternHint(at, error.getInstanceNode());
            case "minItems" -> name + " needs at least " + first(args) + " entr" + ("1".equals(first(args)) ? "y" : "ies");
            case "maxItems" -> name + " may have at most " + first(args) + " entries";
            case "minLength" -> name + " must not be empty";
            case "maxLength" -> name + " is too long: at most " + first(args) + " characters";
            case "minimum" -> name + " must be at least " + first(args);
            case "maximum" -> name + " must be at most " + first(args);
            default -> name + " " + error.getMessage();
        };
        return new Violation(at, message);
    }

    /** 'title', or entry 2 of 'parties' for an item of a list; "the file" for the whole. */
    private static String nameOf(String pointer) {
        if (pointer.isEmpty()) {
            return "the file";
        }
        String[] parts = pointer.substring(1).split("/");
        String last = parts[parts.length - 1];
        if (last.chars().allMatch(Character::isDigit) && parts.length > 1) {
            return "entry " + (Integer.parseInt(last) + 1) + " of '" + parts[parts.length - 2] + "'";
        }
        return "'" + last + "'";
    }

    private static String patternHint(String at, JsonNode value) {
        String field = at.substring(at.lastIndexOf('/') + 1);
        String found = value == null ? "" : ", not " + value;
        if (field.equals("partyId") || at.matches(".*/parties/\\d+")) {
            return "must be a party id such as municipality:109, welfare-area:07 or regional-council:05" + found;
        }
        if (field.equals("councilTerm")) {
            return "must be two years such as 2025-2029" + found;
        }
        if (field.equals("id")) {
            return "must be 1-100 letters, digits, '.', '_' or '-'" + found;
        }
        return "must be a date written as year-month-day, such as 2023-03-13" + found;
    }

    private static String expectedType(Error error) {
        JsonNode schemaNode = error.getSchemaNode();
        String type = schemaNode == null ? "" : schemaNode.isTextual() ? schemaNode.asText()
                : schemaNode.path("type").asText(String.valueOf(schemaNode));
        return switch (type) {
            case "string" -> "text in quotes";
            case "array" -> "a list [ ... ]";
            case "object" -> "an object { ... }";
            case "integer" -> "a whole number";
            default -> type;
        };
    }

    private static String found(JsonNode value) {
        if (value == null || value.isNull()) {
            return "null";
        }
        if (value.isTextual()) {
            return "text " + value;
        }
        if (value.isArray()) {
            return "a list";
        }
        if (value.isObject()) {
            return "an object";
        }
        if (value.isNumber()) {
            return "the number " + value;
        }
        return value.toString();
    }

    private static String allowed(Error error) {
        JsonNode schemaNode = error.getSchemaNode();
        if (schemaNode != null && schemaNode.isArray()) {
            List<String> values = new ArrayList<>();
            schemaNode.forEach(v -> values.add(v.asText()));
            return String.join(", ", values);
        }
        return Arrays.stream(error.getArguments() == null ? new Object[0] : error.getArguments())
                .map(String::valueOf).collect(Collectors.joining(", "));
    }

    private static String first(Object[] args) {
        return args.length == 0 ? "" : String.valueOf(args[0]);
    }
}
