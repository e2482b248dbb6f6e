package fi.agreementregistry.api.web;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** A browser's session on the pages: signed in through the login form (with its CSRF token), cookies kept. */
public record PageSession(HttpClient client, String root) {

    public static PageSession signIn(String root, String user, String password) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        PageSession pages = new PageSession(client, root);
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(pages.get("/ui/login").body());
        assertThat(csrf.find()).isTrue();
        String form = "username=" + enc(user) + "&password=" + enc(password) + "&_csrf=" + enc(csrf.group(1));
        HttpResponse<String> login = client.send(HttpRequest.newBuilder(URI.create(root + "/ui/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.headers().firstValue("Location").orElse("")).doesNotContain("error");
        return pages;
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(root + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Posts a form as the page would, with the session's CSRF token (read from {@code tokenPage}). */
    public HttpResponse<String> post(String path, java.util.Map<String, String> fields, String tokenPage)
            throws IOException, InterruptedException {
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(get(tokenPage).body());
        assertThat(csrf.find()).isTrue();
        StringBuilder form = new StringBuilder("_csrf=").append(enc(csrf.group(1)));
        fields.forEach((name, value) -> form.append('&').append(enc(name)).append('=').append(enc(value)));
        return client.send(HttpRequest.newBuilder(URI.create(root + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
