package org.virtlab.server.web;

import static org.virtlab.server.web.Pages.esc;

import io.javalin.http.Context;
import org.virtlab.server.accounts.Quotas;
import org.virtlab.server.accounts.Role;
import org.virtlab.server.accounts.User;
import org.virtlab.server.accounts.UserStore;
import org.virtlab.server.labs.LabService;

/**
 * The admin page {@code /admin/users}: every account with its labs, role and quotas, one form per
 * row to change them ({@code POST /admin/users/{id}}, with the CSRF token). An empty quota field
 * means the server's default, shown as the placeholder. Admins only; the rules are
 * {@link UserController#store}'s.
 */
public final class AdminPages {
    private final UserController users;
    private final LabService labs;
    private final Auth auth;

    public AdminPages(UserController users, LabService labs, Auth auth) {
        this.users = users;
        this.labs = labs;
        this.auth = auth;
    }

    public void page(Context ctx) {
        render(ctx, null, 200);
    }

    public void formUpdate(Context ctx) {
        if (auth.resolve(ctx).isEmpty()) {
            Pages.redirect(ctx, "/signin");
            return;
        }
        User admin = users.requireAdmin(ctx);
        User u = users.find(ctx.pathParam("id")).user();
        try {
            User changed = new User(u.id(), u.username(), UserController.role(ctx.formParam("role")),
                    number(ctx, "labs"), number(ctx, "memoryMiB"), number(ctx, "cpuShare"));
            users.store(admin, changed);
        } catch (ApiError e) {
            render(ctx, e.getMessage(), e.status());
            return;
        }
        Pages.redirect(ctx, "/admin/users");
    }

    private void render(Context ctx, String error, int status) {
        var p = auth.resolve(ctx);
        if (p.isEmpty()) {
            Pages.redirect(ctx, "/signin");
            return;
        }
        User admin = users.requireAdmin(ctx);
        String csrf = p.get().session() == null ? "" : p.get().session().csrf();
        Quotas d = labs.defaultQuotas();
        StringBuilder rows = new StringBuilder();
        for (UserStore.Listed l : users.all()) {
            User u = l.user();
            String form = "user-" + u.id();
            LabService.LabCounts counts = labs.labCounts(u);
            StringBuilder roles = new StringBuilder();
            for (Role r : Role.values())
                roles.append("<option value=\"").append(r.id()).append('"').append(r == u.role() ? " selected" : "")
                        .append('>').append(r.id()).append("</option>");
            rows.append("<tr data-user=\"").append(esc(u.username())).append("\"><th scope=\"row\">").append(esc(u.username()))
                    .append("</th><td>").append(counts.owned()).append(" (").append(counts.running()).append(" running)</td>")
                    .append("<td><select name=\"role\" form=\"").append(form).append("\" aria-label=\"Role of ")
                    .append(esc(u.username())).append("\">").append(roles).append("</select></td>")
                    .append(input(form, "labs", u.labQuota(), d.labs(), 0, Quotas.MAX_LABS, u))
                    .append(input(form, "memoryMiB", u.memoryQuotaMiB(), d.memoryMiB(), 1, Quotas.MAX_MEMORY_MIB, u))
                    .append(input(form, "cpuShare", u.cpuShare(), d.cpuShare(), 1, Quotas.MAX_CPU_SHARE, u))
                    .append("<td><form id=\"").append(form).append("\" method=\"post\" action=\"/admin/users/").append(u.id())
                    .append("\" class=\"inline\"><input type=\"hidden\" name=\"_csrf\" value=\"").append(esc(csrf))
                    .append("\"><button type=\"submit\">Save</button></form></td></tr>\n");
        }
        ctx.status(status).html(Pages.layout("Users", admin, csrf, """
                <h1>Users</h1>
                %s
                <p class="muted">An empty quota means the server's default (shown greyed): %d labs, %d MiB of memory per
                lab, CPU share %d. A user with CPU share 2 gets about twice the runner time of a user with share 1
                when both have busy labs. A lab whose preset needs more memory than the quota is refused.</p>
                <table class="users"><thead><tr><th scope="col">User</th><th scope="col">Labs</th><th scope="col">Role</th>
                <th scope="col">Lab quota</th><th scope="col">Memory per lab (MiB)</th><th scope="col">CPU share</th><th scope="col"></th></tr></thead>
                <tbody>%s</tbody></table>
                """.formatted(error == null ? "" : "<p class=\"error\" role=\"alert\">" + esc(error) + "</p>",
                d.labs(), d.memoryMiB(), d.cpuShare(), rows)));
    }

    private static String input(String form, String name, Integer value, int placeholder, int min, int max, User u) {
        return "<td><input type=\"number\" name=\"" + name + "\" form=\"" + form + "\" min=\"" + min + "\" max=\"" + max
                + "\" value=\"" + (value == null ? "" : value) + "\" placeholder=\"" + placeholder + "\" aria-label=\""
                + name + " of " + esc(u.username()) + "\"></td>";
    }

    /** A quota form field: empty is the default (null); anything but a whole number is 400 {@code bad_quota}. */
    private static Integer number(Context ctx, String field) {
        String s = ctx.formParam(field);
        if (s == null || s.isBlank()) return null;
        try {
            return Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            throw new ApiError(400, "bad_quota", field + " must be a whole number, or empty for the default");
        }
    }
}
