package org.virtlab.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.virtlab.server.accounts.LoginLimiter;
import org.virtlab.server.accounts.Passwords;
import org.virtlab.server.accounts.Role;
import org.virtlab.server.accounts.Sessions;
import org.virtlab.server.accounts.User;
import org.virtlab.server.accounts.UserStore;

/** Sign up, sign in, sign out, who am I, API tokens: JSON under /api and form posts for the pages. */
public final class AccountController {
    private static final int MIN_PASSWORD = 8;
    private static final Logger LOG = LoggerFactory.getLogger(AccountController.class);

    private final UserStore users;
    private final Auth auth;
    private final LoginLimiter limiter;
    private final boolean signUpOpen;

    public AccountController(UserStore users, Auth auth, LoginLimiter limiter, boolean signUpOpen) {
        this.users = users;
        this.auth = auth;
        this.limiter = limiter;
        this.signUpOpen = signUpOpen;
    }

    public boolean signUpOpen() {
        return signUpOpen;
    }

    // ---- JSON API ----

    public void apiSignUp(Context ctx) {
        JsonNode b = Json.object(ctx);
        User u = signUp(Json.text(b, "username"), Json.text(b, "password"));
        Sessions.Session s = auth.signIn(ctx, u);
        ctx.status(201).json(me(u, s));
    }

    public void apiSignIn(Context ctx) {
        JsonNode b = Json.object(ctx);
        User u = signIn(ctx, Json.text(b, "username"), Json.text(b, "password"));
        ctx.json(me(u, auth.signIn(ctx, u)));
    }

    public void apiSignOut(Context ctx) {
        auth.signOut(ctx);
        ctx.status(204);
    }

    public void apiMe(Context ctx) {
        Auth.Principal p = auth.require(ctx);
        ctx.json(me(p.user(), p.session()));
    }

    /** Creates (or replaces) the user's API token; the token is shown once. */
    public void apiNewToken(Context ctx) {
        Auth.Principal p = auth.require(ctx);
        String token = "vlt_" + Sessions.randomToken();
        users.setApiTokenHash(p.user().id(), Auth.tokenHash(token));
        ctx.status(201).json(Map.of("token", token));
    }

    static Map<String, Object> me(User u, Sessions.Session s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", u.id());
        m.put("username", u.username());
        m.put("role", u.role().id());
        if (s != null) m.put("csrf", s.csrf());
        return m;
    }

    // ---- pages (forms) ----

    public void formSignUp(Context ctx) {
        try {
            User u = signUp(ctx.formParam("username"), ctx.formParam("password"));
            auth.signIn(ctx, u);
            Pages.redirect(ctx, "/labs");
        } catch (ApiError e) {
            ctx.status(e.status()).html(Pages.signIn(true, signUpOpen, e.getMessage()));
        }
    }

    public void formSignIn(Context ctx) {
        try {
            User u = signIn(ctx, ctx.formParam("username"), ctx.formParam("password"));
            auth.signIn(ctx, u);
            Pages.redirect(ctx, "/labs");
        } catch (ApiError e) {
            ctx.status(e.status()).html(Pages.signIn(false, signUpOpen, e.getMessage()));
        }
    }

    public void formSignOut(Context ctx) {
        auth.signOut(ctx);
        Pages.redirect(ctx, "/signin");
    }

    // ---- shared ----

    private User signUp(String username, String password) {
        if (username == null || !username.matches("[A-Za-z0-9_.-]{3,32}"))
            throw new ApiError(400, "bad_username", "a user name has 3 to 32 letters, digits, '.', '_' or '-'");
        if (password == null || password.length() < MIN_PASSWORD || password.length() > 200)
            throw new ApiError(400, "bad_password", "a password has " + MIN_PASSWORD + " to 200 characters");
        boolean first = !users.anyUser();
        if (!signUpOpen && !first) throw new ApiError(403, "signup_closed", "sign-up is switched off here; ask an admin for an account");
        User u = users.create(username, Passwords.hash(password), Role.STUDENT)
                .orElseThrow(() -> new ApiError(409, "username_taken", "the name '" + username + "' is taken; pick another"));
        LOG.atInfo().addKeyValue("user", u.id()).log("account {} created ({})", u.username(), u.role().id());
        return u;
    }

    private User signIn(Context ctx, String username, String password) {
        if (username == null || password == null) throw new ApiError(400, "bad_request", "give a username and a password");
        String ipKey = "ip:" + ctx.ip();
        String userKey = "user:" + username;
        long wait = Math.max(limiter.retryAfterSeconds(ipKey), limiter.retryAfterSeconds(userKey));
        if (wait > 0) {
            ctx.header("Retry-After", Long.toString(wait));
            throw new ApiError(429, "too_many_attempts", "too many failed sign-ins; try again in " + wait + " s");
        }
        var creds = users.credentials(username);
        if (creds.isEmpty() || !Passwords.verify(password, creds.get().passwordHash())) {
            limiter.failed(ipKey);
            limiter.failed(userKey);
            LOG.atWarn().addKeyValue("ip", ctx.ip()).log("failed sign-in as {}", username);
            throw new ApiError(401, "bad_credentials", "wrong user name or password");
        }
        limiter.succeeded(userKey);
        return creds.get().user();
    }
}
