package dev.ststoken.cli;

/** The top-level usage text. Each command's own usage is made from the option table (see CommandLine.usage). */
final class Help {
    private Help() {}

    static final String MAIN = String.join(
            "\n",
            "Usage: sts-session-token COMMAND [options]",
            "",
            "Temporary AWS credentials (STS GetSessionToken, usually with an MFA code).",
            "",
            "Commands:",
            "  get      obtain a session (cached or fresh) and print it",
            "  exec     run a command with the session in its environment (exec [options] -- CMD)",
            "  whoami   show who the credentials belong to (GetCallerIdentity)",
            "  cache    list or clear cached sessions (cache list, cache clear)",
            "  login    a console sign-in URL for a role session (login --profile ROLE [--open])",
            "  signin   sign in as aws login does: console credentials into a login_session profile",
            "  keys     keep a profile's long-term key in a key store (add, import, list, remove, rotate)",
            "  mfa      enrol, list or remove a virtual MFA device (mfa enroll, mfa list, mfa remove)",
            "  shell-init   the sts-assume function: a profile's session in this shell (shell-init bash|zsh|fish)",
            "  sso      IAM Identity Center sign-in, shared with the AWS CLI (sso login, sso logout, sso accounts)",
            "  serve    run the local STS/IAM emulator",
            "  sso-admin    the emulator's Identity Center directory (add-user, put-permission-set, assign, list)",
            "  serve-credentials   serve sessions to SDKs on 127.0.0.1 (the container credential protocol)",
            "  completions   print a shell's completion script (completions bash|zsh|fish)",
            "",
            "Options:",
            "  --version   print the version",
            "  --help      this help",
            "",
            "Try first:  sts-session-token get --local",
            "More:       sts-session-token COMMAND --help",
            "",
            exitCodes(),
            "");

    static String exitCodes() {
        return String.join(
                "\n",
                "Exit codes: 0 success, 1 STS/IAM refused the request, 2 usage error or invalid input,",
                "            3 endpoint unreachable, untrusted or not STS, 4 internal error;",
                "            130 the profile picker cancelled (Esc, Ctrl-C);",
                "            exec: the command's own exit code (127 when it is not found).");
    }
}
