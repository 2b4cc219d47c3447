package dev.ststoken.cli;

/** Usage texts. Exit codes are listed so scripts can rely on them. */
final class Help {
    private Help() {}

    static final String MAIN = String.join("\n",
            "Usage: sts-session-token COMMAND [options]",
            "",
            "Temporary AWS credentials (STS GetSessionToken, usually with an MFA code).",
            "",
            "Commands:",
            "  get      obtain a session and print it",
            "  exec     run a command with the session in its environment (exec [options] -- CMD)",
            "  whoami   show who the credentials belong to (GetCallerIdentity)",
            "  serve    run the local STS/IAM emulator",
            "",
            "Try first:  sts-session-token get --local",
            "More:       sts-session-token COMMAND --help",
            "",
            exitCodes(),
            "");

    static String exitCodes() {
        return String.join("\n",
                "Exit codes: 0 success, 1 STS/IAM refused the request, 2 usage error or invalid input,",
                "            3 endpoint unreachable, untrusted or not STS, 4 internal error.");
    }

    static final String GET = String.join("\n",
            "Usage: sts-session-token get [options]",
            "       sts-session-token whoami [options]",
            "       sts-session-token exec [options] -- COMMAND [ARGS...]",
            "",
            "Options:",
            "  --duration-seconds N         900..129600 (default: profile duration_seconds, else STS's 43200)",
            "  --mfa-serial-number S        alias --serial-number (default: AWS_MFA_SERIAL, profile mfa_serial)",
            "  --mfa-token CODE             alias --token-code; six digits (default: --mfa-process, profile",
            "                               mfa_process, then a prompt on the terminal)",
            "  --mfa-process CMD            a command that prints the code, e.g. 'ykman oath accounts code -s aws'",
            "  --profile NAME               aliases --aws-profile (default: AWS_PROFILE, AWS_DEFAULT_PROFILE)",
            "  --region NAME                aliases --aws-region, --ec2-region",
            "  --endpoint-url URL           alias --ec2-url",
            "  --no-verify-ssl              do not verify the endpoint's TLS certificate",
            "  --ca-bundle PATH             trust these PEM certificates (default: AWS_CA_BUNDLE, profile ca_bundle)",
            "  -o, --output F               json (default), aws, credential-process, env, fish, powershell, cmd,",
            "                               dotenv, ini",
            "  --write-profile NAME         also store the session as [NAME] in the shared credentials file",
            "  --no-cache, --force-refresh, --min-ttl SECONDS   session cache control (min TTL default 300)",
            "  --debug-endpoint-logs        add resource_actions to the json output",
            "  --max-attempts N             tries for throttling, 5xx and connection failures (default:",
            "                               AWS_MAX_ATTEMPTS, profile max_attempts, else 3)",
            "  --connect-timeout S, --read-timeout S   seconds (defaults 5 and 20)",
            "  --local                      use the embedded emulator and its demo identity",
            "  -v, --verbose                say where settings came from (on stderr)",
            "",
            "Secrets are never taken from flags: use the environment, the shared files or the boto file.",
            "",
            exitCodes(),
            "");

    static final String SERVE = String.join("\n",
            "Usage: sts-session-token serve [--port N] [--bind ADDR] [--state-dir DIR] [--tls] [--max-skew-seconds N]",
            "",
            "Runs the local STS + IAM emulator. Defaults: port 4599, bind 127.0.0.1, state dir",
            "$XDG_DATA_HOME/sts-session-token/emulator. --port 0 picks a free port. The first line on stdout is",
            "'listening on http(s)://HOST:PORT'. The state dir holds credentials, config and demo-mfa-seed.txt.",
            "");
}
