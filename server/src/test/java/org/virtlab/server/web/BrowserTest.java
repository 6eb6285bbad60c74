package org.virtlab.server.web;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A newcomer in a real browser: signs up, creates a lab, starts it, types into the xterm.js
 * console and sees the guest answer. Debian's Chromium (installed by .ci/run) is driven by
 * Playwright for Java, which never downloads a browser; without Chromium the test is skipped.
 * The final page is kept as {@code server/target/browser-test/lab.png}.
 */
class BrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path data;

    @Test
    void signUpCreateALabAndUseItsConsole() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed (apt-get install chromium)");
        try (TestServer server = new TestServer(data);
             Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                     .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
             Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                     .setExecutablePath(CHROMIUM)
                     .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                             "--disable-component-update", "--disable-sync", "--no-first-run")))) {
            Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1280, 800));
            page.navigate(server.base + "/signup");
            page.fill("input[name=username]", "newcomer");
            page.fill("input[name=password]", "correct-horse-battery");
            page.click("button[type=submit]");
            page.waitForURL(url -> !url.contains("/signup"));

            page.navigate(server.base + "/labs");
            page.fill("input[name=name]", "first lab");
            page.click("form[action=\"/labs\"] button[type=submit]");
            page.waitForURL(url -> url.matches(".*/labs/[^/]+$"));
            Locator start = page.locator("form[action$=\"/start\"] button");
            if (start.count() > 0) start.click();

            Locator rows = page.locator(".xterm-rows");
            rows.getByText("$", new Locator.GetByTextOptions().setExact(false)).first()
                    .waitFor(new Locator.WaitForOptions().setTimeout(60_000));
            page.click(".xterm");
            page.keyboard().type("echo hi from the browser\n");
            page.locator(".xterm-rows").getByText("hi from the browser").nth(1)
                    .waitFor(new Locator.WaitForOptions().setTimeout(30_000));

            Path shot = Path.of("target", "browser-test", "lab.png");
            Files.createDirectories(shot.getParent());
            page.screenshot(new Page.ScreenshotOptions().setPath(shot));
            String console = rows.innerText();
            assertTrue(console.contains("virtlab-os: booting"), "the console shows the boot:\n" + console);
            assertTrue(console.lines().anyMatch(l -> l.strip().equals("hi from the browser")),
                    "the guest echoed the typed line:\n" + console);
        }
    }
}
