package org.virtlab.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.virtlab.server.accounts.Quotas;
import org.virtlab.server.accounts.Role;
import org.virtlab.server.accounts.User;
import org.virtlab.server.accounts.UserStore;
import org.virtlab.server.labs.LabService;

/**
 * Accounts as an admin sees them (docs/api.md, "Users"): {@code GET /api/users},
 * {@code GET /api/users/{id}}, {@code PATCH /api/users/{id}} to set a role and quota overrides.
 * Admins only (403 {@code not_admin}); cookie requests need the CSRF token like every change.
 * {@link #store} is shared with the admin page ({@link AdminPages}).
 */
public final class UserController {
    private static final Logger LOG = LoggerFactory.getLogger(UserController.class);
    private static final Set<String> FIELDS = Set.of("role", "quotas");
    private static final Set<String> QUOTA_FIELDS = Set.of("labs", "memoryMiB", "cpuShare");

    private final UserStore users;
    private final LabService labs;
    private final Auth auth;

    public UserController(UserStore users, LabService labs, Auth auth) {
        this.users = users;
        this.labs = labs;
        this.auth = auth;
    }

    public void list(Context ctx) {
        requireAdmin(ctx);
        ctx.json(users.list().stream().map(l -> json(l.user(), l.createdAt())).toList());
    }

    public void get(Context ctx) {
        requireAdmin(ctx);
        UserStore.Listed l = find(ctx.pathParam("id"));
        ctx.json(json(l.user(), l.createdAt()));
    }

    /**
     * {@code {"role": "instructor", "quotas": {"labs": 5, "memoryMiB": null, "cpuShare": 2}}}: every
     * field optional; a quota set to null goes back to the server's default.
     */
    public void update(Context ctx) {
        User admin = requireAdmin(ctx);
        UserStore.Listed l = find(ctx.pathParam("id"));
        User u = l.user();
        JsonNode b = Json.object(ctx);
        refuseUnknown(b, FIELDS, "");
        Role role = u.role();
        if (b.has("role")) role = role(b.get("role").isTextual() ? b.get("role").asText() : null);
        JsonNode q = b.get("quotas");
        if (q != null && !q.isObject()) throw new ApiError(400, "bad_json", "quotas must be an object, e.g. {\"cpuShare\": 2}");
        if (q != null) refuseUnknown(q, QUOTA_FIELDS, "quotas.");
        User changed = new User(u.id(), u.username(), role, quota(q, "labs", u.labQuota()),
                quota(q, "memoryMiB", u.memoryQuotaMiB()), quota(q, "cpuShare", u.cpuShare()));
        ctx.json(json(store(admin, changed), l.createdAt()));
    }

    /**
     * Stores a user's role and quota overrides after checking them (400 {@code bad_quota}; 409
     * {@code last_admin} when no admin would be left) and hands the new CPU share to the runner pool.
     */
    User store(User admin, User changed) {
        check("labs", changed.labQuota(), 0, Quotas.MAX_LABS);
        check("memoryMiB", changed.memoryQuotaMiB(), 1, Quotas.MAX_MEMORY_MIB);
        check("cpuShare", changed.cpuShare(), 1, Quotas.MAX_CPU_SHARE);
        if (!users.update(changed))
            throw new ApiError(409, "last_admin", changed.username() + " is the last admin; make someone else admin first");
        labs.applyCpuShare(changed);
        LOG.atInfo().addKeyValue("user", admin.id()).addKeyValue("target", changed.id())
                .log("account {} changed: role {}, quotas {}", changed.username(), changed.role().id(), labs.quotas(changed));
        return changed;
    }

    /** The signed-in admin; 401 without a session or token, 403 {@code not_admin} for anyone else. */
    User requireAdmin(Context ctx) {
        User u = auth.require(ctx).user();
        if (u.role() != Role.ADMIN) throw new ApiError(403, "not_admin", "only an admin can see and change accounts");
        return u;
    }

    UserStore.Listed find(String idParam) {
        long id;
        try {
            id = Long.parseLong(idParam);
        } catch (NumberFormatException e) {
            id = -1;
        }
        long wanted = id;
        // An id, or (for scripts and the classroom docs) a user name.
        return users.list().stream().filter(l -> l.user().id() == wanted || l.user().username().equals(idParam)).findFirst()
                .orElseThrow(() -> new ApiError(404, "user_not_found", "no user with id or name '" + idParam + "'"));
    }

    List<UserStore.Listed> all() {
        return users.list();
    }

    static Role role(String id) {
        for (Role r : Role.values()) if (r.id().equals(id)) return r;
        throw new ApiError(400, "bad_role", "a role is admin, instructor or student");
    }

    Map<String, Object> json(User u, Instant createdAt) {
        Quotas q = labs.quotas(u);
        LabService.LabCounts counts = labs.labCounts(u);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", u.id());
        m.put("username", u.username());
        m.put("role", u.role().id());
        m.put("createdAt", createdAt.toString());
        m.put("labs", counts.owned());
        m.put("runningLabs", counts.running());
        m.put("quotas", quotas(q.labs(), q.memoryMiB(), q.cpuShare()));
        m.put("custom", quotas(u.labQuota(), u.memoryQuotaMiB(), u.cpuShare()));
        return m;
    }

    private static Map<String, Object> quotas(Integer labs, Integer memoryMiB, Integer cpuShare) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("labs", labs);
        m.put("memoryMiB", memoryMiB);
        m.put("cpuShare", cpuShare);
        return m;
    }

    /** A quota field of a PATCH: absent keeps {@code current}, null is the default, else a whole number. */
    private static Integer quota(JsonNode q, String field, Integer current) {
        if (q == null || !q.has(field)) return current;
        JsonNode v = q.get(field);
        if (v.isNull()) return null;
        if (!v.canConvertToInt() || !v.isIntegralNumber())
            throw new ApiError(400, "bad_quota", "quotas." + field + " must be a whole number or null (the default)");
        return v.asInt();
    }

    private static void check(String field, Integer value, int min, int max) {
        if (value != null && (value < min || value > max))
            throw new ApiError(400, "bad_quota", "quotas." + field + " must be from " + min + " to " + max + " (or null for the default)");
    }

    private static void refuseUnknown(JsonNode n, Set<String> known, String prefix) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f))
                throw new ApiError(400, "bad_field", "unknown field '" + prefix + f + "'; known: " + String.join(", ", known.stream().sorted().toList()));
        }
    }
}
