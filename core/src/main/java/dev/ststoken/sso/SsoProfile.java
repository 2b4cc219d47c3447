package dev.ststoken.sso;

import dev.ststoken.config.Profile;
import dev.ststoken.errors.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A profile's IAM Identity Center settings, as botocore reads them: a profile is one when it names
 * {@code sso_account_id} or {@code sso_role_name}; {@code sso_session} points at an
 * {@code [sso-session NAME]} section whose start URL and region it takes (a value set in both must
 * match); without it the legacy form keeps {@code sso_start_url} and {@code sso_region} in the profile.
 *
 * @param sessionName the sso-session's name, or null for the legacy form
 * @param scopes      sso_registration_scopes, for a sign-in (empty when not set)
 */
public record SsoProfile(
        String profile,
        String sessionName,
        String startUrl,
        String region,
        String accountId,
        String roleName,
        List<String> scopes) {

    /** The profile's settings, or null when it is no Identity Center profile. */
    public static SsoProfile of(Profile profile) throws ConfigException {
        String account = profile.get("sso_account_id");
        String role = profile.get("sso_role_name");
        if (account == null && role == null) {
            return null;
        }
        String sessionName = profile.get("sso_session");
        String startUrl = profile.get("sso_start_url");
        String region = profile.get("sso_region");
        String scopes = null;
        if (sessionName != null) {
            Map<String, String> session = profile.ssoSession(sessionName);
            if (session == null) {
                throw new ConfigException("profile '" + profile.name() + "' names sso_session " + sessionName
                        + ", but the config file has no [sso-session " + sessionName + "] section");
            }
            startUrl = merged(profile, sessionName, "sso_start_url", startUrl, session);
            region = merged(profile, sessionName, "sso_region", region, session);
            scopes = blankToNull(session.get("sso_registration_scopes"));
        }
        List<String> missing = new ArrayList<>();
        if (role == null) missing.add("sso_role_name");
        if (account == null) missing.add("sso_account_id");
        if (startUrl == null) missing.add("sso_start_url");
        if (region == null) missing.add("sso_region");
        if (!missing.isEmpty()) {
            throw new ConfigException("profile '" + profile.name() + "' is an IAM Identity Center profile but "
                    + (sessionName == null ? "it" : "it and [sso-session " + sessionName + "]") + " lack "
                    + String.join(", ", missing));
        }
        if (!isAccountId(account)) {
            throw new ConfigException("profile '" + profile.name() + "' has sso_account_id '" + abbreviate(account)
                    + "': expected a twelve-digit account id");
        }
        if (!isRoleName(role)) {
            throw new ConfigException("profile '" + profile.name() + "' has an invalid sso_role_name: expected "
                    + "1 to 64 letters, digits and +=,.@_-");
        }
        if (!isRegion(region)) {
            throw new ConfigException(
                    "profile '" + profile.name() + "' has an invalid sso_region '" + abbreviate(region) + "'");
        }
        if (!startUrl.startsWith("https://") && !startUrl.startsWith("http://")) {
            throw new ConfigException("profile '" + profile.name() + "' has sso_start_url '" + abbreviate(startUrl)
                    + "': expected the portal's https:// URL");
        }
        return new SsoProfile(profile.name(), sessionName, startUrl, region, account, role, scopeList(scopes));
    }

    /** The token cache's file name: SHA-1 of the session name, or of the start URL for the legacy form. */
    public String tokenCacheName() {
        return TokenCache.fileName(sessionName != null ? sessionName : startUrl);
    }

    /** How messages name the sign-in: the sso-session, or the start URL. */
    public String signInName() {
        return sessionName != null ? "sso-session " + sessionName : "start URL " + startUrl;
    }

    private static String merged(
            Profile profile, String sessionName, String key, String inProfile, Map<String, String> session)
            throws ConfigException {
        String inSession = blankToNull(session.get(key));
        if (inProfile != null && inSession != null && !inProfile.equals(inSession)) {
            throw new ConfigException("profile '" + profile.name() + "' and [sso-session " + sessionName
                    + "] set different " + key + " values: keep it in the sso-session only");
        }
        return inSession != null ? inSession : inProfile;
    }

    private static List<String> scopeList(String scopes) {
        List<String> list = new ArrayList<>();
        if (scopes != null) {
            for (String scope : scopes.split(",")) {
                if (!scope.isBlank()) {
                    list.add(scope.strip());
                }
            }
        }
        return List.copyOf(list);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    static boolean isAccountId(String value) {
        if (value == null || value.length() != 12) {
            return false;
        }
        for (int i = 0; i < 12; i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** IAM's role name characters ([\w+=,.@-], 1 to 64). */
    static boolean isRoleName(String value) {
        if (value == null || value.isEmpty() || value.length() > 64) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "_+=,.@-".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Lower-case letters, digits and dashes: a region that can go into a host name. */
    public static boolean isRegion(String value) {
        if (value == null || value.isEmpty() || value.length() > 32) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && out.length() < 60; i++) {
            char c = value.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return value.length() > 60 ? out + "..." : out.toString();
    }
}
