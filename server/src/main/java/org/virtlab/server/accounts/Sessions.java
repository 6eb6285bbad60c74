package org.virtlab.server.accounts;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed-in browsers: a random session id (the cookie) maps to the user and the session's CSRF
 * token. Kept in memory: a restart signs everyone out (labs are stopped by a restart anyway).
 */
public final class Sessions {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration LIFETIME = Duration.ofHours(12);

    /** @param csrf the token every state-changing request of this session must carry */
    public record Session(String id, long userId, String csrf, long expiresAtMillis) { }

    private final Map<String, Session> byId = new ConcurrentHashMap<>();

    public Session create(long userId) {
        Session s = new Session(randomToken(), userId, randomToken(), System.currentTimeMillis() + LIFETIME.toMillis());
        byId.put(s.id(), s);
        return s;
    }

    public Optional<Session> find(String id) {
        if (id == null) return Optional.empty();
        Session s = byId.get(id);
        if (s == null) return Optional.empty();
        if (s.expiresAtMillis() < System.currentTimeMillis()) {
            byId.remove(id);
            return Optional.empty();
        }
        return Optional.of(s);
    }

    public void remove(String id) {
        if (id != null) byId.remove(id);
    }

    /** 32 random bytes, URL-safe Base64. */
    public static String randomToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
