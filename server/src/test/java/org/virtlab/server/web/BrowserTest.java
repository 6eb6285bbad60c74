package org.virtlab.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Newcomers in a real browser: sign up, create a lab, start it, type into the xterm.js console
 * and see the guest answer, take a snapshot, break the guest and restore it in one click; on a
 * hypervisor lab, also watch the counters and the event trace.
 * Debian's Chromium (installed by .ci/run) is driven by Playwright for Java, which never
 * downloads a browser; without Chromium the tests are skipped. The final pages are kept as
 * {@code server/target/browser-test/lab.png}, {@code snapshots.png} and {@code hypervisor.png}.
 */
class BrowserTest {
    private static final Locator.WaitForOptions BOOT = new Locator.WaitForOptions().setTimeout(60_000);
    private static final Locator.WaitForOptions ANSWER = new Locator.WaitForOptions().setTimeout(30_000);

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

    /** Signs up, creates a lab from the preset titled {@code preset} and starts it; the page is the lab's. */
    static Page newcomerStartsALab(TestServer server, String preset) {
        Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1280, 800));
        Chromium.signUp(page, server.base, "newcomer", "correct-horse-battery");

        page.navigate(server.base + "/labs");
        page.fill("input[name=name]", "first lab");
        page.selectOption("select[name=preset]", new com.microsoft.playwright.options.SelectOption().setLabel(preset));
        page.click("form[action=\"/labs\"] button[type=submit]");
        page.waitForURL(url -> url.matches(".*/labs/[^/]+$"));
        Locator start = page.locator("form[action$=\"/start\"] button");
        if (start.count() > 0) start.click();
        return page;
    }

    static void screenshot(Page page, String name) throws Exception {
        Path shot = Path.of("target", "browser-test", name);
        Files.createDirectories(shot.getParent());
        page.screenshot(new Page.ScreenshotOptions().setPath(shot).setFullPage(true));
    }

    /** Waits until the status panel shows exactly {@code n} console viewers (sockets of pages left behind are closed). */
    static void viewersBecome(Page page, int n) {
        page.waitForFunction("n => document.getElementById('lab-viewers')?.textContent === String(n)", n,
                new Page.WaitForFunctionOptions().setTimeout(10_000));
    }

    @Test
    void signUpCreateALabAndUseItsConsole() throws Exception {
        try (TestServer server = new TestServer(data)) {
            Page page = newcomerStartsALab(server, "virtlab-os (bare)");
            Locator rows = page.locator(".xterm-rows");
            rows.getByText("$", new Locator.GetByTextOptions().setExact(false)).first().waitFor(BOOT);
            page.click(".xterm");
            page.keyboard().type("echo hi from the browser\n");
            rows.getByText("hi from the browser").nth(1).waitFor(ANSWER);
            screenshot(page, "lab.png");
            String console = rows.innerText();
            assertTrue(console.contains("virtlab-os: booting"), "the console shows the boot:\n" + console);
            assertTrue(console.lines().anyMatch(l -> l.strip().equals("hi from the browser")),
                    "the guest echoed the typed line:\n" + console);

            // The status panel is live (pushed every second over /labs/{id}/live, not polled) and counts this page's one console only.
            assertEquals(null, page.getAttribute("#status", "hx-get"), "the status line is pushed, not polled");
            viewersBecome(page, 1);
            String before = page.textContent("#lab-instructions");
            page.waitForFunction("b => document.getElementById('lab-instructions')?.textContent !== b", before,
                    new Page.WaitForFunctionOptions().setTimeout(5_000));
            String translated = page.textContent("#lab-translated");
            assertTrue(translated.matches("[1-9][\\d,]* blocks · \\d+% of instructions"),
                    "the panel shows how much of the guest runs translated: " + translated);

            // Away and back with the browser's back button: the console works again, with its scroll-back.
            page.click("nav a[href=\"/labs\"]");
            page.waitForURL(url -> url.endsWith("/labs"));
            page.goBack();
            page.waitForURL(url -> url.matches(".*/labs/[^/]+$"));
            page.locator(".xterm-rows").getByText("hi from the browser").first().waitFor(ANSWER);
            page.click(".xterm");
            page.keyboard().type("echo back again\n");
            page.locator(".xterm-rows").getByText("back again").nth(1).waitFor(ANSWER);
            viewersBecome(page, 1);                                   // the page left behind closed its socket

            // Snapshots: take one from the page, break ls, restore it in one click, and ls works again.
            page.fill("#lab-snapshots input[name=name]", "before rm");
            page.click("#lab-snapshots button:has-text(\"Take snapshot\")");
            Locator snapshot = page.locator("#lab-snapshots tr[data-snapshot]", new Page.LocatorOptions().setHasText("before rm"));
            snapshot.waitFor(ANSWER);
            page.click(".xterm");
            page.keyboard().type("rm /bin/ls\n");
            page.keyboard().type("ls /tmp\n");
            page.locator(".xterm-rows").getByText("ls: command not found").first().waitFor(ANSWER);
            snapshot.locator("button:has-text(\"Restore\")").click();
            page.locator(".xterm-rows").getByText("restored snapshot 'before rm'").first().waitFor(ANSWER);
            page.click(".xterm");
            page.keyboard().type("ls /bin\n");
            page.waitForFunction("() => /\\bls\\s+file\\s+\\d+/.test(document.querySelector('.xterm-rows').innerText)", null,
                    new Page.WaitForFunctionOptions().setTimeout(30_000));
            assertTrue(!page.locator(".xterm-rows").innerText().contains("command not found"),
                    "the restored console is the snapshot's: " + page.locator(".xterm-rows").innerText());
            screenshot(page, "snapshots.png");
        }
    }

    @Test
    void newcomerWatchesACsrInstructionTrapAndBeEmulated() throws Exception {
        try (TestServer server = new TestServer(data)) {
            Page page = newcomerStartsALab(server, "Hypervisor: full virtualization");
            Locator dom0 = page.locator("figure.console", new Page.LocatorOptions().setHasText("dom0"));
            assertEquals(1, page.locator("figure.console").count(), "one console: one domain");
            Locator rows = dom0.locator(".xterm-rows");
            rows.getByText("$", new Locator.GetByTextOptions().setExact(false)).first().waitFor(BOOT);
            assertTrue(rows.innerText().contains("virtlab-os: booting"), rows.innerText());

            // The counters panel: traps into the hypervisor, per domain, pushed every second (no polling trigger left).
            assertEquals(0, page.locator("[hx-trigger*=\"every\"]").count(), "no panel of the lab page polls");
            page.waitForFunction("() => Number(document.querySelector('#domain-counters tr[data-counter=\"traps\"] td')"
                    + "?.textContent.replace(/,/g, '') || 0) > 0", null, new Page.WaitForFunctionOptions().setTimeout(10_000));

            // The trace, filtered to emulated instructions: a CSR instruction trapped and was emulated.
            page.selectOption("#trace-kind", "emulate");
            page.waitForFunction("() => [...document.querySelectorAll('#trace tr[data-kind=\"emulate\"] td:nth-child(5)')]"
                    + ".some(td => td.textContent.startsWith('csr'))", null, new Page.WaitForFunctionOptions().setTimeout(10_000));
            page.click("button:has-text(\"Pause trace\")");
            page.locator("#trace .trace-state[data-paused=\"true\"]").waitFor(ANSWER);
            assertTrue(page.locator("#trace tr[data-kind]").count() > 0, "the paused trace keeps its events");
            assertEquals(0, page.locator("#trace tr[data-kind]:not([data-kind=\"emulate\"])").count(), "the filter holds");

            page.click("figure.console .xterm");
            page.keyboard().type("echo typed into dom0\n");
            rows.getByText("typed into dom0").nth(1).waitFor(ANSWER);
            viewersBecome(page, 1);
            screenshot(page, "hypervisor.png");
        }
    }
}
