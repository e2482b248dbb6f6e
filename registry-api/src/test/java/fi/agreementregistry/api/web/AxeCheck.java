package fi.agreementregistry.api.web;

import com.deque.html.axecore.args.AxeRunOptions;
import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Deque's axe-core on the page the browser shows, with the rules of WCAG 2.0 and 2.1, levels A and AA (what the Act on
 * the Provision of Digital Services, 306/2019, requires through EN 301 549), and the registry's own check that no
 * code meant for programs is shown to a person.
 */
final class AxeCheck {

    static final List<String> WCAG_21_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

    /**
     * An enum constant's name (AGREEMENT_EVALUATION, IN_FORCE) or one of the one-word codes the registry's enums and
     * roles have, standing alone in the page's text.
     */
    static final Pattern RAW_CODE = Pattern.compile("\\b(?:[A-Z]{3,}_[A-Z_]+|CLERK|COMMITTEE|AUDITOR|ADMIN|DRAFT"
            + "|SUPERSEDED|TERMINATED|OVERDUE|UPCOMING|PENDING|SENDING|SENT|FAILED|CANCELLED|RUNNING|SWITCHING"
            + "|COMPLETED|PLANNED|DONE|DROPPED|STRATEGIC|CHAIRS|TACTICAL|OPERATIONAL|APPROVAL|SIGNATURE|REVIEW|DUE"
            + "|IMPORTED|AMEND|REPLACE)\\b");

    /** One problem found on one page: an axe rule broken by an element, or a code shown as text. */
    record Finding(String page, String role, String language, String rule, String impact, String target,
                   String summary) {

        @Override
        public String toString() {
            return "[" + rule + "] (" + impact + ") " + page + " as " + role + " in " + language + "\n    target: "
                    + target + "\n    " + summary.replace("\n", "\n    ");
        }
    }

    private AxeCheck() {
    }

    /**
     * Every WCAG 2.1 A/AA violation axe finds on the current page, one finding per element. The pages have no frames:
     * axe runs on the page itself (the library's "legacy mode", which opens no extra window).
     */
    static List<Finding> violations(WebDriver browser, String page, String role, String language) {
        AxeRunOptions options = new AxeRunOptions();
        options.setResultTypes(List.of("violations"));
        AxeBuilder axe = new AxeBuilder().withTags(WCAG_21_AA).withOptions(options).disableIframeTesting()
                .setLegacyMode(true);
        Results results = axe.analyze(browser);
        if (results.isErrored()) {
            throw new AssertionError("axe-core failed on " + page + ": " + results.getErrorMessage());
        }
        List<Finding> found = new ArrayList<>();
        for (Rule rule : results.getViolations()) {
            for (CheckedNode node : rule.getNodes()) {
                found.add(new Finding(page, role, language, rule.getId(),
                        node.getImpact() == null ? rule.getImpact() : node.getImpact(), String.valueOf(node.getTarget()),
                        rule.getHelp() + " (" + rule.getHelpUrl() + ")\n" + node.getFailureSummary()));
            }
        }
        return found;
    }

    /** The version of axe-core that checked the current page. */
    static String version(WebDriver browser) {
        return String.valueOf(((JavascriptExecutor) browser).executeScript("return window.axe ? axe.version : ''"));
    }

    /**
     * Codes in what a person reads on the page, and a screen reader reads out: the title, the visible text and the
     * accessible names given in {@code aria-label} and {@code title}. Text in {@code <code>} is left out: it holds what
     * a person types elsewhere (a processor's name for the terminal, an API path, a setting), never a word.
     */
    static List<Finding> rawCodes(WebDriver browser, String page, String role, String language) {
        String text = String.valueOf(((JavascriptExecutor) browser).executeScript("""
                var lines = [document.title];
                var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
                for (var node = walker.nextNode(); node; node = walker.nextNode()) {
                  var parent = node.parentElement;
                  if (!parent || parent.closest('code, script, style, template')) continue;
                  if (!parent.checkVisibility() && !parent.closest('.sr-only')) continue;
                  lines.push(node.textContent);
                }
                document.querySelectorAll('[aria-label], [title]').forEach(function (e) {
                  lines.push(e.getAttribute('aria-label') || '', e.getAttribute('title') || '');
                });
                return lines.join('\\n');
                """));
        List<Finding> found = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher code = RAW_CODE.matcher(line);
            while (code.find()) {
                found.add(new Finding(page, role, language, "raw-code", "serious", code.group(),
                        "A code is shown instead of words: \"" + line.strip() + "\""));
            }
        }
        return found;
    }
}
