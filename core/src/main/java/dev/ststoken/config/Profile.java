package dev.ststoken.config;

import dev.ststoken.sigv4.AwsCredentials;
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

    /** The profile's long-term or session credentials, or null when it has no key pair. */
    public AwsCredentials credentials() {
        String keyId = get("aws_access_key_id");
        String secret = get("aws_secret_access_key");
        if (keyId == null || secret == null) {
            return null;
        }
        // botocore checks the legacy aws_security_token first.
        String token = get("aws_security_token");
        if (token == null) {
            token = get("aws_session_token");
        }
        return new AwsCredentials(keyId, secret, token);
    }

    /** {@code services = X} then {@code [services X]} with an indented {@code sts = / endpoint_url = ...}. */
    String serviceEndpoint(String service) {
        String services = get("services");
        if (services == null) {
            return null;
        }
        Map<String, String> section = configFile.section("services " + services);
        return section == null ? null : section.get(service + ".endpoint_url");
    }

    @Override
    public String toString() {
        return "Profile[" + name + "]";
    }
}
