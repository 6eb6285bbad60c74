package org.virtlab.server.web;

import io.javalin.http.Context;
import java.util.Arrays;
import java.util.Map;
import org.virtlab.server.accounts.Role;
import org.virtlab.server.accounts.User;
import org.virtlab.server.accounts.UserStore;

/**
 * {@code PUT /api/users/{username}/role}: an admin makes a user an instructor (who may then
 * create classrooms), a student or an admin. The smallest piece of user administration a class
 * needs; the admin page of docs/server.md's "Missing" list is still to come.
 */
public final class RoleController {
    private final UserStore users;
    private final Auth auth;

    public RoleController(UserStore users, Auth auth) {
        this.users = users;
        this.auth = auth;
    }

    public void setRole(Context ctx) {
        User admin = auth.require(ctx).user();
        if (admin.role() != Role.ADMIN) throw new ApiError(403, "not_admin", "only admins change roles");
        String wanted = Json.text(Json.object(ctx), "role");
        Role role = Arrays.stream(Role.values()).filter(r -> r.id().equals(wanted)).findFirst()
                .orElseThrow(() -> new ApiError(400, "bad_role", "role must be one of admin, instructor, student"));
        User u = users.byName(ctx.pathParam("username"))
                .orElseThrow(() -> new ApiError(404, "user_not_found", "no user '" + ctx.pathParam("username") + "'"));
        if (u.id() == admin.id() && role != Role.ADMIN)
            throw new ApiError(409, "last_admin", "you cannot take away your own admin role; ask another admin");
        users.setRole(u.id(), role);
        ctx.json(Map.of("id", u.id(), "username", u.username(), "role", role.id()));
    }
}
