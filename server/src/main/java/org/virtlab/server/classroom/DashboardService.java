package org.virtlab.server.classroom;

import java.util.ArrayList;
import java.util.List;
import org.virtlab.server.accounts.User;
import org.virtlab.server.labs.Keyboard;
import org.virtlab.server.labs.Lab;
import org.virtlab.server.labs.LabService;
import org.virtlab.server.web.ApiError;

/**
 * The instructor's dashboard: one card per member with their hand-out lab's state, counters and
 * last console lines; from it the instructor watches a member's console (read-only) or takes
 * its keyboard to help — the member's console then says who is typing — and gives it back.
 * Only the classroom's instructor sees it, and only for labs of that classroom's members.
 */
public final class DashboardService implements ClassroomListener {
    /** Console lines on a card. */
    static final int LINES = 6;

    private final ClassroomService classrooms;
    private final LabService labs;

    public DashboardService(ClassroomService classrooms, LabService labs) {
        this.classrooms = classrooms;
        this.labs = labs;
        classrooms.addListener(this);
    }

    /**
     * One member's card.
     *
     * @param lab       the member's hand-out lab, or null
     * @param lastLines its console's last lines (empty without a lab)
     * @param helping   whether the instructor holds that lab's keyboard
     * @param hasStage  whether the member holds the stage's keyboard
     */
    public record Card(Member member, boolean handRaised, boolean hasStage, Lab lab, List<String> lastLines, boolean helping) { }

    public List<Card> cards(User user, String id) {
        Classroom c = classrooms.teach(user, id);
        List<Long> hands = c.hands();
        Lab stage = c.stageLabId() == null ? null : labs.find(c.stageLabId()).orElse(null);
        List<Card> cards = new ArrayList<>();
        for (Member m : c.members()) {
            Lab lab = m.labId() == null ? null : labs.find(m.labId()).filter(l -> l.record().ownerId() == m.userId()).orElse(null);
            List<String> lines = lab == null ? List.of() : ScreenTail.lastLines(lab.console().scrollback(), LINES);
            boolean helping = lab != null && lab.keyboard().holderId() == user.id();
            boolean hasStage = stage != null && stage.keyboard().holderId() == m.userId();
            cards.add(new Card(m, hands.contains(m.userId()), hasStage, lab, lines, helping));
        }
        return cards;
    }

    /** The instructor takes the keyboard of a member's hand-out lab; the member's console says so. */
    public Lab help(User user, String id, String labId) {
        Classroom c = classrooms.teachOpen(user, id);
        Lab lab = memberLab(c, labId);
        lab.keyboard().lend(new Keyboard.Holder(user.id(), user.username(), "your instructor is helping you"));
        return lab;
    }

    /** Gives a member's keyboard back. */
    public Lab stopHelping(User user, String id, String labId) {
        Classroom c = classrooms.teach(user, id);
        Lab lab = memberLab(c, labId);
        if (lab.keyboard().holderId() == user.id()) lab.keyboard().giveBack();
        return lab;
    }

    private Lab memberLab(Classroom c, String labId) {
        Member m = labId == null ? null : c.memberWithLab(labId);
        Lab lab = m == null ? null : labs.find(labId).filter(l -> l.record().ownerId() == m.userId()).orElse(null);
        if (lab == null) throw new ApiError(404, "lab_not_in_classroom", "lab '" + labId + "' is not a hand-out lab of this classroom's members");
        return lab;
    }

    @Override
    public void memberLeft(Classroom c, Member m) {
        giveBack(c, m);
    }

    @Override
    public void closed(Classroom c) {
        for (Member m : c.members()) giveBack(c, m);
    }

    private void giveBack(Classroom c, Member m) {
        if (m.labId() == null) return;
        labs.find(m.labId()).ifPresent(l -> {
            if (l.keyboard().holderId() == c.record().ownerId()) l.keyboard().giveBack();
        });
    }
}
