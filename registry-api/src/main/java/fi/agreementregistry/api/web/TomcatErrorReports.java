package fi.agreementregistry.api.web;

import fi.agreementregistry.api.http.problem.ProblemWriter;


import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.http.ProblemDetail;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Requests Tomcat refuses before Spring sees them (an encoded {@code /}, {@code \} or NUL in the path, a request
 * line or headers over the limits, a control character in a header) were answered with Tomcat's HTML error page.
 * Tomcat's error report valve is replaced by {@link ProblemValve}: a problem document, or for a browser whose
 * Accept header could be read, a plain page in the web interface's style.
 */
@Configuration(proxyBeanMethods = false)
public class TomcatErrorReports {

    @Bean
    public ProblemValveInstaller problemErrorReports() {
        return new ProblemValveInstaller();
    }

    /**
     * Puts {@link ProblemValve} in the host's pipeline in place of any other error report valve. Ordered last, so it
     * runs after Spring Boot's own customizer, which adds a plain ErrorReportValve (server.error.include-stacktrace).
     */
    static final class ProblemValveInstaller implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>,
            Ordered {

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                StandardHost host = (StandardHost) context.getParent();
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve && !(valve instanceof ProblemValve)) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                // With its class named here, the host adds no ErrorReportValve of its own when it starts.
                host.setErrorReportValveClass(ProblemValve.class.getName());
                host.getPipeline().addValve(new ProblemValve());
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }

    /** Tomcat's error report, as a problem document (or a plain page for a browser). */
    public static class ProblemValve extends ErrorReportValve {

        private static final ObjectMapper JSON = new ObjectMapper()
                .addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class)
                .enable(JsonGenerator.Feature.ESCAPE_NON_ASCII);

        public ProblemValve() {
            setShowReport(false);
            setShowServerInfo(false);
        }

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            // As Tomcat's own: nothing for a success, nothing if something was written or reported already.
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            AtomicBoolean ioAllowed = new AtomicBoolean(false);
            response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
            if (!ioAllowed.get()) {
                return;
            }
            try {
                boolean html = wantsHtml(request);
                response.setContentType(html ? "text/html;charset=utf-8" : "application/problem+json");
                Writer writer = response.getReporter();
                if (writer != null) {
                    // JSON with non-ASCII escaped is the same in any encoding the writer may have.
                    writer.write(html ? page(status) : JSON.writeValueAsString(ErrorPages.problem(status)));
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // the client is gone, or the response cannot take a body: nothing more to say
            }
        }

        private static boolean wantsHtml(Request request) {
            try {
                return ProblemWriter.wantsHtml(request);
            } catch (RuntimeException e) {
                return false; // a request Tomcat could not parse may not answer every question
            }
        }

        private static String page(int status) {
            String title = status == 400 ? "Virheellinen pyyntö" : status == 404 ? "Ei löytynyt"
                    : "Pyyntöä ei voitu käsitellä";
            String english = status == 400 ? "Bad request" : status == 404 ? "Not found"
                    : "The request could not be completed";
            return "<!DOCTYPE html>\n<html lang=\"fi\"><head><meta charset=\"utf-8\">"
                    + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                    + "<title>" + title + " – Yhteistyösopimusrekisteri</title>"
                    + "<link rel=\"stylesheet\" href=\"/ui/ui.css\"></head><body>"
                    + "<header class=\"top\"><div class=\"brand\"><a href=\"/ui\">Yhteistyösopimusrekisteri</a></div></header>"
                    + "<main id=\"main\"><h1>" + title + "</h1>"
                    + "<p lang=\"en\">" + english + " (" + status + ")</p>"
                    + "<p><a href=\"/ui\">Etusivulle</a></p></main></body></html>\n";
        }
    }
}
