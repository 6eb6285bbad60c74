package org.virtlab.server.web;

import static org.virtlab.server.web.LabDriver.after;
import static org.virtlab.server.web.LabDriver.count;
import static org.virtlab.server.web.LabDriver.waitUntil;

import java.nio.charset.StandardCharsets;
import org.virtlab.server.accounts.Role;
import org.virtlab.server.accounts.User;

/** {@link LabDriver} for one domain of a hypervisor lab: types into its console, reads its own scroll-back. */
final class DomainDriver {
    private DomainDriver() { }

    static String output(TestServer.Client c, String labId, int domain) {
        return c.get("/api/labs/" + labId + "/domains/" + domain + "/output").body();
    }

    /** Waits until each of the lab's first {@code domains} domains shows a shell prompt at its end. */
    static void prompts(TestServer.Client c, String labId, int domains) throws InterruptedException {
        for (int d = 0; d < domains; d++) {
            int dom = d;
            waitUntil(() -> output(c, labId, dom).endsWith("$ "), "a prompt in dom" + d + " of lab " + labId + ":\n" + output(c, labId, dom));
        }
    }

    /** Types a line into one domain's console as the lab's owner. */
    static void type(TestServer server, TestServer.Client c, String labId, int domain, String line) {
        var me = c.get("/api/me").json();
        User u = new User(me.get("id").asLong(), me.get("username").asText(), Role.of(me.get("role").asText()), null);
        if (!server.app.labs().own(u, labId).input(domain, (line + "\n").getBytes(StandardCharsets.UTF_8)))
            throw new AssertionError("dom" + domain + " of lab " + labId + " took no input");
    }

    /** Types {@code command} into the domain and waits for its prompt after it; returns what the command printed. */
    static String run(TestServer server, TestServer.Client c, String labId, int domain, String command) throws InterruptedException {
        int before = count(output(c, labId, domain), command);
        type(server, c, labId, domain, command);
        waitUntil(() -> {
            String out = output(c, labId, domain);
            return count(out, command) > before && after(out, command).endsWith("$ ");
        }, "'" + command + "' finishes in dom" + domain + ":\n" + output(c, labId, domain));
        return after(output(c, labId, domain), command);
    }
}
