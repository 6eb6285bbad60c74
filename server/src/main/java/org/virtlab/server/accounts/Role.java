package org.virtlab.server.accounts;

/** What an account may do. The first account is {@link #ADMIN}; everyone else starts as {@link #STUDENT}. */
public enum Role {
    ADMIN, INSTRUCTOR, STUDENT;

    /** Lower-case name, as in the database and the JSON API. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Role of(String id) {
        return valueOf(id.toUpperCase(java.util.Locale.ROOT));
    }

    /** Admins and instructors may watch (never type into) other users' consoles. */
    public boolean canWatchOthers() {
        return this != STUDENT;
    }
}
