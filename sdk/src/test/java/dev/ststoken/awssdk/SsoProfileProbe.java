package dev.ststoken.awssdk;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Run as its own JVM by IdentityCenterSdkTest (the SDK finds the token cache through HOME, which a
 * test JVM cannot change): the AWS SDK for Java v2's own ProfileCredentialsProvider resolves the
 * profile named in args[0] (an sso_session profile) and STS says who the credentials are.
 */
public final class SsoProfileProbe {
    private SsoProfileProbe() {}

    public static void main(String[] args) {
        try (ProfileCredentialsProvider provider = ProfileCredentialsProvider.create(args[0]);
                StsClient sts = StsClient.builder()
                        .region(Region.US_EAST_1)
                        .endpointOverride(URI.create(args[1]))
                        .credentialsProvider(provider)
                        .httpClient(UrlConnectionHttpClient.create())
                        .build()) {
            AwsCredentials credentials = provider.resolveCredentials();
            System.out.println("key " + credentials.accessKeyId().substring(0, 4));
            System.out.println("arn " + sts.getCallerIdentity().arn());
        }
    }
}
