package org.virtlab.server.web;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium (installed by .ci/run) driven by Playwright for Java, which never downloads
 * a browser: what every browser test starts from. Without Chromium the calling test class is
 * skipped, never passed.
 */
final class Chromium implements AutoCloseable {
    private static final Path EXECUTABLE = Path.of("/usr/bin/chromium");

    private final Playwright playwright;
    final Browser browser;

    private Chromium(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    /** Starts a headless Chromium; skips the test (JUnit assumption) when it is not installed. */
    static Chromium launch() {
        assumeTrue(Files.isExecutable(EXECUTABLE), "Chromium is not installed (apt-get install chromium)");
        Playwright playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(EXECUTABLE)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run")));
        return new Chromium(playwright, browser);
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }

    /** Signs up as {@code name} with {@code password} through the sign-up form, as a person would. */
    static void signUp(Page page, String base, String name, String password) {
        page.navigate(base + "/signup");
        page.fill("input[name=username]", name);
        page.fill("input[name=password]", password);
        page.click("button[type=submit]");
        page.waitForURL(url -> !url.contains("/signup"));
    }
}
