package org.virtlab.server.labs;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Who may type into a lab's consoles. Normally the lab's owner; the owner's keyboard can be
 * <em>lent</em> to one other user — a student the instructor hands the stage's keyboard to, or
 * the instructor who takes a student's keyboard to help — and given back. Exactly one user types
 * at a time: while the keyboard is lent, not even the owner's keystrokes reach the machine.
 *
 * <p>The console sockets listen for changes ({@link #onChange}) to tell every viewer who has the
 * keyboard. Thread-safe: the holder is one volatile reference, replaced whole.
 */
public final class Keyboard {
    /**
     * A user the keyboard is lent to.
     *
     * @param userId   who types
     * @param username their name, for the viewers' notice
     * @param why      what the viewers are told, e.g. "given the stage's keyboard by the instructor"
     */
    public record Holder(long userId, String username, String why) { }

    private final long ownerId;
    private volatile Holder lent;                                   // null: the owner types
    private final List<Consumer<Keyboard>> listeners = new CopyOnWriteArrayList<>();

    Keyboard(long ownerId) {
        this.ownerId = ownerId;
    }

    /** Whether this user's keystrokes reach the machine now. */
    public boolean mayType(long userId) {
        Holder h = lent;
        return h == null ? userId == ownerId : h.userId() == userId;
    }

    /** The user it is lent to, or null while the owner has it. */
    public Holder lentTo() {
        return lent;
    }

    /** The user who types now. */
    public long holderId() {
        Holder h = lent;
        return h == null ? ownerId : h.userId();
    }

    /** Lends the keyboard (lending it to the owner gives it back). */
    public void lend(Holder to) {
        lent = to.userId() == ownerId ? null : to;
        changed();
    }

    /** The owner types again; nothing happens when the owner already has it. */
    public void giveBack() {
        if (lent == null) return;
        lent = null;
        changed();
    }

    /** Calls {@code listener} after every change; returns what unsubscribes it. */
    public Runnable onChange(Consumer<Keyboard> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void changed() {
        for (Consumer<Keyboard> l : listeners) l.accept(this);
    }
}
