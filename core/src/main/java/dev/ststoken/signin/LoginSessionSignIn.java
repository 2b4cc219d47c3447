package dev.ststoken.signin;

import dev.ststoken.cache.CacheKey;
import dev.ststoken.config.SignIn;
import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.credentials.SessionCredentials;
import dev.ststoken.errors.ConfigException;
import dev.ststoken.errors.StsException;
import dev.ststoken.errors.StsServiceException;
import dev.ststoken.errors.StsTransportException;
import dev.ststoken.sts.TlsSettings;
import dev.ststoken.sts.Transport;
import java.time.Duration;

/**
 * A login session as the session service's sign-in: its credentials are the session (no role to
 * assume), refreshed through the AWS CLI's cache when fewer than five minutes are left, as botocore
 * does. A sign-in that has ended or was revoked says to sign in again ({@code SignInRequired}, as for
 * IAM Identity Center). The refresh uses the JDK's default trust store, not the profile's CA bundle.
 */
final class LoginSessionSignIn implements SignIn {
    static final String SIGN_IN_REQUIRED = "SignInRequired";
    private static final Duration MIN_REMAINING = Duration.ofMinutes(5);

    private final String profile;
    private final LoginSessionCredentials credentials;

    LoginSessionSignIn(String profile, LoginSessionCredentials credentials) {
        this.profile = profile;
        this.credentials = credentials;
    }

    @Override
    public CacheKey cacheKey(TlsSettings tls) {
        CacheKey base = CacheKey.forSession("signin", null, null, credentials.endpoint(), tls);
        return new CacheKey(base.accessKeyId(), null, null, base.endpoint() + " " + identity());
    }

    @Override
    public String identity() {
        return "login_session=" + credentials.loginSession();
    }

    @Override
    public SessionCredentials roleCredentials(TlsSettings tls, Transport transport)
            throws ConfigException, StsException {
        LoginCredentials current;
        try {
            current = credentials.credentials(MIN_REMAINING, false);
        } catch (LoginSessionException e) {
            if (e.signInAgain()) {
                throw new StsServiceException(
                        SIGN_IN_REQUIRED, e.getMessage() + " (profile '" + profile + "')", 401, null);
            }
            if (e.localFile()) {
                throw new ConfigException(e.getMessage() + "; the file was left as it is");
            }
            throw new StsTransportException(e.getMessage(), null);
        }
        return new SessionCredentials(
                new AwsCredentials(current.accessKeyId(), current.secretAccessKey(), current.sessionToken()),
                current.expiration());
    }
}
