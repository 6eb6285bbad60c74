package org.virtlab.server.web;

import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import org.virtlab.server.accounts.Role;
import org.virtlab.server.accounts.User;

/** Types into a lab's console and waits for what the guest prints (through the API's scroll-back). */
final class LabDriver {
    private LabDriver() { }

    static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("timed out: " + what);
            Thread.sleep(25);
        }
    }

    static String output(TestServer.Client c, String labId) {
        return c.get("/api/labs/" + labId + "/output").body();
    }

    static String state(TestServer.Client c, String labId) {
        return c.get("/api/labs/" + labId).json().get("state").asText();
    }

    /** Waits until the console shows a shell prompt at its end. */
    static void prompt(TestServer.Client c, String labId) throws InterruptedException {
        waitUntil(() -> output(c, labId).endsWith("$ "), "a prompt in lab " + labId + ":\n" + output(c, labId));
    }

    /** Types a line as the lab's owner (the keyboard of the console WebSocket). */
    static void type(TestServer server, TestServer.Client c, String labId, String line) {
        var me = c.get("/api/me").json();
        User u = new User(me.get("id").asLong(), me.get("username").asText(), Role.of(me.get("role").asText()), null);
        if (!server.app.labs().own(u, labId).input((line + "\n").getBytes(StandardCharsets.UTF_8)))
            throw new AssertionError("lab " + labId + " took no input");
    }

    /** Types {@code command} and waits for the prompt after it; returns what the command printed. */
    static String run(TestServer server, TestServer.Client c, String labId, String command) throws InterruptedException {
        int before = count(output(c, labId), command);
        type(server, c, labId, command);
        waitUntil(() -> {
            String out = output(c, labId);
            return count(out, command) > before && after(out, command).endsWith("$ ");
        }, "'" + command + "' finishes:\n" + output(c, labId));
        return after(output(c, labId), command);
    }

    static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) n++;
        return n;
    }

    /** What follows the last echo of {@code command} on the console. */
    static String after(String console, String command) {
        int at = console.lastIndexOf(command);
        return at < 0 ? "" : console.substring(at + command.length());
    }
}
