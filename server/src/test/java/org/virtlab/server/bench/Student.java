package org.virtlab.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** One account of the load benchmark, signed in over HTTP (a cookie and its CSRF token), and its labs. */
final class Student {
    static final ObjectMapper JSON = new ObjectMapper();

    final String base;
    final String name;
    final CookieManager cookies = new CookieManager();
    final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).build();
    String csrf;

    private Student(String base, String name) {
        this.base = base;
        this.name = name;
    }

    static Student signUp(String base, String name) {
        Student s = new Student(base, name);
        JsonNode me = s.post("/api/signup", "{\"username\":\"" + name + "\",\"password\":\"password-" + name + "\"}");
        s.csrf = me.get("csrf").asText();
        return s;
    }

    /** Creates a lab from {@code preset} and starts it; returns its id. */
    String startLab(String preset) {
        String id = post("/api/labs", "{\"preset\":\"" + preset + "\"}").get("id").asText();
        post("/api/labs/" + id + "/start", "");
        return id;
    }

    /** The server's Prometheus metrics (no account needed). */
    static String metrics(String base) {
        return new Student(base, "metrics").send(HttpRequest.newBuilder(URI.create(base + "/metrics")).GET());
    }

    String output(String labId) {
        return send(HttpRequest.newBuilder(URI.create(base + "/api/labs/" + labId + "/output")).GET());
    }

    String state(String labId) {
        return get("/api/labs/" + labId).get("state").asText();
    }

    String sessionCookie() {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("vl_session"))
                .findFirst().orElseThrow().getValue();
    }

    JsonNode get(String path) {
        return parse(send(HttpRequest.newBuilder(URI.create(base + path)).GET()));
    }

    JsonNode post(String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (csrf != null) b.header("X-CSRF-Token", csrf);
        return parse(send(b));
    }

    private String send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) throw new IllegalStateException(r.request().method() + " " + r.uri() + ": " + r.statusCode() + " " + r.body());
            return r.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }
}
