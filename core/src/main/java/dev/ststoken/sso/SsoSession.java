package dev.ststoken.sso;

import dev.ststoken.config.Profile;
import dev.ststoken.errors.ConfigException;
import java.util.List;
import java.util.Map;

/**
 * What a sign-in needs, without the role: the sso-session (or, for the legacy form, the profile's
 * start URL) that {@code sso login} signs in to and {@code sso logout} signs out of.
 *
 * @param name    the sso-session's name, or null for the legacy form
 * @param profile the profile it was named through, or null for {@code --sso-session}
 * @param scopes  sso_registration_scopes (empty when not set)
 */
public record SsoSession(String name, String startUrl, String region, List<String> scopes, String profile) {

    /** The token cache's file name: SHA-1 of the session name, or of the start URL for the legacy form. */
    public String tokenCacheName() {
        return TokenCache.fileName(name != null ? name : startUrl);
    }

    /** The client registration's file name, as the AWS CLI makes it. */
    public String registrationCacheName() {
        return Registration.cacheName(startUrl, region, scopes, name);
    }

    /** How messages name it. */
    public String describe() {
        return name != null ? "sso-session " + name : "start URL " + startUrl;
    }

    /** The command that signs in to it again. */
    public String loginCommand() {
        return "sts-session-token sso login " + (profile != null ? "--profile " + profile : "--sso-session " + name);
    }

    /** The sign-in of a profile: its sso_session, else its own sso_start_url and sso_region. */
    public static SsoSession of(Profile profile) throws ConfigException {
        String sessionName = profile.get("sso_session");
        if (sessionName != null) {
            Map<String, String> section = profile.ssoSession(sessionName);
            if (section == null) {
                throw new ConfigException("profile '" + profile.name() + "' names sso_session " + sessionName
                        + ", but the config file has no [sso-session " + sessionName + "] section");
            }
            return named(sessionName, section, profile.name());
        }
        String startUrl = profile.get("sso_start_url");
        String region = profile.get("sso_region");
        if (startUrl == null || region == null) {
            throw new ConfigException("profile '" + profile.name() + "' has neither sso_session nor sso_start_url "
                    + "and sso_region: it does not sign in with IAM Identity Center");
        }
        return checked(new SsoSession(null, startUrl.strip(), region.strip(), List.of(), profile.name()));
    }

    /** An {@code [sso-session NAME]} section. */
    public static SsoSession named(String name, Map<String, String> section, String profile) throws ConfigException {
        String startUrl = blankToNull(section.get("sso_start_url"));
        String region = blankToNull(section.get("sso_region"));
        if (startUrl == null || region == null) {
            throw new ConfigException("[sso-session " + name + "] lacks "
                    + (startUrl == null ? "sso_start_url" + (region == null ? " and sso_region" : "") : "sso_region"));
        }
        List<String> scopes = new java.util.ArrayList<>();
        String raw = section.get("sso_registration_scopes");
        if (raw != null) {
            for (String scope : raw.split(",")) {
                if (!scope.isBlank()) scopes.add(scope.strip());
            }
        }
        return checked(new SsoSession(name, startUrl, region, List.copyOf(scopes), profile));
    }

    private static SsoSession checked(SsoSession session) throws ConfigException {
        if (!SsoProfile.isRegion(session.region)) {
            throw new ConfigException(session.describe() + " has an invalid sso_region");
        }
        if (!(session.startUrl.startsWith("https://") || session.startUrl.startsWith("http://"))
                || !session.startUrl.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new ConfigException(session.describe().replace(session.startUrl, "")
                    + " has an sso_start_url that is not the portal's https:// URL");
        }
        return session;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
