package dev.ststoken.webidentity;

import dev.ststoken.cache.CacheKey;
import dev.ststoken.config.SignIn;
import dev.ststoken.credentials.SessionCredentials;
import dev.ststoken.errors.ConfigException;
import dev.ststoken.errors.StsException;
import dev.ststoken.internal.Crypto;
import dev.ststoken.sts.QueryClient;
import dev.ststoken.sts.StsClient;
import dev.ststoken.sts.StsEndpoint;
import dev.ststoken.sts.TlsSettings;
import dev.ststoken.sts.Transport;
import dev.ststoken.sts.WebIdentityRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A web identity profile as the session service's sign-in: its role session comes from STS
 * AssumeRoleWithWebIdentity (unsigned) with the token file's token, read afresh for each new session.
 * Its sessions are cached under the role, the session name, the endpoint and a SHA-256 digest of the
 * token, so a token for another identity (another repository's CI job on the same runner) never gets
 * a session cached for the first; the digest reveals nothing of a token, which ends with its signature.
 */
final class WebIdentitySignIn implements SignIn {
    private final Path tokenFile;
    private final String roleArn;
    private final String sessionName;
    private final Clock clock;

    WebIdentitySignIn(Path tokenFile, String roleArn, String sessionName, Clock clock) {
        this.tokenFile = tokenFile;
        this.roleArn = roleArn;
        this.sessionName = sessionName;
        this.clock = clock;
    }

    Path tokenFile() {
        return tokenFile;
    }

    String roleArn() {
        return roleArn;
    }

    String sessionName() {
        return sessionName;
    }

    @Override
    public CacheKey cacheKey(TlsSettings tls) {
        throw new IllegalStateException("a web identity session is keyed by its STS endpoint");
    }

    @Override
    public CacheKey cacheKey(TlsSettings tls, StsEndpoint sts) {
        CacheKey base = CacheKey.forSession("webidentity", null, null, sts.uri(), tls);
        return new CacheKey(base.accessKeyId(), null, null, base.endpoint() + " " + identity());
    }

    @Override
    public String identity() {
        String digest;
        try {
            digest = Crypto.sha256Hex(TokenFile.read(tokenFile).getBytes(StandardCharsets.US_ASCII));
        } catch (ConfigException e) {
            digest = "unreadable"; // the call that follows reports it
        }
        return "web_identity role=" + roleArn + " session=" + sessionName + " token=sha256:" + digest;
    }

    @Override
    public SessionCredentials roleCredentials(TlsSettings tls, Transport transport) {
        throw new IllegalStateException("a web identity session comes from the settings' STS endpoint");
    }

    @Override
    public SessionCredentials roleCredentials(TlsSettings tls, Transport transport, StsEndpoint sts)
            throws ConfigException, StsException {
        String token = TokenFile.read(tokenFile);
        StsClient client = new StsClient(new QueryClient(sts, tls, clock, transport, "sts", StsClient.STS_VERSION));
        return client.assumeRoleWithWebIdentity(new WebIdentityRequest(roleArn, sessionName, token, null))
                .credentials();
    }

    @Override
    public String action() {
        return "sts:AssumeRoleWithWebIdentity";
    }
}
