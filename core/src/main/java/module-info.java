/**
 * The sts-session-token library: temporary AWS credentials from STS {@code GetSessionToken}, usually
 * with an MFA code, for applications that want them without the command line tool.
 *
 * <ul>
 *   <li>{@link dev.ststoken.session}: get a session ({@code SessionService}), from the shared cache
 *       when a good one is there, else from STS, asking for the MFA code only then.</li>
 *   <li>{@link dev.ststoken.config}: settings from parameters, environment and the shared AWS files,
 *       resolved as the AWS tools do; {@link dev.ststoken.errors}: the settings error every layer
 *       throws.</li>
 *   <li>{@link dev.ststoken.keystore}: keys kept outside the credentials file (key stores,
 *       credential_process) and the passphrase of the file store.</li>
 *   <li>{@link dev.ststoken.cache}: the on-disk session cache and its per-key lock, shared with the
 *       command line tool.</li>
 *   <li>{@link dev.ststoken.signin}: {@code login_session} profiles (the AWS CLI's {@code aws login}):
 *       the cached login token read, refreshed with a DPoP proof and written back for all to share.</li>
 *   <li>{@link dev.ststoken.sso}: IAM Identity Center profiles: the AWS CLI's token cache, token
 *       renewal and the portal's role credentials.</li>
 *   <li>{@link dev.ststoken.webidentity}: web identity profiles and variables (a CI job's OpenID
 *       Connect token file traded for a role's session with AssumeRoleWithWebIdentity).</li>
 *   <li>{@link dev.ststoken.sts}: the STS client and its errors; {@link dev.ststoken.sigv4}: SigV4
 *       signing and verification; {@link dev.ststoken.totp}: RFC 6238 codes.</li>
 * </ul>
 *
 * <p>Only these packages are the API, versioned semantically. {@code dev.ststoken.internal} (JSON,
 * XML, atomic files, ...) is not exported: it changes without notice.
 */
module dev.ststoken.core {
    exports dev.ststoken.cache;
    exports dev.ststoken.config;
    exports dev.ststoken.errors;
    exports dev.ststoken.keystore;
    exports dev.ststoken.session;
    exports dev.ststoken.signin;
    exports dev.ststoken.sigv4;
    exports dev.ststoken.sso;
    exports dev.ststoken.sts;
    exports dev.ststoken.totp;
    exports dev.ststoken.webidentity;
}
