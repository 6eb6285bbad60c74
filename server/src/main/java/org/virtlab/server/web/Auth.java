package org.virtlab.server.web;

import io.javalin.http.Context;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.virtlab.server.accounts.Sessions;
import org.virtlab.server.accounts.User;
import org.virtlab.server.accounts.UserStore;

/**
 * Who is asking, and whether the request may change anything.
 *
 * <p>Two ways in: the session cookie ({@value #COOKIE}: HttpOnly, SameSite=Lax, Secure behind
 * TLS) for browsers, and {@code Authorization: Bearer TOKEN} (the user's API token) for
 * scripts. A cookie-authenticated request that changes state (POST, PUT, PATCH, DELETE) must
 * carry the session's CSRF token in {@value #CSRF_HEADER} or the form field {@value #CSRF_FIELD};
 * a bearer request needs none (a browser never adds it on its own). Every state-changing
 * request and every WebSocket upgrade with an {@code Origin} must come from this server's own
 * origin (or a configured one).
 */
public final class Auth {
    public static final String COOKIE = "vl_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    public static final String CSRF_FIELD = "_csrf";
    private static final String ATTRIBUTE = "virtlab.principal";

    /** The acting user; {@code session} is null for API-token requests. */
    public record Principal(User user, Sessions.Session session) { }

    private final UserStore users;
    private final Sessions sessions;
    private final boolean secureCookies;
    private final List<String> allowedOrigins;

    public Auth(UserStore users, Sessions sessions, boolean secureCookies, List<String> allowedOrigins) {
        this.users = users;
        this.sessions = sessions;
        this.secureCookies = secureCookies;
        this.allowedOrigins = allowedOrigins;
    }

    /** The before-handler of every request: origin and CSRF checks, then remembers the principal. */
    public void before(Context ctx) {
        boolean changes = switch (ctx.method().name()) {
            case "POST", "PUT", "PATCH", "DELETE" -> true;
            default -> false;
        };
        if (changes) checkOrigin(ctx);
        Optional<Principal> p = resolve(ctx);
        p.ifPresent(principal -> ctx.attribute(ATTRIBUTE, principal));
        if (changes && p.isPresent() && p.get().session() != null && !isSignInPath(ctx.path())) {
            String sent = ctx.header(CSRF_HEADER);
            if (sent == null && isForm(ctx)) sent = ctx.formParam(CSRF_FIELD);
            if (sent == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                    p.get().session().csrf().getBytes(StandardCharsets.UTF_8)))
                throw new ApiError(403, "bad_csrf", "missing or wrong CSRF token; reload the page (API: send "
                        + CSRF_HEADER + " from sign-in, or use an API token)");
        }
    }

    private static boolean isSignInPath(String path) {
        return path.equals("/signin") || path.equals("/signup") || path.equals("/api/signin") || path.equals("/api/signup");
    }

    private static boolean isForm(Context ctx) {
        String type = ctx.contentType();
        return type != null && (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data"));
    }

    /** Refuses a request whose Origin is another site's. No Origin (curl, scripts) is fine. */
    public void checkOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null || allowedOrigins.contains(origin)) return;
        String authority;
        try {
            authority = URI.create(origin).getRawAuthority();
        } catch (IllegalArgumentException e) {
            authority = null;
        }
        String host = ctx.header("Host");
        if (authority == null || host == null || !authority.equalsIgnoreCase(host))
            throw new ApiError(403, "bad_origin", "requests from " + origin + " are not accepted here");
    }

    public Optional<Principal> resolve(Context ctx) {
        Principal known = ctx.attribute(ATTRIBUTE);
        if (known != null) return Optional.of(known);
        String authorization = ctx.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = authorization.substring(7).strip();
            User u = users.byApiTokenHash(tokenHash(token))
                    .orElseThrow(() -> new ApiError(401, "bad_token", "that API token is not valid; create a new one"));
            return Optional.of(new Principal(u, null));
        }
        return sessions.find(ctx.cookie(COOKIE))
                .flatMap(s -> users.byId(s.userId()).map(u -> new Principal(u, s)));
    }

    /** The principal, or 401. */
    public Principal require(Context ctx) {
        return resolve(ctx).orElseThrow(() -> new ApiError(401, "not_signed_in", "sign in first (or send an API token)"));
    }

    public Sessions.Session signIn(Context ctx, User user) {
        Sessions.Session s = sessions.create(user.id());
        ctx.header("Set-Cookie", COOKIE + "=" + s.id() + "; Path=/; HttpOnly; SameSite=Lax" + (secure(ctx) ? "; Secure" : ""));
        return s;
    }

    public void signOut(Context ctx) {
        sessions.remove(ctx.cookie(COOKIE));
        ctx.header("Set-Cookie", COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" + (secure(ctx) ? "; Secure" : ""));
    }

    private boolean secure(Context ctx) {
        return secureCookies || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto")) || "https".equals(ctx.scheme());
    }

    /** API tokens are stored as SHA-256 (they are random, so no salt or slow hash is needed). */
    public static String tokenHash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
