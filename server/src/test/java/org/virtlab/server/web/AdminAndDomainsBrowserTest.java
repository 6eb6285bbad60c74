package org.virtlab.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.SelectOption;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin page and the counters panel's domain buttons in a real browser (Chromium, as in
 * {@link BrowserTest}): an admin sets a student's role and CPU share with the row's form (its
 * fields are tied to the form by the {@code form} attribute, which htmx's boosted submit must
 * include); on a two-domain lab, the owner pauses dom1, resumes it, destroys it (confirming the
 * dialog), and sees each state in the panel while dom0 keeps running. Pages are kept as
 * {@code server/target/browser-test/users.png} and {@code domains.png}.
 */
class AdminAndDomainsBrowserTest {
    private static final Locator.WaitForOptions SOON = new Locator.WaitForOptions().setTimeout(30_000);

    static Chromium chromium;
    static Browser browser;

    @TempDir
    Path data;

    @BeforeAll
    static void launch() {
        chromium = Chromium.launch();
        browser = chromium.browser;
    }

    @AfterAll
    static void close() {
        if (chromium != null) chromium.close();
    }

    static Page signUp(TestServer server, String name) {
        Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1280, 900));
        Chromium.signUp(page, server.base, name, "correct-horse-battery");
        return page;
    }

    @Test
    void adminSetsRoleAndShareWithTheRowForm() throws Exception {
        try (TestServer server = new TestServer(data)) {
            Page admin = signUp(server, "teacher");                     // the first account: admin
            TestServer.Client student = server.client().signUp("student");
            admin.click("nav a[href=\"/admin/users\"]");
            admin.waitForURL(url -> url.endsWith("/admin/users"));
            Locator row = admin.locator("tr[data-user=\"student\"]");
            row.locator("select[name=role]").selectOption("instructor");
            row.locator("input[name=cpuShare]").fill("2");
            row.locator("button[type=submit]").click();
            admin.waitForFunction("() => document.querySelector('tr[data-user=\"student\"] input[name=cpuShare]')?.value === '2'"
                    + " && document.querySelector('tr[data-user=\"student\"] select[name=role]')?.value === 'instructor'",
                    null, new Page.WaitForFunctionOptions().setTimeout(10_000));
            assertEquals("instructor", student.get("/api/me").json().get("role").asText(), "the boosted form sent the row's fields");
            BrowserTest.screenshot(admin, "users.png");
        }
    }

    @Test
    void ownerPausesResumesAndDestroysADomain() throws Exception {
        try (TestServer server = new TestServer(data)) {
            Page page = signUp(server, "owner");
            page.onDialog(d -> d.accept());                              // "Destroy dom1? ..."
            page.navigate(server.base + "/labs");
            page.selectOption("select[name=preset]", new SelectOption().setLabel("Hypervisor: two full-virtualization domains"));
            page.click("form[action=\"/labs\"] button[type=submit]");
            page.waitForURL(url -> url.matches(".*/labs/[^/]+$"));
            page.locator("form[action$=\"/start\"] button").click();

            Locator panel = page.locator("#domain-counters");
            panel.locator("button[aria-label=\"Pause dom1\"]").waitFor(new Locator.WaitForOptions().setTimeout(60_000));
            panel.locator("button[aria-label=\"Pause dom1\"]").click();
            panel.locator("td[data-domain-state=\"paused\"]").waitFor(SOON);
            assertEquals("running", panel.locator("td[data-domain-state]").first().getAttribute("data-domain-state"), "dom0 runs on");

            panel.locator("button[aria-label=\"Resume dom1\"]").click();
            page.waitForFunction("() => document.querySelectorAll('#domain-counters td[data-domain-state=\"running\"]').length === 2",
                    null, new Page.WaitForFunctionOptions().setTimeout(30_000));

            panel.locator("button[aria-label=\"Destroy dom1\"]").click();
            panel.locator("td[data-domain-state=\"destroyed\"]").waitFor(SOON);
            assertEquals(0, panel.locator("button[aria-label$=\"dom1\"]").count(), "no buttons for a destroyed domain");
            BrowserTest.screenshot(page, "domains.png");
        }
    }
}
