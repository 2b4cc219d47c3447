package dev.ststoken.config;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.errors.ConfigException;
import java.util.Map;

/** One profile as seen through both shared files. */
public final class Profile {
    private final String name;
    private final Map<String, String> config;
    private final Map<String, String> credentials;
    private final IniFile configFile;

    Profile(String name, Map<String, String> config, Map<String, String> credentials, IniFile configFile) {
        this.name = name;
        this.config = config;
        this.credentials = credentials;
        this.configFile = configFile;
    }

    public String name() {
        return name;
    }

    public boolean exists() {
        return config != null || credentials != null;
    }

    /** A key from the credentials file, else the config file; blank values count as absent. */
    public String get(String key) {
        String value = credentials == null ? null : credentials.get(key);
        if (value == null || value.isEmpty()) {
            value = config == null ? null : config.get(key);
        }
        return value == null || value.isEmpty() ? null : value;
    }

    /**
     * The profile's long-term or session credentials, or null when it has no key pair. Key, secret
     * and token come from one file, as botocore takes them: the credentials file when its profile
     * has a key id, else the config file. Mixing them would pair a key with another key's secret
     * or a stale session token.
     */
    public AwsCredentials credentials() {
        Map<String, String> source = blank(credentials, "aws_access_key_id") ? config : credentials;
        if (source == null || blank(source, "aws_access_key_id") || blank(source, "aws_secret_access_key")) {
            return null;
        }
        // botocore checks the legacy aws_security_token first.
        String token = source.get("aws_security_token");
        if (token == null || token.isEmpty()) {
            token = source.get("aws_session_token");
        }
        return new AwsCredentials(
                source.get("aws_access_key_id"),
                source.get("aws_secret_access_key"),
                token == null || token.isEmpty() ? null : token);
    }

    private static boolean blank(Map<String, String> section, String key) {
        String value = section == null ? null : section.get(key);
        return value == null || value.isEmpty();
    }

    /**
     * {@code services = X} then {@code [services X]} with an indented {@code sts = / endpoint_url = ...}.
     * A services section that does not exist is an error (as for botocore) rather than a silent
     * fall-back to AWS's own endpoint with the user's long-term key.
     */
    public String serviceEndpoint(String service) throws ConfigException {
        String services = get("services");
        if (services == null) {
            return null;
        }
        Map<String, String> section = configFile.services(services);
        if (section == null) {
            throw new ConfigException("profile '" + name + "' uses services '" + services
                    + "', but the config file has no [services " + services + "] section");
        }
        return section.get(service + ".endpoint_url");
    }

    /** The config file's {@code [sso-session NAME]} section, or null when there is none. */
    public Map<String, String> ssoSession(String sessionName) {
        return configFile.ssoSession(sessionName);
    }

    @Override
    public String toString() {
        return "Profile[" + name + "]";
    }
}
