package dev.ststoken.emulator.sso;

import dev.ststoken.totp.Base32;
import dev.ststoken.totp.Totp;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The directory's rules: who may sign in (password and a TOTP code, each code once, five wrong
 * attempts lock the user with one forgiven each fifteen minutes, as the emulator's MFA throttle
 * does), and the admin operations that make users, permission sets and assignments. An assigned
 * permission set becomes a role {@code AWSReservedSSO_<set>_<16 hex>} in the account, trusting the
 * SSO service, with the set's policies.
 */
public final class Directory {
    static final Pattern NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
    static final Pattern SET_NAME = Pattern.compile("[\\w+=,.@-]{1,32}");
    static final int MAX_FAILURES = 5;
    static final Duration FORGIVEN_AFTER = Duration.ofMinutes(15);
    private static final int ITERATIONS = 100_000;
    static final String SSO_PATH = "/aws-reserved/sso.amazonaws.com/";
    /** The SSO service may give out sessions of the role; no one else is trusted. */
    static final String TRUST_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"sso.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    private final SsoStore store;
    private final Accounts accounts;
    private final java.time.Clock clock;
    private final Sealer sealer;

    Directory(SsoStore store, Accounts accounts, java.time.Clock clock, Sealer sealer) {
        this.store = store;
        this.accounts = accounts;
        this.clock = clock;
        this.sealer = sealer;
    }

    SsoStore store() {
        return store;
    }

    /** A new user with a password and a new TOTP device; returns the device's Base32 seed. */
    public String createUser(String name, String password) throws IOException {
        check(NAME.matcher(name).matches(), "a user name is 2 to 64 of letters, digits and +=,.@_-");
        check(password.length() >= 8 && password.length() <= 128, "a password is 8 to 128 characters");
        byte[] seedBytes = new byte[20];
        sealer.random().nextBytes(seedBytes);
        String seed = Base32.encode(seedBytes);
        String salt = sealer.randomToken(16);
        SsoState.User user = new SsoState.User(
                name, "sso-" + HexFormat.of().formatHex(bytes(8)), salt, hash(password, salt), seed, -1, 0, null);
        mutateAdmin(state -> {
            if (state.users().containsKey(name)) {
                throw SsoError.invalidRequest("user " + name + " already exists");
            }
            return SsoStore.Changed.to(state.withUser(user), null);
        });
        return seed;
    }

    /**
     * A permission set with an inline policy (JSON, or null) and managed policy ARNs. Changing an
     * existing set's policies changes its role in the account.
     */
    public void putPermissionSet(String name, String inlinePolicy, List<String> managedArns, int sessionSeconds)
            throws IOException {
        check(SET_NAME.matcher(name).matches(), "a permission set name is 1 to 32 of letters, digits and +=,.@_-");
        check(sessionSeconds >= 3600 && sessionSeconds <= 43200, "a session lasts 3600 to 43200 seconds");
        if (inlinePolicy != null) {
            try {
                dev.ststoken.internal.Json.parseObject(inlinePolicy);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("the inline policy is not a JSON object");
            }
        }
        SsoState.PermissionSet set = mutateAdmin(state -> {
            SsoState.PermissionSet old = state.permissionSets().get(name);
            String roleName = old != null
                    ? old.roleName()
                    : "AWSReservedSSO_" + name + "_" + HexFormat.of().formatHex(bytes(8));
            SsoState.PermissionSet updated =
                    new SsoState.PermissionSet(name, roleName, inlinePolicy, managedArns, sessionSeconds);
            return SsoStore.Changed.to(state.withPermissionSet(updated), updated);
        });
        boolean assigned = store.current().assignments().stream()
                .anyMatch(a -> a.permissionSet().equals(name));
        if (assigned) {
            accounts.putRole(roleOf(set));
        }
    }

    /** Assigns a set to a user in the emulated account; the set's role is made (or brought up to date). */
    public void assign(String userName, String permissionSet) throws IOException {
        SsoState state = store.current();
        check(state.users().containsKey(userName), "no SSO user " + userName);
        SsoState.PermissionSet set = state.permissionSets().get(permissionSet);
        check(set != null, "no permission set " + permissionSet);
        // The role first: an assignment is never visible before the role it names exists.
        accounts.putRole(roleOf(set));
        SsoState.Assignment assignment = new SsoState.Assignment(userName, accounts.accountId(), permissionSet);
        mutateAdmin(s -> SsoStore.Changed.to(s.withAssignment(assignment), null));
    }

    /** The directory as lines: users, permission sets with their roles, assignments; no secret. */
    public List<String> describe() {
        SsoState state = store.current();
        List<String> lines = new java.util.ArrayList<>();
        for (SsoState.User user : state.users().values()) {
            lines.add("user " + user.name() + " " + user.userId());
        }
        for (SsoState.PermissionSet set : state.permissionSets().values()) {
            lines.add("permission-set " + set.name() + " role " + set.roleName()
                    + (set.inlinePolicy() == null ? "" : " inline-policy")
                    + (set.managedPolicyArns().isEmpty() ? "" : " managed " + String.join(",", set.managedPolicyArns()))
                    + " session " + set.sessionSeconds() + "s");
        }
        for (SsoState.Assignment a : state.assignments()) {
            lines.add("assignment " + a.user() + " " + a.accountId() + " " + a.permissionSet());
        }
        return lines;
    }

    Accounts.RoleSpec roleOf(SsoState.PermissionSet set) {
        return roleOf(set, accounts.accountId());
    }

    static Accounts.RoleSpec roleOf(SsoState.PermissionSet set, String accountId) {
        return new Accounts.RoleSpec(
                set.roleName(),
                SSO_PATH,
                "Role made for the permission set " + set.name() + " by the emulator's Identity Center",
                TRUST_POLICY,
                set.inlinePolicy() == null ? Map.of() : Map.of("AwsSSOInlinePolicy", set.inlinePolicy()),
                set.managedPolicyArns(),
                set.sessionSeconds());
    }

    /**
     * The last TOTP step a user's sign-in used (-1 for none or no such user): what a client answering
     * the page for the demo user (sso login --local) needs to pick a code the directory still takes.
     */
    public long lastUsedStep(String name) {
        SsoState.User user = store.current().users().get(name);
        return user == null ? -1 : user.lastUsedStep();
    }

    /** The user, when the password and a fresh TOTP code are right; a wrong one is counted, then refused. */
    SsoState.User signIn(String name, String password, String code) throws SignInRefused, IOException {
        // The slow hash is computed before taking the lock, so one sign-in does not hold up the others;
        // an unknown user costs the same work, so timing does not tell which names exist.
        SsoState.User seen = store.current().users().get(name);
        String salt = seen == null ? "no-such-user" : seen.passwordSalt();
        String candidate = hash(password, salt);
        try {
            return store.mutate(state -> {
                SsoState.User user = state.users().get(name);
                Instant now = clock.instant();
                if (user == null) {
                    throw SsoError.signIn(false);
                }
                if (failures(user, now) >= MAX_FAILURES) {
                    throw SsoError.signIn(true);
                }
                String hashed = user.passwordSalt().equals(salt) ? candidate : hash(password, user.passwordSalt());
                boolean passwordOk = MessageDigest.isEqual(
                        hashed.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                        user.passwordHash().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                long step = code == null || !code.matches("\\d{6}")
                        ? -1
                        : Totp.matchingStep(Base32.decode(user.mfaSeed()), code, now, 1);
                if (!passwordOk || step < 0 || step <= user.lastUsedStep()) {
                    return SsoStore.Changed.refused(
                            state.withUser(user.withFailures(failures(user, now) + 1, now)), SsoError.signIn(false));
                }
                return SsoStore.Changed.to(
                        state.withUser(user.withLastUsedStep(step).withFailures(0, null)), user);
            });
        } catch (SsoError e) {
            throw new SignInRefused(e.status() == 429);
        }
    }

    /** A refused sign-in: one message for every cause, so a guesser does not learn which part was wrong. */
    static final class SignInRefused extends Exception {
        private static final long serialVersionUID = 1L;
        final boolean locked;

        SignInRefused(boolean locked) {
            super(
                    locked ? "Too many failed sign-ins: try again later." : "Wrong user name, password or MFA code.",
                    null,
                    false,
                    false);
            this.locked = locked;
        }
    }

    private static int failures(SsoState.User user, Instant now) {
        if (user.failures() == 0 || user.lastFailure() == null) {
            return 0;
        }
        long forgiven = Math.max(0, Duration.between(user.lastFailure(), now).toSeconds()) / FORGIVEN_AFTER.toSeconds();
        return (int) Math.max(0, user.failures() - forgiven);
    }

    private <T> T mutateAdmin(SsoStore.Change<T> change) throws IOException {
        try {
            return store.mutate(change);
        } catch (SsoError e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        sealer.random().nextBytes(b);
        return b;
    }

    static String hash(String password, String salt) {
        try {
            PBEKeySpec spec = new PBEKeySpec(
                    password.toCharArray(), salt.getBytes(java.nio.charset.StandardCharsets.UTF_8), ITERATIONS, 256);
            byte[] derived = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
            spec.clearPassword();
            return Base64.getEncoder().encodeToString(derived);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2 is not available", e);
        }
    }
}
