package dev.ststoken.emulator.sts;

import dev.ststoken.emulator.policy.Policy;
import dev.ststoken.emulator.policy.Trust;
import dev.ststoken.emulator.request.AwsError;
import dev.ststoken.emulator.request.AwsErrorCode;
import dev.ststoken.emulator.request.Caller;
import dev.ststoken.emulator.request.Constraints;
import dev.ststoken.emulator.request.XmlResponse;
import dev.ststoken.emulator.state.Account;
import dev.ststoken.emulator.state.Arns;
import dev.ststoken.emulator.state.Ids;
import dev.ststoken.emulator.state.MfaDevice;
import dev.ststoken.emulator.state.MfaThrottle;
import dev.ststoken.emulator.state.Role;
import dev.ststoken.emulator.state.StateStore;
import dev.ststoken.emulator.state.User;
import dev.ststoken.sts.CallerIdentity;
import dev.ststoken.totp.Base32;
import dev.ststoken.totp.Totp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** STS's actions with AWS's rules for durations, MFA codes and who may call what. */
public final class StsActions {
    public static final String VERSION = "2011-06-15";
    public static final java.util.Set<String> ACTIONS =
            java.util.Set.of("GetSessionToken", "GetCallerIdentity", "AssumeRole", WebIdentityActions.ACTION);
    public static final Pattern SERIAL = Pattern.compile("[\\w+=/:,.@-]*");
    static final Pattern TOKEN_CODE = Pattern.compile("[\\d]*");
    static final Pattern ROLE_SESSION_NAME = Pattern.compile("[\\w+=,.@-]*");
    /** STS's model pattern for ARNs, as AWS reports it (its last range is not what it seems to be). */
    static final Pattern ARN = Pattern.compile(
            "[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+");

    /** STS's model pattern for a session policy's text. */
    static final Pattern POLICY = Pattern.compile("[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+");
    /** The characters of session policies the emulator fits in a session (see {@link #packedPercent}). */
    static final int PACKED_SPACE = 2048;

    static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:\\/-]*");
    /** What AssumeRole takes for a role's ARN; anything else that passes the model is "... is invalid". */
    static final Pattern ROLE_ARN = Pattern.compile("arn:aws:iam::\\d{12}:role/[\\w+=,.@/-]+");

    static final String INVALID_CODE = "MultiFactorAuthentication failed with invalid MFA one time pass code.";
    static final String NOT_ASSOCIATED = "MultiFactorAuthentication failed, unable to validate MFA code.  "
            + "Please verify your MFA serial number is valid and associated with this user.";

    private final StateStore store;
    private final SessionTokens tokens;
    private final Ids ids;
    private final Clock clock;
    private final int totpWindow;

    public StsActions(StateStore store, SessionTokens tokens, Ids ids, Clock clock, int totpWindow) {
        this.store = store;
        this.tokens = tokens;
        this.ids = ids;
        this.clock = clock;
        this.totpWindow = totpWindow;
    }

    public String handle(String action, Map<String, String> params, Caller caller, Account account, String requestId)
            throws AwsError {
        String version = params.get("Version");
        if (!VERSION.equals(version)) {
            throw invalidAction(action, version);
        }
        switch (action) {
            case "GetSessionToken":
                return XmlResponse.success(XmlResponse.STS_NS, action, getSessionToken(params, caller), requestId);
            case "GetCallerIdentity":
                return XmlResponse.success(XmlResponse.STS_NS, action, getCallerIdentity(caller, account), requestId);
            case "AssumeRole":
                return XmlResponse.success(XmlResponse.STS_NS, action, assumeRole(params, caller, account), requestId);
            default:
                throw invalidAction(action, version);
        }
    }

    /** AWS's answer for an action its service does not have in the requested version, or no version. */
    public static AwsError invalidAction(String action, String version) {
        return AwsErrorCode.INVALID_ACTION.error("Could not find operation " + action + " for version "
                + (version == null ? "NO_VERSION_SPECIFIED" : version));
    }

    private String getSessionToken(Map<String, String> params, Caller caller) throws AwsError {
        if (caller.session()) {
            throw AwsError.accessDenied("Cannot call GetSessionToken with session credentials");
        }
        Constraints constraints = new Constraints();
        Integer duration = constraints.integer("durationSeconds", params.get("DurationSeconds"), 900, 129600);
        String serial = params.get("SerialNumber");
        String code = params.get("TokenCode");
        constraints.string("serialNumber", serial, 9, 256, SERIAL);
        constraints.string("tokenCode", code, 6, 6, TOKEN_CODE);
        constraints.check();

        int seconds;
        if (caller.isRoot()) {
            // Root sessions last at most an hour; AWS shortens longer requests instead of failing them.
            seconds = duration == null ? 3600 : Math.min(duration, 3600);
        } else {
            seconds = duration == null ? 43200 : duration;
        }
        boolean mfa = verifyMfa(caller, serial, code);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        SessionTokens.Session session =
                SessionTokens.Session.ofCaller(ids.id("ASIA"), caller, mfa, now, now.plusSeconds(seconds));
        return credentialsXml(session);
    }

    /**
     * Returns whether MFA was presented and valid; throws AccessDenied for a wrong, foreign or reused
     * code, and Throttling once the user has tried too many wrong ones (see {@link MfaThrottle}).
     * A wrong code is recorded before it is refused, so the count holds across processes and restarts.
     */
    boolean verifyMfa(Caller caller, String serial, String code) throws AwsError {
        if (serial == null && code == null) {
            return false;
        }
        if (serial == null || code == null) {
            throw AwsError.accessDenied("MultiFactorAuthentication failed, must provide both MFA serial number and "
                    + "one time pass code.");
        }
        // A locked user's flood is refused from the published snapshot, without taking the lock.
        User user = caller.isUser() ? store.current().users().get(caller.principal()) : null;
        if (user != null && MfaThrottle.locked(user, clock.instant())) {
            throw MfaThrottle.throttling();
        }
        try {
            return store.mutate(account -> checkCode(account, caller, serial, code));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private StateStore.Changed<Boolean> checkCode(Account account, Caller caller, String serial, String code)
            throws AwsError {
        MfaDevice device = account.mfaDevices().get(serial);
        User user = caller.isUser() ? account.users().get(caller.principal()) : null;
        if (device == null
                || !device.enabled()
                || user == null
                || !user.name().equals(device.user())
                || !user.userId().equals(caller.principalId())) {
            throw AwsError.accessDenied(NOT_ASSOCIATED);
        }
        Instant now = clock.instant();
        if (MfaThrottle.locked(user, now)) {
            throw MfaThrottle.throttling();
        }
        long step = Totp.matchingStep(Base32.decode(device.seed()), code, now, totpWindow);
        if (step < 0 || step <= device.lastUsedStep()) {
            // AWS gives a reused code the same answer as a wrong one.
            return StateStore.Changed.refused(
                    account.withUser(MfaThrottle.afterWrongCode(user, now)), AwsError.accessDenied(INVALID_CODE));
        }
        return StateStore.Changed.to(
                account.withDevice(device.withLastUsedStep(step)).withUser(MfaThrottle.afterRightCode(user)), true);
    }

    private String credentialsXml(SessionTokens.Session session) {
        return new XmlResponse()
                .open("Credentials")
                .element("AccessKeyId", session.accessKeyId())
                .element("SecretAccessKey", tokens.secretFor(session.accessKeyId()))
                .element("SessionToken", tokens.seal(session))
                .element("Expiration", session.expiration())
                .close("Credentials")
                .body();
    }

    private String getCallerIdentity(Caller caller, Account account) {
        CallerIdentity who = caller.identity(account);
        return new XmlResponse()
                .element("UserId", who.userId())
                .element("Account", who.account())
                .element("Arn", who.arn())
                .body();
    }

    private String assumeRole(Map<String, String> params, Caller caller, Account account) throws AwsError {
        // Root keys and sessions made from them alike: AWS lets no root identity assume a role.
        if (caller.isRoot()) {
            throw AwsError.accessDenied("Roles may not be assumed by root accounts.");
        }
        Constraints constraints = new Constraints();
        String roleArn = params.get("RoleArn");
        String sessionName = params.get("RoleSessionName");
        String externalId = params.get("ExternalId");
        constraints.required("roleArn", roleArn);
        constraints.required("roleSessionName", sessionName);
        constraints.arn("roleArn", roleArn, 20, 2048, ARN);
        constraints.string("roleSessionName", sessionName, 2, 64, ROLE_SESSION_NAME);
        Integer duration = constraints.integer("durationSeconds", params.get("DurationSeconds"), 900, 43200);
        String serial = params.get("SerialNumber");
        String code = params.get("TokenCode");
        constraints.string("externalId", externalId, 2, 1224, EXTERNAL_ID);
        constraints.string("serialNumber", serial, 9, 256, SERIAL);
        constraints.string("tokenCode", code, 6, 6, TOKEN_CODE);
        String policy = params.get("Policy");
        constraints.string("policy", policy, 1, 2048, POLICY);
        List<String> policyArns = new ArrayList<>();
        for (int i = 1; params.containsKey("PolicyArns.member." + i + ".arn"); i++) {
            String arn = params.get("PolicyArns.member." + i + ".arn");
            constraints.arn("policyArns." + i + ".member.arn", arn, 20, 2048, ARN);
            policyArns.add(arn);
        }
        if (policyArns.size() > 10) {
            constraints.fail(policyArns.toString(), "policyArns", "Member must have length less than or equal to 10");
        }
        constraints.check();
        SessionTokens.SessionPolicies sessionPolicies = sessionPolicies(policy, policyArns, caller.enforced());
        if (!ROLE_ARN.matcher(roleArn).matches()) {
            throw AwsError.validation(roleArn + " is invalid");
        }

        Role role = null;
        for (Role candidate : account.roles().values()) {
            if (account.roleArn(candidate).equals(roleArn)) {
                role = candidate;
            }
        }
        if (role == null) {
            throw cannotAssume(caller, account, roleArn);
        }
        boolean chained = caller.isRole();
        int seconds = duration == null ? 3600 : duration;
        if (chained && seconds > 3600) {
            throw AwsError.validation("The requested DurationSeconds exceeds the 1 hour session limit for roles "
                    + "assumed by role chaining.");
        }
        if (seconds > role.maxSessionDuration()) {
            throw AwsError.validation(
                    "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        boolean mfa = caller.mfa();
        Instant mfaAuthenticated = caller.mfaAuthenticated();
        if (serial != null || code != null) {
            mfa = verifyMfa(caller, serial, code);
            mfaAuthenticated = mfa ? now : null;
        }
        if (caller.enforced()) {
            Trust.check(caller, account, role, roleArn, mfa, mfaAuthenticated, externalId, sessionName);
        }
        SessionTokens.Session session = new SessionTokens.Session(
                ids.id("ASIA"),
                SessionTokens.Session.ROLE,
                role.name(),
                role.roleId(),
                sessionName,
                mfa,
                chained,
                now.plusSeconds(seconds),
                now,
                mfa ? mfaAuthenticated : null,
                sessionPolicies);
        XmlResponse assumed = new XmlResponse()
                .open("AssumedRoleUser")
                .element("AssumedRoleId", role.roleId() + ":" + sessionName)
                .element("Arn", Arns.assumedRole(account.accountId(), role.name(), sessionName))
                .close("AssumedRoleUser");
        if (sessionPolicies != null) {
            assumed.element("PackedPolicySize", (long) packedPercent(sessionPolicies));
        }
        return credentialsXml(session) + assumed.body();
    }

    /**
     * The session policies of a request, checked as STS checks them; null when none were passed.
     * They are evaluated only where policies are enforced, so an account that does not enforce them
     * refuses them rather than ignore them.
     */
    static SessionTokens.SessionPolicies sessionPolicies(String policy, List<String> arns, boolean enforced)
            throws AwsError {
        if (policy == null && arns.isEmpty()) {
            return null;
        }
        if (!enforced) {
            throw AwsError.validation("Session policies (Policy, PolicyArns) are evaluated only when the emulator "
                    + "enforces IAM policies, and this state dir's account does not");
        }
        if (policy != null) {
            Policy.parse(policy, false); // MalformedPolicyDocument, as STS answers
        }
        SessionTokens.SessionPolicies policies = new SessionTokens.SessionPolicies(policy, arns);
        int percent = packedPercent(policies);
        if (percent > 100) {
            throw AwsErrorCode.PACKED_POLICY_TOO_LARGE.error("Packed policy consumes " + percent
                    + "% of allotted space, please use smaller policy for operation.");
        }
        return policies;
    }

    /**
     * How much of the packed space the session policies take. STS compresses them into a binary
     * form it does not document; the emulator counts their plain characters (the inline policy
     * and the ARNs) against 2,048, so it refuses no less than STS would for the inline policy's
     * limit and refuses ARNs that would not fit beside it.
     */
    static int packedPercent(SessionTokens.SessionPolicies policies) {
        long size = policies.inline() == null ? 0 : policies.inline().length();
        for (String arn : policies.arns()) {
            size += arn.length();
        }
        return (int) ((size * 100 + PACKED_SPACE - 1) / PACKED_SPACE);
    }

    /** AWS's refusal for a role that does not exist or may not be assumed by this caller: no reason given. */
    public static AwsError cannotAssume(Caller caller, Account account, String roleArn) {
        return AwsError.accessDenied("User: " + Arns.caller(caller, account) + " is not authorized to perform: "
                + "sts:AssumeRole on resource: " + roleArn);
    }
}
