package org.virtlab.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtlab.server.cli.Cli;

/** {@code virtlab console URL --token T}: the terminal client (Tyrus) against a real server. */
class ConsoleClientTest {
    @TempDir
    static Path data;
    static TestServer server;
    static TestServer.Client alice;
    static String token;
    static String labId;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(data);
        alice = server.client().signUp("alice");
        TestServer.Response t = alice.post("/api/token", "");
        assertEquals(201, t.status(), t.body());
        token = t.json().get("token").asText();
        labId = alice.createLab();
        assertEquals(200, alice.post("/api/labs/" + labId + "/start", "").status());
        LabDriver.waitUntil(() -> alice.get("/api/labs/" + labId + "/output").body().contains("$ "), "the lab's prompt");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    record Result(int status, String out, String err) { }

    static Result console(String input, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 1];
        all[0] = "console";
        System.arraycopy(args, 0, all, 1, args.length);
        int status = new Cli(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), new PrintStream(out, true),
                new PrintStream(err, true), false).run(all);
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void typesIntoTheLabAndPrintsWhatItAnswers() {
        Result r = console("echo hello-from-the-console-client\n", server.base + "/labs/" + labId, "--token", token);
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("hello-from-the-console-client\r\nhello-from-the-console-client"), r.out());
        assertTrue(alice.get("/api/labs/" + labId + "/output").body().contains("hello-from-the-console-client"));
    }

    @Test
    void refusesWithoutATokenOrWithAWrongOne() {
        Result none = console("", server.base + "/labs/" + labId);
        assertEquals(2, none.status());
        assertTrue(none.err().contains("an API token is needed"), none.err());
        Result wrong = console("", server.base + "/labs/" + labId, "--token", "vlt_not-a-token");
        assertEquals(2, wrong.status());
        assertTrue(wrong.err().contains("cannot connect"), wrong.err());
        Result url = console("", "http://localhost:1/nothing", "--token", token);
        assertEquals(2, url.status());
        assertTrue(url.err().contains("names no lab"), url.err());
    }
}
