package dev.ststoken.emulator.sso;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SSO portal (rest-json, the access token in {@code x-amz-sso_bearer_token}): the accounts and
 * roles assigned to the token's user, a role's credentials (a session of the permission set's role,
 * made as AssumeRole makes one), and Logout, which ends the sign-in session and its refresh tokens.
 */
final class PortalApi {
    static final String ACCOUNT_NAME = "emulator";
    private final SsoStore store;
    private final Sealer sealer;
    private final Clock clock;
    private final Accounts accounts;

    PortalApi(SsoStore store, Sealer sealer, Clock clock, Accounts accounts) {
        this.store = store;
        this.sealer = sealer;
        this.clock = clock;
        this.accounts = accounts;
    }

    /** The signed-in user and session of a token; UnauthorizedException for a bad, expired or logged-out one. */
    record Bearer(SsoState.User user, String session, Instant expires) {}

    Bearer bearer(String token) throws SsoError {
        if (token == null || token.isEmpty()) {
            throw SsoError.unauthorized("Session token not found or invalid");
        }
        Map<String, Object> claims = sealer.open("access", token);
        if (claims == null) {
            throw SsoError.unauthorized("Session token not found or invalid");
        }
        Instant expires = Instant.ofEpochSecond((Long) claims.get("e"));
        SsoState state = store.current();
        SsoState.User user = state.users().get((String) claims.get("u"));
        if (!expires.isAfter(clock.instant())
                || user == null
                || !user.userId().equals(claims.get("uid"))
                || state.loggedOut().containsKey((String) claims.get("s"))) {
            throw SsoError.unauthorized("Session token not found or invalid");
        }
        return new Bearer(user, (String) claims.get("s"), expires);
    }

    Map<String, Object> getRoleCredentials(String token, Map<String, String> query) throws SsoError {
        String roleName = query.get("role_name");
        String accountId = query.get("account_id");
        if (roleName == null || roleName.isEmpty() || accountId == null || accountId.isEmpty()) {
            throw SsoError.portalInvalidRequest("role_name and account_id are required");
        }
        Bearer bearer = bearer(token);
        SsoState.PermissionSet set = null;
        for (SsoState.PermissionSet candidate :
                store.current().assignedSets(bearer.user().name(), accountId)) {
            if (candidate.name().equals(roleName)) {
                set = candidate;
            }
        }
        if (set == null || !accountId.equals(accounts.accountId())) {
            throw SsoError.forbidden("No access");
        }
        Accounts.RoleCredentials credentials =
                accounts.roleSession(set.roleName(), bearer.user().name(), set.sessionSeconds());
        if (credentials == null) {
            throw SsoError.notFound("The role of permission set " + set.name() + " is no longer in the account");
        }
        Map<String, Object> role = new LinkedHashMap<>();
        role.put("accessKeyId", credentials.accessKeyId());
        role.put("secretAccessKey", credentials.secretAccessKey());
        role.put("sessionToken", credentials.sessionToken());
        role.put("expiration", credentials.expiration().toEpochMilli());
        return Map.of("roleCredentials", role);
    }

    Map<String, Object> listAccounts(String token, Map<String, String> query) throws SsoError {
        Bearer bearer = bearer(token);
        List<Object> all = new ArrayList<>();
        String accountId = accounts.accountId();
        if (!store.current().assignedSets(bearer.user().name(), accountId).isEmpty()) {
            Map<String, Object> account = new LinkedHashMap<>();
            account.put("accountId", accountId);
            account.put("accountName", ACCOUNT_NAME);
            account.put("emailAddress", "emulator@" + accountId + ".invalid");
            all.add(account);
        }
        return page(all, query, "accountList");
    }

    Map<String, Object> listAccountRoles(String token, Map<String, String> query) throws SsoError {
        String accountId = query.get("account_id");
        if (accountId == null || accountId.isEmpty()) {
            throw SsoError.portalInvalidRequest("account_id is required");
        }
        Bearer bearer = bearer(token);
        List<Object> all = new ArrayList<>();
        for (SsoState.PermissionSet set :
                store.current().assignedSets(bearer.user().name(), accountId)) {
            all.add(Map.of("roleName", set.name(), "accountId", accountId));
        }
        return page(all, query, "roleList");
    }

    void logout(String token) throws SsoError, IOException {
        Bearer bearer = bearer(token);
        // Until the last refresh token of the session could expire: no token of it opens again.
        Instant until = clock.instant().plusSeconds(OidcApi.REFRESH_SECONDS);
        store.mutate(state -> SsoStore.Changed.to(state.withLoggedOut(bearer.session(), until), null));
    }

    /** One page: at most max_result (1 to 100, default 20) from next_token on, and the token of the rest. */
    private static Map<String, Object> page(List<Object> all, Map<String, String> query, String member)
            throws SsoError {
        int max = 20;
        int from = 0;
        try {
            if (query.containsKey("max_result")) {
                max = Integer.parseInt(query.get("max_result"));
            }
            if (query.containsKey("next_token")) {
                String text =
                        new String(Base64.getUrlDecoder().decode(query.get("next_token")), StandardCharsets.US_ASCII);
                if (!text.startsWith("p1:")) {
                    throw new IllegalArgumentException();
                }
                from = Integer.parseInt(text.substring(3));
            }
        } catch (IllegalArgumentException e) {
            throw SsoError.portalInvalidRequest("Invalid next_token or max_result");
        }
        if (max < 1 || max > 100 || from < 0) {
            throw SsoError.portalInvalidRequest("Invalid next_token or max_result");
        }
        int to = Math.min(all.size(), from + max);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(member, from >= all.size() ? List.of() : all.subList(from, to));
        if (to < all.size()) {
            out.put(
                    "nextToken",
                    Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(("p1:" + to).getBytes(StandardCharsets.US_ASCII)));
        }
        return out;
    }
}
