package dev.ststoken.sso;

import dev.ststoken.credentials.SessionCredentials;
import dev.ststoken.errors.StsException;
import dev.ststoken.errors.StsTransportException;
import dev.ststoken.internal.PercentEncoding;
import dev.ststoken.internal.ServerText;
import dev.ststoken.sts.CredentialValues;
import dev.ststoken.sts.RestJsonClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * IAM Identity Center's portal ({@code sso}, rest-json, unsigned; the sign-in's access token in the
 * {@code x-amz-sso_bearer_token} header): a role's credentials, the accounts and roles the sign-in
 * may use, and sign-out. Every answer is checked before anything uses it, as STS's are.
 */
public final class PortalClient {
    static final String TOKEN_HEADER = "x-amz-sso_bearer_token";
    /** A hostile portal must not keep us paging for ever. */
    static final int MAX_PAGES = 100;

    private final RestJsonClient client;

    public PortalClient(RestJsonClient client) {
        this.client = client;
    }

    /** An account the sign-in may use; the name and e-mail address as printable text. */
    public record Account(String accountId, String accountName, String emailAddress) {}

    /** GetRoleCredentials: the role's session, checked as a session from STS is. */
    public SessionCredentials roleCredentials(String accessToken, String accountId, String roleName)
            throws StsException {
        Map<String, Object> answer = client.call(
                "GET",
                "/federation/credentials?role_name=" + PercentEncoding.encode(roleName) + "&account_id="
                        + PercentEncoding.encode(accountId),
                List.of(Map.entry(TOKEN_HEADER, accessToken)),
                null,
                true);
        String what = "a malformed GetRoleCredentials answer from " + client.endpoint();
        if (!(answer.get("roleCredentials") instanceof Map)) {
            throw new StsTransportException(what + " (no roleCredentials)", null);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> role = (Map<String, Object>) answer.get("roleCredentials");
        Object expiration = role.get("expiration");
        Instant expires = expiration instanceof Long ? Instant.ofEpochMilli((Long) expiration) : null;
        return CredentialValues.checkedSession(
                what,
                string(role, "accessKeyId"),
                string(role, "secretAccessKey"),
                string(role, "sessionToken"),
                expires,
                client.clock().instant());
    }

    /** ListAccounts, every page. */
    public List<Account> accounts(String accessToken) throws StsException {
        List<Account> accounts = new ArrayList<>();
        String next = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            Map<String, Object> answer = client.call(
                    "GET",
                    "/assignment/accounts?max_result=100"
                            + (next == null ? "" : "&next_token=" + PercentEncoding.encode(next)),
                    List.of(Map.entry(TOKEN_HEADER, accessToken)),
                    null,
                    true);
            for (Map<String, Object> item : items(answer, "accountList", "ListAccounts")) {
                String id = string(item, "accountId");
                if (!SsoProfile.isAccountId(id)) {
                    throw new StsTransportException(
                            "a malformed ListAccounts answer from " + client.endpoint() + " (accountId is not a "
                                    + "twelve-digit account id)",
                            null);
                }
                accounts.add(new Account(id, printable(item, "accountName"), printable(item, "emailAddress")));
            }
            next = string(answer, "nextToken");
            if (next == null || next.isEmpty()) {
                return List.copyOf(accounts);
            }
        }
        throw new StsTransportException(
                "ListAccounts at " + client.endpoint() + " did not end after " + MAX_PAGES + " pages", null);
    }

    /** ListAccountRoles, every page: the role names. */
    public List<String> roles(String accessToken, String accountId) throws StsException {
        List<String> roles = new ArrayList<>();
        String next = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            Map<String, Object> answer = client.call(
                    "GET",
                    "/assignment/roles?account_id=" + PercentEncoding.encode(accountId) + "&max_result=100"
                            + (next == null ? "" : "&next_token=" + PercentEncoding.encode(next)),
                    List.of(Map.entry(TOKEN_HEADER, accessToken)),
                    null,
                    true);
            for (Map<String, Object> item : items(answer, "roleList", "ListAccountRoles")) {
                String name = string(item, "roleName");
                if (!SsoProfile.isRoleName(name)) {
                    throw new StsTransportException(
                            "a malformed ListAccountRoles answer from " + client.endpoint() + " (roleName is not "
                                    + "a role name)",
                            null);
                }
                roles.add(name);
            }
            next = string(answer, "nextToken");
            if (next == null || next.isEmpty()) {
                return List.copyOf(roles);
            }
        }
        throw new StsTransportException(
                "ListAccountRoles at " + client.endpoint() + " did not end after " + MAX_PAGES + " pages", null);
    }

    /** Logout: the portal forgets the sign-in (its tokens stop working). */
    public void logout(String accessToken) throws StsException {
        client.call("POST", "/logout", List.of(Map.entry(TOKEN_HEADER, accessToken)), null, false);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> items(Map<String, Object> answer, String key, String action)
            throws StsTransportException {
        Object list = answer.get(key);
        if (list == null) {
            return List.of();
        }
        List<Map<String, Object>> items = new ArrayList<>();
        if (list instanceof List) {
            for (Object item : (List<Object>) list) {
                if (!(item instanceof Map)) {
                    list = null;
                    break;
                }
                items.add((Map<String, Object>) item);
            }
        }
        if (!(list instanceof List)) {
            throw new StsTransportException(
                    "a malformed " + action + " answer from " + client.endpoint() + " (" + key + " is not a list "
                            + "of objects)",
                    null);
        }
        return items;
    }

    private static String string(Map<String, Object> map, String key) {
        Object value = map.get(key);
        return value instanceof String ? (String) value : null;
    }

    private static String printable(Map<String, Object> map, String key) {
        String value = string(map, key);
        return value == null ? null : ServerText.printable(value);
    }
}
