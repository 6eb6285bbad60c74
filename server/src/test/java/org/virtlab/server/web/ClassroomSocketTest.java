package org.virtlab.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtlab.server.console.ConsoleHub;
import org.virtlab.server.console.Viewer;
import org.virtlab.server.labs.Lab;

/**
 * The classroom's sockets with the Tyrus client: broadcast of the stage, late join, keyboard
 * hand-over, the instructor helping a student, refusals and removal, and a slow consumer (a
 * raw TCP client that never reads) that holds back neither the stage nor the other viewers.
 */
class ClassroomSocketTest {
    @TempDir
    static Path data;
    static TestServer server;
    static TestServer.Client teacher;
    static TestServer.Client ann;
    static TestServer.Client ben;
    static String room;
    static String code;
    static String stage;
    static String stageConsole;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(data);
        teacher = server.client().signUp("teacher");
        ann = server.client().signUp("ann");
        ben = server.client().signUp("ben");
        stage = teacher.createLab();
        stageConsole = "/api/labs/" + stage + "/console";
        teacher.post("/api/labs/" + stage + "/start", "");
        var r = teacher.post("/api/classrooms", "{\"name\":\"sockets\"}");
        room = r.json().get("id").asText();
        code = r.json().get("joinCode").asText();
        ann.post("/api/classrooms/join", "{\"code\":\"" + code + "\"}");
        ben.post("/api/classrooms/join", "{\"code\":\"" + code + "\"}");
        assertEquals(200, teacher.put("/api/classrooms/" + room + "/stage", "{\"labId\":\"" + stage + "\"}").status());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static long id(TestServer.Client c) {
        return c.get("/api/me").json().get("id").asLong();
    }

    @Test
    void studentsWatchTheInstructorsConsoleLiveAndReadOnly() throws Exception {
        ConsoleClient t = ConsoleClient.connect(server, stageConsole, teacher);
        ConsoleClient a = ConsoleClient.connect(server, stageConsole, ann);
        ConsoleClient b = ConsoleClient.connect(server, stageConsole, ben);
        t.await("$ ");
        t.type("echo hello class\n");
        for (ConsoleClient c : new ConsoleClient[] {t, a, b}) c.await("\r\nhello class\r\n");
        a.type("echo sneaky\n");
        assertTrue(a.awaitText("read-only").contains("only the lab's owner"));
        t.type("echo still mine\n");
        b.await("\r\nstill mine\r\n");
        assertFalse(t.text().contains("sneaky"), "a student's keystrokes never reach the stage");
        for (ConsoleClient c : new ConsoleClient[] {t, a, b}) c.close();
    }

    @Test
    void aLateJoinerSeesTheCurrentScreen() throws Exception {
        ConsoleClient t = ConsoleClient.connect(server, stageConsole, teacher);
        t.await("$ ");
        t.type("echo before you came\n");
        t.await("\r\nbefore you came\r\n");
        TestServer.Client late = server.client().signUp("late");
        assertThrows(Exception.class, () -> ConsoleClient.connect(server, stageConsole, late), "not a member yet");
        late.post("/api/classrooms/join", "{\"code\":\"" + code + "\"}");
        ConsoleClient l = ConsoleClient.connect(server, stageConsole, late);
        l.await("\r\nbefore you came\r\n");
        assertTrue(l.text().startsWith("\u001bc"), "the first frame is the scroll-back after a terminal reset");
        t.close();
        l.close();
    }

    @Test
    void onlyTheKeyboardHolderTypesAndEveryoneSeesWhoItIs() throws Exception {
        ConsoleClient t = ConsoleClient.connect(server, stageConsole, teacher);
        ConsoleClient a = ConsoleClient.connect(server, stageConsole, ann);
        ConsoleClient b = ConsoleClient.connect(server, stageConsole, ben);
        t.await("$ ");
        assertEquals(200, ann.post("/api/classrooms/" + room + "/hand", "").status());
        var given = teacher.put("/api/classrooms/" + room + "/keyboard", "{\"userId\":" + id(ann) + "}");
        assertEquals(200, given.status(), given.body());
        assertEquals("ann", given.json().get("stage").get("keyboard").get("holder").asText());
        assertEquals(0, given.json().get("hands").size(), "giving the keyboard lowers the hand");
        assertTrue(a.awaitText("\"type\":\"keyboard\"").contains("\"you\":true"));
        assertTrue(b.awaitText("\"type\":\"keyboard\"").contains("ann has the keyboard"));
        assertTrue(t.awaitText("\"type\":\"keyboard\"").contains("ann has the keyboard"));
        assertTrue(ben.get("/api/classrooms/" + room).json().get("stage").get("keyboard").get("holder").asText().equals("ann"));

        a.type("echo typed by ann\n");
        for (ConsoleClient c : new ConsoleClient[] {t, a, b}) c.await("\r\ntyped by ann\r\n");
        t.type("echo teacher waits\n");
        b.type("echo ben too\n");
        assertTrue(t.awaitText("read-only").contains("ann has the keyboard"), "while lent, even the owner cannot type");
        ConsoleClient newcomer = ConsoleClient.connect(server, stageConsole, ben);
        assertTrue(newcomer.awaitText("\"type\":\"keyboard\"").contains("ann has the keyboard"), "a new viewer is told at once");

        assertEquals(200, teacher.delete("/api/classrooms/" + room + "/keyboard").status());
        assertTrue(a.awaitText("\"type\":\"keyboard\"").contains("\"you\":false"));
        a.type("echo ann again\n");
        t.type("echo teacher again\n");
        b.await("\r\nteacher again\r\n");
        String screen = t.text();
        assertFalse(screen.contains("teacher waits") || screen.contains("ben too") || screen.contains("ann again"),
                "only the holder's keystrokes reached the machine: " + t.tail());
        for (ConsoleClient c : new ConsoleClient[] {t, a, b, newcomer}) c.close();
    }

    @Test
    void outsidersCannotWatchAndRemovedMembersAreCutOff() throws Exception {
        TestServer.Client olga = server.client().signUp("olga");
        assertThrows(Exception.class, () -> ConsoleClient.connect(server, stageConsole, olga), "a non-member");
        assertThrows(Exception.class, () -> ConsoleClient.connect(server, stageConsole, (String) null), "no session");
        TestServer.Client rita = server.client().signUp("rita");
        rita.post("/api/classrooms/join", "{\"code\":\"" + code + "\"}");
        ConsoleClient r = ConsoleClient.connect(server, stageConsole, rita);
        r.await("$ ");
        assertEquals(204, teacher.delete("/api/classrooms/" + room + "/members/" + id(rita)).status());
        assertTrue(r.closed.await(5, TimeUnit.SECONDS), "the removed member's socket is closed");
        assertEquals(1008, r.closeReason.getCloseCode().getCode());
        assertThrows(Exception.class, () -> ConsoleClient.connect(server, stageConsole, rita));
    }

    @Test
    void handOutForksWorkAndTheInstructorCanHelp() throws Exception {
        ConsoleClient t = ConsoleClient.connect(server, stageConsole, teacher);
        t.await("$ ");
        t.type("echo state to hand out\n");
        t.await("\r\nstate to hand out\r\n");
        var h = teacher.post("/api/classrooms/" + room + "/handout", "");
        assertEquals(200, h.status(), h.body());
        String annLab = ann.get("/api/classrooms/" + room + "/lab").json().get("id").asText();
        String benLab = ben.get("/api/classrooms/" + room + "/lab").json().get("id").asText();
        ConsoleClient a = ConsoleClient.connect(server, "/api/labs/" + annLab + "/console", ann);
        a.await("state to hand out");                                  // the handed-out screen
        a.type("echo in my own lab\n");
        a.await("\r\nin my own lab\r\n");
        assertThrows(Exception.class, () -> ConsoleClient.connect(server, "/api/labs/" + annLab + "/console", ben),
                "ben cannot watch ann's lab");
        ConsoleClient b = ConsoleClient.connect(server, "/api/labs/" + benLab + "/console", ben);
        b.await("state to hand out");
        assertFalse(b.text().contains("in my own lab"), "the forks are private");

        // The instructor takes ann's keyboard from the dashboard; ann is told and her typing stops.
        ConsoleClient help = ConsoleClient.connect(server, "/api/labs/" + annLab + "/console", teacher);
        assertEquals(200, teacher.put("/api/classrooms/" + room + "/labs/" + annLab + "/keyboard", "").status());
        assertTrue(a.awaitText("\"type\":\"keyboard\"").contains("teacher has the keyboard (your instructor is helping you)"));
        a.type("echo ann is locked out\n");
        help.type("echo teacher helps\n");
        a.await("\r\nteacher helps\r\n");
        assertEquals(200, teacher.delete("/api/classrooms/" + room + "/labs/" + annLab + "/keyboard").status());
        assertTrue(a.awaitText("\"type\":\"keyboard\"").contains("You have the keyboard again"));
        a.type("echo mine again\n");
        a.await("\r\nmine again\r\n");
        assertFalse(a.text().contains("\r\nann is locked out\r\n"));

        // Reset returns ann's lab to the handed-out state: her own lines are gone from the new screen.
        assertEquals(200, ann.post("/api/classrooms/" + room + "/lab/reset", "").status());
        ConsoleClient again = ConsoleClient.connect(server, "/api/labs/" + annLab + "/console", ann);
        long deadline = System.currentTimeMillis() + 10_000;
        while (!afterLastReset(again.text()).contains("state to hand out") || afterLastReset(again.text()).contains("mine again")) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("the reset screen is not the hand-out's: " + again.tail());
            Thread.sleep(20);
        }
        again.type("echo after reset\n");
        again.await("\r\nafter reset\r\n");
        for (ConsoleClient c : new ConsoleClient[] {t, a, b, help, again}) c.close();
    }

    /**
     * A viewer that never reads (a raw TCP socket with a tiny receive window) while the stage
     * prints 4 MiB: publishing never waits for it, the stage keeps running and answering, the
     * instructor and another viewer get everything, and the slow viewer is resynchronised from
     * the scroll-back instead of queueing without bound. (virtlab-os prints a few hundred KB/s,
     * about 124 KB in 0.5 s for {@code cat} of fifteen binaries: too slow to fill the socket
     * buffers within a test's seconds, so the test prints on the stage's console hub like a fast
     * guest would, from outside the machine, while the machine keeps running.)
     */
    @Test
    void aSlowViewerHoldsNobodyBack() throws Exception {
        ConsoleClient t = ConsoleClient.connect(server, stageConsole, teacher);
        ConsoleClient b = ConsoleClient.connect(server, stageConsole, ben);
        t.await("$ ");
        Lab lab = server.app.labs().find(stage).orElseThrow();
        ConsoleHub hub = lab.console();
        java.util.Set<Viewer> others = java.util.Set.copyOf(hub.viewers());
        try (Socket slow = stalledViewer(ann)) {
            Viewer stalled = null;
            for (long until = System.currentTimeMillis() + 5_000; stalled == null && System.currentTimeMillis() < until; Thread.sleep(10))
                stalled = hub.viewers().stream().filter(v -> !others.contains(v)).findFirst().orElse(null);
            assertTrue(stalled != null, "the raw socket became a viewer");
            long before = lab.status().instructions();
            byte[] chunk = "a line of output from a busy stage, 64 bytes long ..........\r\n".repeat(256)
                    .getBytes(StandardCharsets.US_ASCII);
            long worstPublishNanos = 0;
            // 16 MiB: more than the stalled socket's kernel buffers can absorb (Linux autotunes a
            // loopback send buffer up to a few MiB) plus the viewer's bounded queue, so it must be resynced.
            for (int i = 0; i < 1024; i++) {                // 1024 x 16 KiB
                long s = System.nanoTime();
                hub.publish(chunk);
                worstPublishNanos = Math.max(worstPublishNanos, System.nanoTime() - s);
                if (i % 4 == 3) Thread.sleep(2);
            }
            hub.publish("\r\nflood done\r\n".getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            t.await("\r\nflood done\r\n");
            b.await("\r\nflood done\r\n");
            long lateMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(worstPublishNanos < 50_000_000, "publishing never waits for a viewer: worst " + worstPublishNanos / 1000 + " us");
            assertTrue(stalled.resyncs() > 0, "the stalled viewer was resynchronised");
            assertTrue(stalled.queuedBytes() <= ConsoleHub.VIEWER_QUEUE_BYTES, "its queue is bounded");
            assertTrue(lateMillis < 5_000, "the others got the end of the flood " + lateMillis + " ms after it was printed");
            assertTrue(lab.status().instructions() > before, "the stage kept running");
            t.type("echo after the flood\n");
            long echo = System.nanoTime();
            b.await("\r\nafter the flood\r\n");
            assertTrue((System.nanoTime() - echo) / 1_000_000 < 2_000, "the stage still answers at once");
        }
        t.close();
        b.close();
    }

    /** What a terminal shows: everything after the last terminal reset. */
    static String afterLastReset(String output) {
        return output.substring(Math.max(0, output.lastIndexOf("\u001bc")));
    }

    /** A console WebSocket opened by hand that never reads a byte after the handshake. */
    static Socket stalledViewer(TestServer.Client as) throws Exception {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new java.net.InetSocketAddress("localhost", server.app.port()));
        OutputStream out = s.getOutputStream();
        out.write(("GET " + stageConsole + " HTTP/1.1\r\nHost: localhost:" + server.app.port() + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Cookie: " + Auth.COOKIE + "=" + as.sessionCookie() + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) throw new AssertionError("closed during the handshake: " + head);
            head.append((char) c);
        }
        assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());
        return s;
    }
}
