package dev.ststoken.cli;

import java.util.List;

/**
 * Every option of every command, in one table. The parser, the value checks and each command's
 * {@code --help} are all made from it, so a new flag is one new line here plus its use. An enum,
 * not a list of records with lambdas: the table is built on every run, and lambdas cost start-up.
 */
enum Option {
    DURATION(
            Value.DURATION,
            "N",
            "900..129600 (default: the profile's duration_seconds, else STS's default of 43200)",
            "--duration-seconds"),
    MFA_SERIAL(
            Value.TEXT,
            "ARN",
            "MFA device (default: AWS_MFA_SERIAL, then the profile's mfa_serial)",
            "--mfa-serial-number",
            "--serial-number"),
    MFA_TOKEN(
            Value.MFA_CODE,
            "CODE",
            "six digits, spaces allowed (default: --mfa-process, the profile's mfa_process, "
                    + "then a prompt on the terminal)",
            "--mfa-token",
            "--token-code"),
    MFA_PROCESS(
            Value.TEXT,
            "CMD",
            "a command that prints the code, e.g. 'ykman oath accounts code -s aws' "
                    + "(default: the profile's mfa_process)",
            "--mfa-process"),
    PROMPT(
            Value.NON_EMPTY,
            "DRIVER",
            "how to ask for the code when no token or mfa_process gives it: terminal (default), zenity, kdialog, "
                    + "osascript, ykman (the profile's mfa_ykman_account, else the serial), or a command whose "
                    + "stdout is the code (default: the profile's mfa_prompt)",
            "--prompt"),
    MFA_PROCESS_TIMEOUT(
            Value.integer(1, 3600), "S", "how long mfa_process may take (default 60)", "--mfa-process-timeout"),
    ROLE_ARN(
            Value.NON_EMPTY,
            "ARN",
            "assume this role with the credentials (and the MFA session) the other options "
                    + "give; a profile with role_arn does the same",
            "--role-arn"),
    ROLE_SESSION_NAME(
            Value.NON_EMPTY, "NAME", "with --role-arn (default: sts-session-token-$USER)", "--role-session-name"),
    EXTERNAL_ID(Value.NON_EMPTY, "ID", "with --role-arn, when the role's trust policy asks for one", "--external-id"),
    PROFILE(
            Value.NON_EMPTY,
            "NAME",
            "profile in ~/.aws/config and ~/.aws/credentials (default: AWS_PROFILE, "
                    + "AWS_DEFAULT_PROFILE, else default)",
            "--profile",
            "--aws-profile"),
    REGION(
            Value.NON_EMPTY,
            "NAME",
            "(default: AWS_REGION, EC2_REGION, AWS_DEFAULT_REGION, the profile's region, " + "else us-east-1)",
            "--region",
            "--aws-region",
            "--ec2-region"),
    ENDPOINT_URL(
            Value.NON_EMPTY,
            "URL",
            "(default: AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL, AWS_URL, EC2_URL, the "
                    + "profile's endpoint_url, else the region's STS endpoint)",
            "--endpoint-url",
            "--ec2-url"),
    NO_VERIFY_SSL(null, null, "do not verify the endpoint's TLS certificate (test endpoints only)", "--no-verify-ssl"),
    CA_BUNDLE(
            Value.NON_EMPTY,
            "PATH",
            "trust these PEM certificates (default: AWS_CA_BUNDLE, the profile's "
                    + "ca_bundle, else the JDK's trust store)",
            "--ca-bundle"),
    OUTPUT(
            Value.OUTPUT,
            "FORMAT",
            "json (default), aws, credential-process, env, fish, powershell, cmd, dotenv, ini",
            "--output",
            "-o"),
    WRITE_PROFILE(
            Value.NON_EMPTY,
            "NAME",
            "also store the session as [NAME] in the shared credentials file",
            "--write-profile"),
    FORCE(null, null, "let --write-profile replace a section this tool did not write", "--force"),
    NO_CACHE(null, null, "neither read nor write the session cache", "--no-cache"),
    FORCE_REFRESH(null, null, "get a new session even if a cached one is good (still cached)", "--force-refresh"),
    MIN_TTL(
            Value.integer(0, 129600),
            "S",
            "reuse a cached session only while it has more than S seconds left " + "(default 300)",
            "--min-ttl"),
    DEBUG_ENDPOINT_LOGS(null, null, "add resource_actions to the json output", "--debug-endpoint-logs"),
    MAX_ATTEMPTS(
            Value.integer(1, 10),
            "N",
            "tries for throttling, 5xx and connection failures (default: "
                    + "AWS_MAX_ATTEMPTS, the profile's max_attempts, else 3)",
            "--max-attempts"),
    CONNECT_TIMEOUT(
            Value.integer(1, 300),
            "S",
            "seconds to connect and to finish the TLS handshake (default 5)",
            "--connect-timeout"),
    READ_TIMEOUT(Value.integer(1, 300), "S", "seconds to wait for an answer (default 20)", "--read-timeout"),
    SERVER(
            null,
            null,
            "give the command a local credential endpoint (AWS_CONTAINER_CREDENTIALS_FULL_URI) instead "
                    + "of a session: it gets a fresh session whenever it asks, for jobs that outlive one",
            "--server"),
    OPEN(
            null,
            null,
            "open the sign-in URL in the browser ($BROWSER, else xdg-open or open) through a private page",
            "--open"),
    BROWSER(
            Value.NON_EMPTY,
            "BROWSER",
            "open the sign-in in this browser, as --open does: firefox, chromium, or a command (%s stands for "
                    + "the page's file: URL, else it goes last) (default: the profile's login_browser, else $BROWSER)",
            "--browser"),
    PRIVATE(
            null,
            null,
            "open it in a private window (firefox --private-window, chromium and Chrome --incognito, "
                    + "Edge --inprivate); refused for a browser whose flag is not known",
            "--private"),
    DESTINATION(
            Value.NON_EMPTY,
            "URL",
            "where the console sign-in lands (default: the partition's console home)",
            "--destination"),
    FEDERATION_URL(
            Value.NON_EMPTY,
            "URL",
            "the federation endpoint (default: the partition's signin endpoint; "
                    + "for a custom --endpoint-url, its /federation)",
            "--federation-url"),
    LOCAL(null, null, "use the embedded emulator and its demo user instead of AWS", "--local"),
    REMOTE(
            null,
            null,
            "no browser here: open the printed URL on any device, sign in, paste the code it shows",
            "--remote"),
    VERBOSE(null, null, "say where settings came from (on stderr)", "--verbose", "-v"),
    PORT(Value.integer(0, 65535), "N", "port to listen on; 0 picks a free one (default 4599)", "--port"),
    BIND(
            Value.NON_EMPTY,
            "ADDR",
            "address to listen on (default 127.0.0.1; anything else exposes the emulator)",
            "--bind"),
    STATE_DIR(
            Value.NON_EMPTY,
            "DIR",
            "where the account lives (default: $XDG_DATA_HOME/sts-session-token/emulator, "
                    + "else ~/.local/share/sts-session-token/emulator)",
            "--state-dir"),
    TLS(null, null, "serve HTTPS with a self-signed certificate (written to STATE_DIR/tls-cert.pem)", "--tls"),
    NO_ENFORCE_IAM(
            null,
            null,
            "let IAM policies decide nothing: root may do everything, a user only manages itself "
                    + "(policies are enforced by default for accounts created since they exist)",
            "--no-enforce-iam"),
    OIDC_ISSUERS(
            Value.NON_EMPTY,
            "URLS",
            "https OpenID Connect issuers (comma-separated) whose keys AssumeRoleWithWebIdentity may fetch; "
                    + "loopback issuers need no listing, and no other host is ever asked",
            "--oidc-issuers"),
    MAX_SKEW(
            Value.integer(1, 7 * 24 * 3600),
            "S",
            "accepted clock difference of signed requests (default 900)",
            "--max-skew-seconds"),
    KEY_STORE(
            Value.NON_EMPTY, "STORE", "secret-service, pass or file (default: the profile's key_store)", "--key-store"),
    DEVICE_NAME(
            Value.NON_EMPTY, "NAME", "the virtual MFA device's name in IAM (default: the user name)", "--device-name"),
    QR_PNG(
            Value.NON_EMPTY,
            "FILE",
            "write the QR code to FILE as PNG instead of drawing it on the terminal",
            "--qr-png"),
    SHOW_SEED(null, null, "also show the device's secret seed on the terminal (to type it into an app)", "--show-seed"),
    CACHE_PROFILE(Value.NON_EMPTY, "NAME", "only the sessions of this profile", "--profile"),
    SSO_USER(Value.NON_EMPTY, "NAME", "an Identity Center user of the emulator's directory", "--user-name"),
    PERMISSION_SET(Value.NON_EMPTY, "NAME", "an Identity Center permission set", "--permission-set"),
    POLICY_FILE(Value.NON_EMPTY, "FILE", "the permission set's inline policy (JSON)", "--policy-file"),
    MANAGED_POLICY_ARNS(
            Value.NON_EMPTY,
            "ARNS",
            "managed policy ARNs attached to the set, comma-separated",
            "--managed-policy-arns"),
    SSO_SESSION(
            Value.NON_EMPTY, "NAME", "an [sso-session NAME] of the config file instead of a profile", "--sso-session"),
    USE_DEVICE_CODE(
            null,
            null,
            "sign in with a code shown here and confirmed on any device (hosts without a browser)",
            "--use-device-code"),
    NO_BROWSER(null, null, "print the sign-in URL (and code) instead of opening the browser", "--no-browser"),
    WRITE_PROFILES(
            null,
            null,
            "also add a profile per account and role to the config file (existing ones are left alone)",
            "--write-profiles"),
    HELP(null, null, "this help", "--help", "-h");

    /** How an option's value is checked. {@code null} in the table means a flag without a value. */
    record Value(String kind, int min, int max) {
        static final Value TEXT = new Value("text", 0, 0);
        static final Value NON_EMPTY = new Value("non-empty", 0, 0);
        static final Value DURATION = new Value("duration", 0, 0);
        static final Value OUTPUT = new Value("output", 0, 0);
        static final Value MFA_CODE = new Value("mfa-code", 0, 0);

        static Value integer(int min, int max) {
            return new Value("integer", min, max);
        }
    }

    final Value value;
    final String valueName;
    final String help;
    final List<String> names;

    Option(Value value, String valueName, String help, String... names) {
        this.value = value;
        this.valueName = valueName;
        this.help = help;
        this.names = List.of(names);
    }

    boolean takesValue() {
        return value != null;
    }

    /** The first name, as messages use it. */
    String primary() {
        return names.get(0);
    }
}
