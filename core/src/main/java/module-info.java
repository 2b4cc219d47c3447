/**
 * The sts-session-token library: temporary AWS credentials from STS {@code GetSessionToken}, usually
 * with an MFA code, for applications that want them without the command line tool.
 *
 * <ul>
 *   <li>{@link dev.ststoken.session}: the front door. {@code Sessions}, made from an environment, a home
 *       directory and a clock, gets the session a {@code SessionRequest} asks for (profile, keys,
 *       duration, MFA serial and code; the shared cache or none), from the
 *       cache shared with the command line tool when a good one is there, else from STS, asking the
 *       {@code MfaPrompt} for the code only then.</li>
 *   <li>{@link dev.ststoken.parameters}: what a caller passes explicitly ({@code SessionParameters}),
 *       weighed against the environment and the profile as the AWS tools do.</li>
 *   <li>{@link dev.ststoken.credentials}: what a session is (keys, token, expiry).</li>
 *   <li>{@link dev.ststoken.errors}: what goes wrong: bad settings ({@code ConfigException}), STS
 *       refusing or unreachable ({@code StsException}).</li>
 * </ul>
 *
 * <p>Only these four packages are the API, versioned semantically. The others are the library's
 * machinery (settings resolution, INI files, key stores, the cache's files and locks, the STS, IAM and
 * Identity Center clients, SigV4, TOTP, JSON and XML): they are exported only to this project's own
 * modules, which are released with this one, and change without notice.
 */
module dev.ststoken.core {
    exports dev.ststoken.credentials;
    exports dev.ststoken.errors;
    exports dev.ststoken.parameters;
    exports dev.ststoken.session;

    // The command line tool, the AWS SDK provider, the emulator and the JUnit extension are built and
    // released with this module; they share its machinery, which no one else can reach.
    exports dev.ststoken.cache to
            dev.ststoken.cli;
    exports dev.ststoken.config to
            dev.ststoken.cli,
            dev.ststoken.awssdk,
            dev.ststoken.emulator;
    exports dev.ststoken.internal to
            dev.ststoken.cli,
            dev.ststoken.emulator;
    exports dev.ststoken.keystore to
            dev.ststoken.cli;
    exports dev.ststoken.prompt to
            dev.ststoken.cli,
            dev.ststoken.awssdk;
    exports dev.ststoken.sigv4 to
            dev.ststoken.cli,
            dev.ststoken.emulator;
    exports dev.ststoken.oauth to
            dev.ststoken.cli;
    exports dev.ststoken.signin to
            dev.ststoken.cli;
    exports dev.ststoken.sso to
            dev.ststoken.cli,
            dev.ststoken.awssdk;
    exports dev.ststoken.sts to
            dev.ststoken.cli,
            dev.ststoken.emulator,
            dev.ststoken.junit;
    exports dev.ststoken.totp to
            dev.ststoken.cli,
            dev.ststoken.emulator,
            dev.ststoken.junit;
}
