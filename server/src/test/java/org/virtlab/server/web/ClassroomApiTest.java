package org.virtlab.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Classrooms over the JSON API: roles and membership, what members, outsiders and another
 * classroom's instructor may do, the stage's visibility, messages, hands, hand-outs (a private
 * running fork per member, late joiners, reset, refusals; a two-domain hypervisor stage), the
 * dashboard and recordings. One server and one booted stage lab for the class, and one hypervisor
 * lab for its hand-out.
 */
class ClassroomApiTest {
    @TempDir
    static Path data;
    static TestServer server;
    static TestServer.Client teacher;      // the first account: admin, teaches "OS 101"
    static TestServer.Client ivan;         // an instructor of another classroom
    static TestServer.Client ann;
    static TestServer.Client ben;
    static TestServer.Client olga;         // a student who never joins
    static String room;
    static String code;
    static String stage;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(data);
        teacher = server.client().signUp("teacher");
        ivan = server.client().signUp("ivan");
        ann = server.client().signUp("ann");
        ben = server.client().signUp("ben");
        olga = server.client().signUp("olga");
        assertEquals(200, teacher.patch("/api/users/ivan", "{\"role\":\"instructor\"}").status());
        stage = teacher.createLab();
        assertEquals(200, teacher.post("/api/labs/" + stage + "/start", "").status());
        var r = teacher.post("/api/classrooms", "{\"name\":\"OS 101\"}");
        assertEquals(201, r.status(), r.body());
        room = r.json().get("id").asText();
        code = r.json().get("joinCode").asText();
        assertEquals(200, ann.post("/api/classrooms/join", "{\"code\":\"" + code + "\"}").status());
        assertEquals(200, ben.post("/api/classrooms/join", "{\"code\":\"" + code.toLowerCase() + "\"}").status(), "codes ignore case");
        LabDriver.waitUntil(() -> teacher.get("/api/labs/" + stage + "/output").body().contains("$ "), "the stage boots to its prompt");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String codeOf(TestServer.Response r) {
        return r.json().get("code").asText();
    }

    @Test
    void onlyInstructorsCreateAndTheJoinCodeLetsStudentsIn() {
        var denied = ann.post("/api/classrooms", "{\"name\":\"mine\"}");
        assertEquals(403, denied.status());
        assertEquals("not_instructor", codeOf(denied));
        assertEquals("not_admin", codeOf(ann.patch("/api/users/ann", "{\"role\":\"instructor\"}")), "students cannot promote themselves");
        assertEquals(400, teacher.post("/api/classrooms", "{\"name\":\"\"}").status());
        assertEquals("bad_expiry", codeOf(teacher.post("/api/classrooms", "{\"name\":\"x\",\"expiresInMinutes\":0}")));

        JsonNode mine = teacher.get("/api/classrooms/" + room).json();
        assertEquals("instructor", mine.get("role").asText());
        assertTrue(mine.get("joinLink").asText().endsWith("/join/" + code), mine.toString());
        assertEquals(2, mine.get("memberCount").asInt());
        JsonNode seen = ann.get("/api/classrooms/" + room).json();
        assertEquals("member", seen.get("role").asText());
        assertFalse(seen.has("joinCode"), "members do not get the join code");
        assertFalse(seen.has("members"), "members do not get the member list");
        assertEquals(1, ann.get("/api/classrooms").json().size());

        var wrong = olga.post("/api/classrooms/join", "{\"code\":\"NOPE00\"}");
        assertEquals(404, wrong.status());
        assertEquals("bad_code", codeOf(wrong));
        assertEquals(0, olga.get("/api/classrooms").json().size());
    }

    @Test
    void outsidersAndAnotherInstructorHaveNoPowerHere() {
        for (TestServer.Client outsider : new TestServer.Client[] {olga, ivan}) {
            assertEquals("classroom_not_found", codeOf(outsider.get("/api/classrooms/" + room)));
            assertEquals(404, outsider.post("/api/classrooms/" + room + "/close", "").status());
            assertEquals(404, outsider.post("/api/classrooms/" + room + "/handout", "").status());
            assertEquals(404, outsider.post("/api/classrooms/" + room + "/recordings", "").status());
            assertEquals(404, outsider.get("/api/classrooms/" + room + "/dashboard").status());
            assertEquals(404, outsider.get("/api/classrooms/" + room + "/recordings").status());
            assertEquals(404, outsider.put("/api/classrooms/" + room + "/message", "{\"text\":\"hi\"}").status());
            assertEquals(404, outsider.put("/api/classrooms/" + room + "/keyboard", "{\"userId\":1}").status());
            assertEquals(404, outsider.delete("/api/classrooms/" + room + "/members/1").status());
        }
        // Ivan's own classroom: the teacher of OS 101 has no power there either.
        String other = ivan.post("/api/classrooms", "{\"name\":\"Ivan's\"}").json().get("id").asText();
        assertEquals(404, teacher.get("/api/classrooms/" + other).status());
        assertEquals(404, teacher.post("/api/classrooms/" + other + "/close", "").status());
        // The stage is only visible to the classroom's people (and staff, as before).
        assertEquals(404, olga.get("/api/labs/" + stage).status(), "a non-member does not see the stage lab");
    }

    @Test
    void membersWatchButDoNotTeach() {
        assertEquals(200, teacher.put("/api/classrooms/" + room + "/stage", "{\"labId\":\"" + stage + "\"}").status());
        assertEquals(200, ann.get("/api/labs/" + stage).status(), "a member sees the stage lab");
        assertTrue(ann.get("/api/labs/" + stage + "/output").body().contains("virtlab-os"));
        assertEquals("not_owner", codeOf(ann.post("/api/labs/" + stage + "/stop", "")), "watching is not driving");
        assertEquals("not_instructor", codeOf(ann.post("/api/classrooms/" + room + "/close", "")));
        assertEquals("not_instructor", codeOf(ann.post("/api/classrooms/" + room + "/handout", "")));
        assertEquals("not_instructor", codeOf(ann.post("/api/classrooms/" + room + "/recordings", "")));
        assertEquals("not_instructor", codeOf(ann.get("/api/classrooms/" + room + "/dashboard")));
        assertEquals("not_instructor", codeOf(ann.put("/api/classrooms/" + room + "/keyboard", "{\"userId\":3}")));
        assertEquals("not_instructor", codeOf(ann.put("/api/classrooms/" + room + "/message", "{\"text\":\"hi\"}")));
        assertEquals("not_instructor", codeOf(ann.delete("/api/classrooms/" + room + "/members/4")));
        assertEquals("not_instructor", codeOf(ann.put("/api/classrooms/" + room + "/stage", "{\"labId\":\"" + stage + "\"}")));
        // The stage must be the instructor's own lab.
        String annLab = ann.createLab();
        var notMine = teacher.put("/api/classrooms/" + room + "/stage", "{\"labId\":\"" + annLab + "\"}");
        assertEquals(403, notMine.status(), notMine.body());
        assertEquals(204, ann.delete("/api/labs/" + annLab).status());
    }

    @Test
    void messagesAndHands() {
        assertEquals(200, teacher.put("/api/classrooms/" + room + "/message", "{\"text\":\"Open chapter 3\"}").status());
        assertEquals("Open chapter 3", ben.get("/api/classrooms/" + room).json().get("message").get("text").asText());
        assertTrue(ben.get("/classrooms/" + room + "/state").body().contains("Open chapter 3"), "the page fragment shows it");
        assertEquals("bad_message", codeOf(teacher.put("/api/classrooms/" + room + "/message", "{\"text\":\"" + "x".repeat(501) + "\"}")));
        assertEquals(200, teacher.delete("/api/classrooms/" + room + "/message").status());
        assertTrue(ben.get("/api/classrooms/" + room).json().get("message").isNull());

        assertEquals(200, ben.post("/api/classrooms/" + room + "/hand", "").status());
        assertTrue(ben.get("/api/classrooms/" + room).json().get("handRaised").asBoolean());
        JsonNode hands = teacher.get("/api/classrooms/" + room).json().get("hands");
        assertEquals("ben", hands.get(0).get("username").asText());
        assertEquals("is_instructor", codeOf(teacher.post("/api/classrooms/" + room + "/hand", "")));
        assertEquals(403, ann.delete("/api/classrooms/" + room + "/hands/" + hands.get(0).get("id").asLong()).status(),
                "a member cannot lower another member's hand");
        assertEquals(200, teacher.delete("/api/classrooms/" + room + "/hands/" + hands.get(0).get("id").asLong()).status());
        assertEquals(0, teacher.get("/api/classrooms/" + room).json().get("hands").size());
    }

    @Test
    void handOutGivesEveryMemberAPrivateRunningFork() throws Exception {
        String stopped = teacher.createLab();
        assertEquals(200, teacher.put("/api/classrooms/" + room + "/stage", "{\"labId\":\"" + stopped + "\"}").status());
        assertEquals("stage_not_running", codeOf(teacher.post("/api/classrooms/" + room + "/handout", "")));
        assertEquals(204, teacher.delete("/api/labs/" + stopped).status());
        assertEquals("no_stage", codeOf(teacher.post("/api/classrooms/" + room + "/handout", "")), "the deleted lab left the stage empty");
        assertEquals(200, teacher.put("/api/classrooms/" + room + "/stage", "{\"labId\":\"" + stage + "\"}").status());
        var h = teacher.post("/api/classrooms/" + room + "/handout", "");
        assertEquals(200, h.status(), h.body());
        assertEquals(2, h.json().get("labs").size());
        String annLab = ann.get("/api/classrooms/" + room + "/lab").json().get("id").asText();
        String benLab = ben.get("/api/classrooms/" + room + "/lab").json().get("id").asText();
        assertNotEquals(annLab, benLab);
        assertEquals(404, ben.get("/api/labs/" + annLab).status(), "a student does not see another student's lab");
        assertEquals(404, olga.get("/api/labs/" + annLab).status());
        LabDriver.waitUntil(() -> ann.get("/api/labs/" + annLab).json().get("instructions").asLong() > 0, "ann's fork runs");
        assertEquals("running", ann.get("/api/labs/" + annLab).json().get("state").asText());
        assertTrue(ann.get("/api/labs/" + annLab + "/output").body().contains("virtlab-os: booting"),
                "the fork's console starts with the stage's screen");

        // A late joiner gets a fork on joining; the dashboard shows all three.
        TestServer.Client late = server.client().signUp("late");
        late.post("/api/classrooms/join", "{\"code\":\"" + code + "\"}");
        String lateLab = late.get("/api/classrooms/" + room + "/lab").json().get("id").asText();
        LabDriver.waitUntil(() -> late.get("/api/labs/" + lateLab).json().get("instructions").asLong() > 0, "the late joiner's fork runs");
        JsonNode cards = teacher.get("/api/classrooms/" + room + "/dashboard").json();
        assertEquals(3, cards.size());
        for (JsonNode card : cards) assertEquals("running", card.get("lab").get("state").asText(), card.toString());
        assertEquals(200, teacher.get("/api/labs/" + lateLab).status(), "the instructor may watch a member's lab");

        // Reset goes back to the hand-out; the instructor helps through the dashboard, not another classroom's.
        assertEquals(200, ann.post("/api/classrooms/" + room + "/lab/reset", "").status());
        assertEquals(annLab, ann.get("/api/classrooms/" + room + "/lab").json().get("id").asText(), "the same lab, reset");
        assertEquals(200, teacher.put("/api/classrooms/" + room + "/labs/" + annLab + "/keyboard", "").status());
        assertTrue(ann.get("/api/classrooms/" + room).json().get("myLab").get("helped").asBoolean());
        assertEquals(404, ivan.put("/api/classrooms/" + room + "/labs/" + annLab + "/keyboard", "").status());
        assertEquals("lab_not_in_classroom", codeOf(teacher.put("/api/classrooms/" + room + "/labs/" + stage + "/keyboard", "")));
        assertEquals(200, teacher.delete("/api/classrooms/" + room + "/labs/" + annLab + "/keyboard").status());
        assertFalse(ann.get("/api/classrooms/" + room).json().get("myLab").get("helped").asBoolean());
        assertEquals("is_instructor", codeOf(teacher.post("/api/classrooms/" + room + "/lab", "")));
        late.post("/api/classrooms/" + room + "/leave", "");
    }

    @Test
    void aHypervisorStageIsHandedOutAsWorkingTwoDomainLabs() throws Exception {
        TestServer.Client hana = server.client().signUp("hana");
        TestServer.Client hugo = server.client().signUp("hugo");
        var created = teacher.post("/api/classrooms", "{\"name\":\"VMs 201\"}");
        String vms = created.json().get("id").asText();
        for (TestServer.Client s : new TestServer.Client[] {hana, hugo})
            assertEquals(200, s.post("/api/classrooms/join", "{\"code\":\"" + created.json().get("joinCode").asText() + "\"}").status());
        // First a bare hand-out: hana's hand-out lab is a bare lab.
        assertEquals(200, teacher.put("/api/classrooms/" + vms + "/stage", "{\"labId\":\"" + stage + "\"}").status());
        assertEquals(200, teacher.post("/api/classrooms/" + vms + "/handout", "").status());
        String hanaBare = hana.get("/api/classrooms/" + vms + "/lab").json().get("id").asText();

        String hv = teacher.createLab("hypervisor-full-2");
        assertEquals(200, teacher.post("/api/labs/" + hv + "/start", "").status());
        DomainDriver.prompts(teacher, hv, 2);
        DomainDriver.run(server, teacher, hv, 1, "echo handed-out > /tmp/h");
        assertEquals(200, teacher.put("/api/classrooms/" + vms + "/stage", "{\"labId\":\"" + hv + "\"}").status());
        var h = teacher.post("/api/classrooms/" + vms + "/handout", "");
        assertEquals(200, h.status(), h.body());
        assertEquals("hypervisor-full-2", h.json().get("preset").asText());
        assertEquals(2, h.json().get("labs").size());

        String hanaLab = hana.get("/api/classrooms/" + vms + "/lab").json().get("id").asText();
        assertNotEquals(hanaBare, hanaLab, "a lab runs one preset: the bare hand-out lab was replaced");
        assertEquals(404, hana.get("/api/labs/" + hanaBare).status());
        for (TestServer.Client s : new TestServer.Client[] {hana, hugo}) {
            String lab = s.get("/api/classrooms/" + vms + "/lab").json().get("id").asText();
            JsonNode json = s.get("/api/labs/" + lab).json();
            assertEquals("hypervisor-full-2", json.get("preset").asText());
            assertEquals(2, json.get("domains").size(), json.toString());
            LabDriver.waitUntil(() -> DomainDriver.output(s, lab, 1).contains("echo handed-out > /tmp/h"), "dom1 shows the stage's dom1 screen");
            assertTrue(DomainDriver.run(server, s, lab, 1, "cat /tmp/h").contains("handed-out"), DomainDriver.output(s, lab, 1));
        }
        assertTrue(DomainDriver.run(server, hugo, hugo.get("/api/classrooms/" + vms + "/lab").json().get("id").asText(), 0,
                "echo dom0-too").contains("dom0-too"));
        for (TestServer.Client s : new TestServer.Client[] {hana, hugo})
            s.post("/api/labs/" + s.get("/api/classrooms/" + vms + "/lab").json().get("id").asText() + "/stop", "");
        assertEquals(204, teacher.delete("/api/labs/" + hv).status());
        assertEquals(200, teacher.post("/api/classrooms/" + vms + "/close", "").status());
    }

    @Test
    void recordingIsAsciicastV2() throws Exception {
        teacher.put("/api/classrooms/" + room + "/stage", "{\"labId\":\"" + stage + "\"}");
        var started = teacher.post("/api/classrooms/" + room + "/recordings", "");
        assertEquals(201, started.status(), started.body());
        String rec = started.json().get("id").asText();
        assertEquals("already_recording", codeOf(teacher.post("/api/classrooms/" + room + "/recordings", "")));
        assertEquals(rec, ann.get("/api/classrooms/" + room).json().get("recording").get("id").asText());
        Thread.sleep(300);
        var stopped = teacher.post("/api/classrooms/" + room + "/recordings/stop", "");
        assertEquals(200, stopped.status(), stopped.body());
        assertTrue(stopped.json().get("bytes").asLong() > 0);
        assertEquals("not_recording", codeOf(teacher.post("/api/classrooms/" + room + "/recordings/stop", "")));

        var cast = ann.get("/api/classrooms/" + room + "/recordings/" + rec + "/cast");
        assertEquals(200, cast.status());
        String[] lines = cast.body().split("\n");
        JsonNode header = TestServer.JSON.readTree(lines[0]);
        assertEquals(2, header.get("version").asInt());
        assertTrue(header.get("width").asInt() > 0 && header.get("height").asInt() > 0 && header.get("timestamp").asLong() > 0);
        JsonNode first = TestServer.JSON.readTree(lines[1]);
        assertEquals("o", first.get(1).asText());
        assertTrue(first.get(2).asText().startsWith("\u001bc") && first.get(2).asText().contains("$ "),
                "the recording starts with the screen as it was: " + first);
        var download = ann.get("/api/classrooms/" + room + "/recordings/" + rec + "/cast?download=1");
        assertTrue(download.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment"));
        assertEquals(1, ben.get("/api/classrooms/" + room + "/recordings").json().size());
        assertEquals(404, olga.get("/api/classrooms/" + room + "/recordings/" + rec + "/cast").status());
        assertEquals(200, ann.get("/classrooms/" + room + "/recordings/" + rec).status(), "the player page");
        assertEquals(200, ann.get(ClassroomPages.PLAYER + "asciinema-player.min.js").status(), "the player is served from the jar");
    }

    @Test
    void removedMembersAndClosedClassrooms() {
        TestServer.Client rita = server.client().signUp("rita");
        String room2 = teacher.post("/api/classrooms", "{\"name\":\"short\",\"expiresInMinutes\":60}").json().get("id").asText();
        String code2 = teacher.get("/api/classrooms/" + room2).json().get("joinCode").asText();
        JsonNode joined = rita.post("/api/classrooms/join", "{\"code\":\"" + code2.substring(0, 3) + "-" + code2.substring(3) + "\"}").json();
        assertEquals(room2, joined.get("id").asText(), "dashes are ignored");
        teacher.put("/api/classrooms/" + room2 + "/stage", "{\"labId\":\"" + stage + "\"}");
        assertEquals(200, rita.get("/api/labs/" + stage).status());
        long ritaId = rita.get("/api/me").json().get("id").asLong();
        assertEquals(204, teacher.delete("/api/classrooms/" + room2 + "/members/" + ritaId).status());
        assertEquals(404, rita.get("/api/classrooms/" + room2).status());
        assertEquals(404, rita.get("/api/labs/" + stage).status(), "a removed member no longer sees the stage");

        rita.post("/api/classrooms/join", "{\"code\":\"" + code2 + "\"}");
        assertEquals(200, teacher.post("/api/classrooms/" + room2 + "/close", "").status());
        JsonNode closed = rita.get("/api/classrooms/" + room2).json();
        assertEquals("closed", closed.get("state").asText());
        assertTrue(closed.get("stage").isNull());
        assertEquals(404, rita.get("/api/labs/" + stage).status(), "a closed classroom has no stage");
        assertEquals("classroom_closed", codeOf(teacher.put("/api/classrooms/" + room2 + "/stage", "{\"labId\":\"" + stage + "\"}")));
        assertEquals("classroom_closed", codeOf(olga.post("/api/classrooms/join", "{\"code\":\"" + code2 + "\"}")));
    }

    @Test
    void pages() {
        assertTrue(teacher.get("/classrooms").body().contains("New classroom"));
        assertFalse(ann.get("/classrooms").body().contains("New classroom"), "students get no create form");
        String page = teacher.get("/classrooms/" + room).body();
        assertTrue(page.contains("id=\"dashboard\"") && page.contains("/static/classroom.js"), page);
        assertFalse(ann.get("/classrooms/" + room).body().contains("id=\"dashboard\""), "members get no dashboard");
        assertTrue(ann.get("/classrooms/" + room).body().contains("Raise hand"));
        assertEquals(404, olga.get("/classrooms/" + room).status());
        assertTrue(server.client().get("/join/" + code).body().contains("Sign in"));
        assertTrue(olga.get("/join/" + code).body().contains(code), "the join link fills in the code");
        assertEquals(200, olga.get("/static/classroom.js").status());
    }
}
