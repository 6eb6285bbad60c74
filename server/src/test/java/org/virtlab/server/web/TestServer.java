package org.virtlab.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.virtlab.server.App;
import org.virtlab.server.Config;

/** A VirtLab server on a random port with its own data directory, and HTTP clients for it. */
final class TestServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    final App app;
    final String base;

    TestServer(Path dataDir) {
        this(Config.defaults(dataDir).withPort(0));
    }

    TestServer(Config config) {
        app = App.create(config).start();
        base = "http://localhost:" + app.port();
    }

    Client client() {
        return new Client();
    }

    /**
     * The fixture most API and socket tests share: a server whose first account (an admin) is
     * "admin", a student "alice", and alice's lab of {@code preset}, started.
     */
    static StartedLab startedLab(Path dataDir, String preset) {
        TestServer server = new TestServer(dataDir);
        Client admin = server.client().signUp("admin");
        Client alice = server.client().signUp("alice");
        String labId = alice.createLab(preset);
        Response started = alice.post("/api/labs/" + labId + "/start", "");
        if (started.status() != 200) throw new AssertionError("start alice's lab: " + started);
        return new StartedLab(server, admin, alice, labId);
    }

    record StartedLab(TestServer server, Client admin, Client alice, String labId) { }

    @Override
    public void close() {
        app.close();
    }

    record Response(int status, String body, java.net.http.HttpHeaders headers) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    /** One browser or script: keeps its cookies; sends the CSRF token once it has one. */
    final class Client {
        final CookieManager cookies = new CookieManager();
        final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).build();
        String csrf;
        String token;

        /** The server this client talks to. */
        String base() {
            return base;
        }

        Response get(String path) {
            return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
        }

        Response post(String path, String json) {
            return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)));
        }

        Response put(String path, String json) {
            return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(json)));
        }

        Response patch(String path, String json) {
            return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
        }

        Response delete(String path) {
            return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
        }

        Response send(HttpRequest.Builder b) {
            if (csrf != null) b.header(Auth.CSRF_HEADER, csrf);
            if (token != null) b.header("Authorization", "Bearer " + token);
            try {
                HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                return new Response(r.statusCode(), r.body(), r.headers());
            } catch (IOException | InterruptedException e) {
                throw new AssertionError(e);
            }
        }

        /** Signs up (or in, when the name exists) and keeps the session's CSRF token. */
        Client signUp(String name) {
            Response r = post("/api/signup", "{\"username\":\"" + name + "\",\"password\":\"password-" + name + "\"}");
            if (r.status() != 201) throw new AssertionError("sign-up " + name + ": " + r);
            csrf = r.json().get("csrf").asText();
            return this;
        }

        String sessionCookie() {
            return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(Auth.COOKIE))
                    .findFirst().orElseThrow().getValue();
        }

        String createLab() {
            return createLab("virtlab-os-bare");
        }

        String createLab(String preset) {
            Response r = post("/api/labs", "{\"name\":\"lab\",\"preset\":\"" + preset + "\"}");
            if (r.status() != 201) throw new AssertionError("create lab: " + r);
            return r.json().get("id").asText();
        }
    }
}
