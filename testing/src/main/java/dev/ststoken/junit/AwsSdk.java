package dev.ststoken.junit;

import dev.ststoken.credentials.AwsCredentials;
import java.net.URI;
import java.time.Instant;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Everything that touches the AWS SDK for Java v2, which the application provides: the public
 * methods returning SDK types call here, so this class (and the SDK) is loaded only when one of them
 * is called, and a test that uses the fixtures alone needs no SDK on its classpath.
 */
final class AwsSdk {
    private AwsSdk() {}

    static Region region(String name) {
        return Region.of(name);
    }

    /** A fixed provider: a long-term key, or a session (with its expiration, for the SDK's own checks). */
    static AwsCredentialsProvider provider(AwsCredentials credentials, Instant expiration) {
        if (credentials.sessionToken() == null) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey()));
        }
        return StaticCredentialsProvider.create(AwsSessionCredentials.builder()
                .accessKeyId(credentials.accessKeyId())
                .secretAccessKey(credentials.secretAccessKey())
                .sessionToken(credentials.sessionToken())
                .expirationTime(expiration)
                .build());
    }

    /**
     * An STS client of the emulator. No retries: a test sees the first answer, and the request log
     * holds one request per call.
     */
    static StsClient sts(URI endpoint, String region, AwsCredentialsProvider credentials) {
        return StsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /** An IAM client of the emulator (IAM is global: aws-global, signed for us-east-1 as on AWS). */
    static IamClient iam(URI endpoint, AwsCredentialsProvider credentials) {
        return IamClient.builder()
                .endpointOverride(endpoint)
                .region(Region.AWS_GLOBAL)
                .credentialsProvider(credentials)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }
}
