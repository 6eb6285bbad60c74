package org.virtlab.server.classroom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.virtlab.server.accounts.Role;
import org.virtlab.server.accounts.User;
import org.virtlab.server.accounts.UserStore;
import org.virtlab.server.db.Database;
import org.virtlab.server.labs.Lab;
import org.virtlab.server.labs.LabService;
import org.virtlab.server.labs.LabStore;
import org.virtlab.server.runner.RunnerPool;
import org.virtlab.server.web.ApiError;

/**
 * Expiry with an injected clock: a classroom past its expiry closes by itself (at the next
 * request or sweep), its members stop seeing the stage, open consoles are told to re-check,
 * and it can no longer be joined. Also the join-code rate limit. No machine runs.
 */
class ClassroomExpiryTest {
    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-01-05T09:00:00Z");

        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    Database db;
    RunnerPool pool;
    ClassroomService classrooms;
    LabService labs;
    MovableClock clock = new MovableClock();
    User teacher;
    User ann;
    User olga;
    final List<String> accessChanges = new ArrayList<>();

    @BeforeEach
    void setUp() {
        db = Database.open("jdbc:h2:mem:expiry" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        UserStore users = new UserStore(db);
        teacher = users.create("teacher", "x", Role.INSTRUCTOR).orElseThrow();
        ann = users.create("ann", "x", Role.STUDENT).orElseThrow();
        olga = users.create("olga", "x", Role.STUDENT).orElseThrow();
        pool = new RunnerPool(1);
        labs = new LabService(new LabStore(db), pool, 3, 2);
        labs.addAccessListener(accessChanges::add);
        classrooms = new ClassroomService(new ClassroomStore(db), labs, clock);
    }

    @AfterEach
    void tearDown() {
        classrooms.close();
        pool.close();
        db.close();
    }

    @Test
    void anExpiredClassroomClosesAndWithdrawsTheStage() {
        Classroom c = classrooms.create(teacher, "one hour", 60L);
        classrooms.join(ann, c.record().joinCode());
        Lab stage = labs.create(teacher, "stage", null);
        classrooms.setStage(teacher, c.id(), stage.record().id());
        assertEquals(stage.record().id(), labs.view(ann, stage.record().id()).record().id(), "a member watches the stage");

        clock.now = clock.now.plus(Duration.ofMinutes(59));
        classrooms.closeExpired();
        assertTrue(c.record().isOpen(clock.instant()));
        clock.now = clock.now.plus(Duration.ofMinutes(1));
        assertThrows(ApiError.class, () -> labs.view(ann, stage.record().id()), "past the expiry, the stage is gone at once");
        classrooms.closeExpired();
        assertFalse(c.record().closedAt() == null, "the sweep closed it");
        assertEquals(List.of(stage.record().id()), accessChanges, "open consoles of the stage re-check");
        ApiError refused = assertThrows(ApiError.class, () -> classrooms.join(olga, c.record().joinCode()));
        assertEquals("classroom_closed", refused.code());
        assertTrue(refused.getMessage().contains("expired"), refused.getMessage());
        assertEquals(c, classrooms.attend(ann, c.id()), "members still see the closed classroom");
    }

    @Test
    void wrongJoinCodesAreRateLimited() {
        for (int i = 0; i < 10; i++) {
            ApiError e = assertThrows(ApiError.class, () -> classrooms.join(olga, "ZZZZZZ"));
            assertEquals("bad_code", e.code());
        }
        Classroom c = classrooms.create(teacher, "room", null);
        assertEquals("too_many_attempts", assertThrows(ApiError.class, () -> classrooms.join(olga, c.record().joinCode())).code());
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        assertEquals(c, classrooms.join(olga, c.record().joinCode()), "a minute later the right code works");
    }
}
