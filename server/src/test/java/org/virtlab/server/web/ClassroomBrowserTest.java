package org.virtlab.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small class in three browser windows (Chromium via Playwright, each its own session): the
 * instructor creates a lab and a classroom and puts the lab on the stage; two students join
 * with the code and watch the instructor's {@code echo}; one raises a hand, gets the keyboard
 * and types; the instructor posts a message, records, hands out a snapshot, and each student
 * types into a working private lab; the dashboard shows both labs and the instructor watches
 * one. Skipped without Chromium. Screenshots in {@code server/target/browser-test/classroom-*.png}.
 */
class ClassroomBrowserTest {
    private static final Locator.WaitForOptions BOOT = new Locator.WaitForOptions().setTimeout(60_000);
    private static final Locator.WaitForOptions SOON = new Locator.WaitForOptions().setTimeout(20_000);

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

    /** A new browser window with its own cookies, signed up as {@code name}. */
    static Page window(TestServer server, String name) {
        BrowserContext ctx = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800));
        Page page = ctx.newPage();
        page.onDialog(d -> d.accept());
        Chromium.signUp(page, server.base, name, "correct-horse-" + name);
        return page;
    }

    static Locator rows(Page page, String slot) {
        return page.locator("#" + slot + " .xterm-rows");
    }

    static void type(Page page, String slot, String text) {
        page.click("#" + slot + " .xterm");
        page.keyboard().type(text);
    }

    /** Waits for {@code text} as output (its second appearance: the first is the typed command). */
    static void seesOutput(Page page, String slot, String text) {
        rows(page, slot).getByText(text).nth(1).waitFor(SOON);
    }

    static void shot(Page page, String name) throws Exception {
        Path p = Path.of("target", "browser-test", name);
        Files.createDirectories(p.getParent());
        page.screenshot(new Page.ScreenshotOptions().setPath(p).setFullPage(true));
    }

    @Test
    void aSmallClassInThreeWindows() throws Exception {
        try (TestServer server = new TestServer(data)) {
            // The instructor (the first account is an admin): a lab, a classroom, the lab on the stage.
            Page teacher = window(server, "teacher");
            teacher.navigate(server.base + "/labs");
            teacher.fill("input[name=name]", "demo");
            teacher.click("form[action=\"/labs\"] button[type=submit]");
            teacher.waitForURL(url -> url.matches(".*/labs/[^/]+$"));
            teacher.locator("form[action$=\"/start\"] button").click();
            teacher.click("nav a[href=\"/classrooms\"]");
            teacher.waitForURL(url -> url.endsWith("/classrooms"));
            teacher.fill("form[action=\"/classrooms\"] input[name=name]", "OS 101");
            teacher.click("form[action=\"/classrooms\"] button[type=submit]");
            teacher.waitForURL(url -> url.matches(".*/classrooms/[^/]+$"));
            teacher.locator("#join-code").waitFor(SOON);
            String code = teacher.textContent("#join-code").strip();
            teacher.click("button:has-text(\"Put on stage\")");
            rows(teacher, "stage-slot").getByText("$", new Locator.GetByTextOptions().setExact(false)).first().waitFor(BOOT);

            // Two students join with the code and see the stage.
            Page[] students = {window(server, "ann"), window(server, "ben")};
            for (Page s : students) {
                s.navigate(server.base + "/classrooms");
                s.fill("input[name=code]", code);
                s.click("button:has-text(\"Join\")");
                s.waitForURL(url -> url.matches(".*/classrooms/[^/]+$"));
                rows(s, "stage-slot").getByText("$", new Locator.GetByTextOptions().setExact(false)).first().waitFor(SOON);
            }
            type(teacher, "stage-slot", "echo hello class\n");
            for (Page s : students) seesOutput(s, "stage-slot", "hello class");

            // Ann raises her hand, gets the keyboard and types; everyone sees it and who has the keyboard.
            Page ann = students[0];
            Page ben = students[1];
            ann.click("#raise-hand");
            teacher.locator("#hands button:has-text(\"Give keyboard\")").first().click();
            ann.locator("#stage-slot .console-notice").getByText("You have the keyboard").waitFor(SOON);
            ben.locator("#keyboard-holder").getByText("ann").waitFor(SOON);
            type(ann, "stage-slot", "echo ann was here\n");
            seesOutput(teacher, "stage-slot", "ann was here");
            seesOutput(ben, "stage-slot", "ann was here");
            teacher.click("button:has-text(\"Take the keyboard back\")");
            ben.locator("#keyboard-holder").getByText("teacher").waitFor(SOON);

            // A message, a recording, then the hand-out: each student gets a private, working lab.
            teacher.fill("input[name=text]", "Now try it in your own lab");
            teacher.click("button:has-text(\"Post message\")");
            ben.locator("#class-message").getByText("Now try it in your own lab").waitFor(SOON);
            teacher.click("button:has-text(\"Start recording\")");
            teacher.locator("#recording").waitFor(SOON);
            type(teacher, "stage-slot", "echo on the record\n");
            seesOutput(teacher, "stage-slot", "on the record");
            teacher.click("#handout-button");
            teacher.locator("#handout").waitFor(SOON);
            String[] mine = {"ann in her lab", "ben in his lab"};
            for (int i = 0; i < 2; i++) {
                Page s = students[i];
                rows(s, "mylab-slot").getByText("on the record").first().waitFor(SOON);     // the handed-out screen
                type(s, "mylab-slot", "echo " + mine[i] + "\n");
                seesOutput(s, "mylab-slot", mine[i]);
            }
            assertFalse(rows(ben, "mylab-slot").innerText().contains(mine[0]), "the labs are private");
            assertNotEquals(ann.getAttribute("#mylab-slot [data-console]", "data-console"),
                    ben.getAttribute("#mylab-slot [data-console]", "data-console"));

            // The dashboard: both labs running; watch Ann's read-only.
            teacher.waitForFunction("() => document.querySelectorAll('#dashboard .card .state-running').length === 2", null,
                    new Page.WaitForFunctionOptions().setTimeout(20_000));
            teacher.locator("#dashboard .card[data-user] button:has-text(\"Watch\")").first().click();
            rows(teacher, "watch-slot").getByText("ann in her lab").first().waitFor(SOON);
            teacher.click("button:has-text(\"Stop recording\")");
            teacher.locator(".recordings a:has-text(\"UTC\")").first().waitFor(SOON);
            shot(teacher, "classroom-instructor.png");
            shot(ann, "classroom-ann.png");
            shot(ben, "classroom-ben.png");

            // The recording plays back in the browser.
            ben.locator(".recordings a:has-text(\"UTC\")").first().waitFor(SOON);
            ben.locator(".recordings a:has-text(\"UTC\")").first().click();
            ben.waitForURL(url -> url.contains("/recordings/"));
            ben.locator("#player .ap-wrapper, #player .ap-player").first().waitFor(SOON);
            ben.click("#player");                                                            // play
            ben.locator("#player").getByText("on the record").first().waitFor(SOON);
            shot(ben, "classroom-recording.png");
            assertEquals(1, ben.locator("a:has-text(\"Download\")").count());
        }
    }
}
