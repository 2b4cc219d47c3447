package dev.ststoken.emulator.sts;

import dev.ststoken.emulator.oidc.IssuerKeys;
import dev.ststoken.emulator.oidc.Jwks;
import dev.ststoken.emulator.oidc.OidcProvider;
import dev.ststoken.emulator.oidc.OidcProviders;
import dev.ststoken.emulator.oidc.WebIdentityToken;
import dev.ststoken.emulator.policy.FederatedTrust;
import dev.ststoken.emulator.request.AwsError;
import dev.ststoken.emulator.request.AwsErrorCode;
import dev.ststoken.emulator.request.Constraints;
import dev.ststoken.emulator.request.XmlResponse;
import dev.ststoken.emulator.state.Account;
import dev.ststoken.emulator.state.Arns;
import dev.ststoken.emulator.state.Ids;
import dev.ststoken.emulator.state.Role;
import dev.ststoken.emulator.state.StateStore;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * AssumeRoleWithWebIdentity: unsigned (botocore's model says {@code authtype: none}; the token is the
 * credential), for OpenID Connect ID tokens of the account's {@link OidcProviders}. In AWS's order:
 * the request's parameters; the token read as a JWT; its {@code iss} a registered provider; its
 * signature by one of the issuer's keys ({@link IssuerKeys}); {@code exp}, {@code nbf} and {@code iat}
 * against the emulator's clock; {@code aud} one of the provider's client IDs; then the role's trust
 * policy on the provider and the token's claims ({@link FederatedTrust}).
 */
public final class WebIdentityActions {
    public static final String ACTION = "AssumeRoleWithWebIdentity";
    /** How far ahead of our clock a token's nbf and iat may be (an issuer's clock a little fast). */
    static final long LEEWAY_SECONDS = 300;

    static final String NOT_AUTHORIZED = "Not authorized to perform sts:AssumeRoleWithWebIdentity";
    static final String NO_KEY = "Couldn't retrieve verification key from your identity provider,  please "
            + "reference AssumeRoleWithWebIdentity documentation for requirements";

    private final StateStore store;
    private final OidcProviders providers;
    private final IssuerKeys keys;
    private final SessionTokens tokens;
    private final Ids ids;
    private final Clock clock;

    public WebIdentityActions(
            StateStore store, OidcProviders providers, IssuerKeys keys, SessionTokens tokens, Ids ids, Clock clock) {
        this.store = store;
        this.providers = providers;
        this.keys = keys;
        this.tokens = tokens;
        this.ids = ids;
        this.clock = clock;
    }

    /**
     * @param sourceIp  the client's address (aws:SourceIp), or null
     * @param enforce   whether the account enforces IAM policies (session policies need it)
     */
    public String handle(Map<String, String> params, String sourceIp, boolean secure, Boolean enforce, String requestId)
            throws AwsError {
        String version = params.get("Version");
        if (!StsActions.VERSION.equals(version)) {
            throw StsActions.invalidAction(ACTION, version);
        }
        Account account = store.current();
        Constraints constraints = new Constraints();
        String roleArn = params.get("RoleArn");
        String sessionName = params.get("RoleSessionName");
        String token = params.get("WebIdentityToken");
        constraints.required("roleArn", roleArn);
        constraints.required("roleSessionName", sessionName);
        constraints.required("webIdentityToken", token);
        constraints.arn("roleArn", roleArn, 20, 2048, StsActions.ARN);
        constraints.string("roleSessionName", sessionName, 2, 64, StsActions.ROLE_SESSION_NAME);
        // The token is sensitive: a constraint message names the member, never the value.
        if (token != null && (token.length() < 4 || token.length() > 20000)) {
            constraints.fail("***", "webIdentityToken", "Member must have length between 4 and 20000");
        }
        constraints.string("providerId", params.get("ProviderId"), 4, 2048, null);
        Integer duration = constraints.integer("durationSeconds", params.get("DurationSeconds"), 900, 43200);
        String policy = params.get("Policy");
        constraints.string("policy", policy, 1, 2048, StsActions.POLICY);
        List<String> policyArns = new ArrayList<>();
        for (int i = 1; params.containsKey("PolicyArns.member." + i + ".arn"); i++) {
            String arn = params.get("PolicyArns.member." + i + ".arn");
            constraints.arn("policyArns." + i + ".member.arn", arn, 20, 2048, StsActions.ARN);
            policyArns.add(arn);
        }
        constraints.check();
        boolean enforced = enforce == null ? account.enforceIam() : enforce;
        SessionTokens.SessionPolicies sessionPolicies = StsActions.sessionPolicies(policy, policyArns, enforced);
        if (!StsActions.ROLE_ARN.matcher(roleArn).matches()) {
            throw AwsError.validation(roleArn + " is invalid");
        }

        Verified verified = verify(token);
        Role role = null;
        for (Role candidate : account.roles().values()) {
            if (account.roleArn(candidate).equals(roleArn)) {
                role = candidate;
            }
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String name = verified.provider().name();
        FederatedTrust.Context context = new FederatedTrust.Context()
                .put(name + ":sub", verified.token().string("sub"))
                .putAll(name + ":aud", verified.token().audiences())
                .put(name + ":azp", verified.token().string("azp"))
                .putAll(name + ":amr", amr(verified.token()))
                .put("aws:FederatedProvider", verified.provider().arn(account.accountId()))
                .put("sts:RoleSessionName", sessionName)
                .put("aws:CurrentTime", XmlResponse.timestamp(now))
                .put("aws:EpochTime", Long.toString(now.getEpochSecond()))
                .put("aws:SecureTransport", Boolean.toString(secure))
                .put("aws:SourceIp", sourceIp);
        if (role == null
                || !FederatedTrust.allows(
                        role.assumeRolePolicyDocument(), verified.provider().arn(account.accountId()), context)) {
            throw AwsError.accessDenied(NOT_AUTHORIZED);
        }
        int seconds = duration == null ? 3600 : duration;
        if (seconds > role.maxSessionDuration()) {
            throw AwsError.validation(
                    "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }
        SessionTokens.Session session = new SessionTokens.Session(
                ids.id("ASIA"),
                SessionTokens.Session.ROLE,
                role.name(),
                role.roleId(),
                sessionName,
                false,
                false,
                now.plusSeconds(seconds),
                now,
                null,
                sessionPolicies);
        XmlResponse xml = new XmlResponse()
                .open("Credentials")
                .element("AccessKeyId", session.accessKeyId())
                .element("SecretAccessKey", tokens.secretFor(session.accessKeyId()))
                .element("SessionToken", tokens.seal(session))
                .element("Expiration", session.expiration())
                .close("Credentials")
                .element("SubjectFromWebIdentityToken", verified.token().string("sub"))
                .open("AssumedRoleUser")
                .element("AssumedRoleId", role.roleId() + ":" + sessionName)
                .element("Arn", Arns.assumedRole(account.accountId(), role.name(), sessionName))
                .close("AssumedRoleUser");
        if (sessionPolicies != null) {
            xml.element("PackedPolicySize", (long) StsActions.packedPercent(sessionPolicies));
        }
        return XmlResponse.success(
                XmlResponse.STS_NS,
                ACTION,
                xml.element("Provider", verified.provider().url())
                        .element("Audience", verified.audience())
                        .body(),
                requestId);
    }

    /** A token whose issuer, signature, times and audience are good; the trust policy is still to come. */
    private record Verified(WebIdentityToken token, OidcProvider provider, String audience) {}

    private Verified verify(String text) throws AwsError {
        WebIdentityToken token;
        try {
            token = WebIdentityToken.parse(text);
        } catch (WebIdentityToken.Malformed e) {
            throw invalid(e.getMessage());
        }
        String issuer = token.string("iss");
        if (issuer == null) {
            throw invalid("Missing a required claim: iss");
        }
        OidcProvider provider = providers.forIssuer(issuer);
        if (provider == null) {
            throw invalid("No OpenIDConnect provider found in your account for " + issuer);
        }
        if (token.algorithm() == null || !WebIdentityToken.supported(token.algorithm())) {
            throw invalid("Unsupported token signing algorithm: only RS256, RS384, RS512, ES256, ES384 and ES512 "
                    + "are accepted");
        }
        if (!signedByIssuer(token, provider.url())) {
            throw invalid("The token's signature does not verify with the identity provider's keys");
        }
        long now = clock.instant().getEpochSecond();
        Long exp = token.seconds("exp");
        if (exp == null) {
            throw invalid("Missing a required claim: exp");
        }
        if (now >= exp) {
            throw AwsErrorCode.EXPIRED_IDENTITY_TOKEN.error(
                    "Token expired: current date/time " + now + " must be before the expiration date/time " + exp);
        }
        Long nbf = token.seconds("nbf");
        if (nbf != null && nbf > now + LEEWAY_SECONDS) {
            throw invalid("Token is not valid yet: current date/time " + now + " is before its nbf " + nbf);
        }
        Long iat = token.seconds("iat");
        if (iat != null && iat > now + LEEWAY_SECONDS) {
            throw invalid("Token used before issued: current date/time " + now + " is before its iat " + iat);
        }
        List<String> audiences = token.audiences();
        if (audiences.isEmpty()) {
            throw invalid("Missing a required claim: aud");
        }
        String matched = null;
        for (String audience : audiences) {
            if (matched == null && provider.clientIds().contains(audience)) {
                matched = audience;
            }
        }
        if (matched == null) {
            throw invalid("Incorrect token audience");
        }
        String sub = token.string("sub");
        if (sub == null || sub.isEmpty()) {
            throw invalid("Missing a required claim: sub");
        }
        return new Verified(token, provider, matched);
    }

    /** Tries the keys kept for the issuer, then (for an unknown kid or a failed check) a fresh fetch. */
    private boolean signedByIssuer(WebIdentityToken token, String issuer) throws AwsError {
        for (boolean fresh : new boolean[] {false, true}) {
            List<Jwks.Key> candidates;
            try {
                candidates = keys.keys(issuer, fresh);
            } catch (IssuerKeys.Unavailable e) {
                throw e.unreachable()
                        ? AwsErrorCode.IDP_COMMUNICATION_ERROR.error(e.getMessage())
                        : invalid(NO_KEY + " (" + e.getMessage() + ")");
            }
            boolean kidFound = false;
            for (Jwks.Key key : candidates) {
                if (token.keyId() != null && key.kid() != null && !token.keyId().equals(key.kid())) {
                    continue;
                }
                kidFound = true;
                if (token.signedBy(key.key())) {
                    return true;
                }
            }
            if (fresh && !kidFound) {
                throw invalid(NO_KEY);
            }
        }
        return false;
    }

    private static List<String> amr(WebIdentityToken token) {
        Object amr = token.claims().get("amr");
        List<String> out = new ArrayList<>();
        if (amr instanceof String s) {
            out.add(s);
        } else if (amr instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof String s) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    private static AwsError invalid(String message) {
        return AwsErrorCode.INVALID_IDENTITY_TOKEN.error(message);
    }
}
