/**
 * A JUnit 5 extension that runs the sts-session-token emulator in-process for each test, with
 * fixtures, a test clock, TOTP codes, AWS SDK for Java v2 clients and a request log: {@link
 * dev.ststoken.junit.StsEmulatorExtension}.
 *
 * <p>The AWS SDK is the application's: only the helpers that return SDK types need it, so it is
 * required {@code static} (present at run time only when the application's own modules require it),
 * and {@code transitive} where the helpers' signatures name its types (clients, credentials providers,
 * the region).
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // the AWS SDK's jars are automatic modules
module dev.ststoken.junit {
    requires transitive dev.ststoken.core;
    requires transitive dev.ststoken.emulator;
    requires transitive org.junit.jupiter.api;
    // TestOidcIssuer serves its discovery document and keys with the JDK's HTTP server.
    requires jdk.httpserver;
    requires static transitive software.amazon.awssdk.auth;
    requires static software.amazon.awssdk.awscore;
    requires static software.amazon.awssdk.core;
    requires static software.amazon.awssdk.identity.spi;
    requires static transitive software.amazon.awssdk.regions;
    requires static transitive software.amazon.awssdk.services.iam;
    requires static transitive software.amazon.awssdk.services.sts;

    exports dev.ststoken.junit;
}
