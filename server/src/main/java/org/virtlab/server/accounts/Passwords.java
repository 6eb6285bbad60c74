package org.virtlab.server.accounts;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/**
 * Argon2id password hashing (RFC 9106) through Password4j. The parameters are RFC 9106's
 * second recommended option scaled down for a lab server: 19 MiB, 2 passes, 1 lane (OWASP's
 * minimum for Argon2id). The hash string carries its parameters, so raising them later keeps
 * old hashes verifiable.
 */
public final class Passwords {
    private static final Argon2Function ARGON2ID = Argon2Function.getInstance(19 * 1024, 2, 1, 32, Argon2.ID);

    private Passwords() { }

    public static String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2ID).getResult();
    }

    public static boolean verify(String password, String hash) {
        try {
            return Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
        } catch (RuntimeException e) {
            return false;                      // a damaged hash never lets anyone in
        }
    }
}
