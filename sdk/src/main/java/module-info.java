/**
 * An AWS SDK for Java v2 credentials provider that gets MFA sessions for profiles with
 * {@code mfa_serial}, sharing the command line tool's session cache: {@link
 * dev.ststoken.awssdk.MfaSessionCredentialsProvider}.
 *
 * <p>The SDK is the application's ({@code provided}): this module reads the SDK modules its
 * application has, and ships none of them.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // the AWS SDK's jars are automatic modules
module dev.ststoken.awssdk {
    requires dev.ststoken.core;
    requires transitive software.amazon.awssdk.auth;
    requires transitive software.amazon.awssdk.identity.spi;
    requires software.amazon.awssdk.core;
    requires software.amazon.awssdk.profiles;

    exports dev.ststoken.awssdk;
}
