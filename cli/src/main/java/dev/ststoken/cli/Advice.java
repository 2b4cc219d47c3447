package dev.ststoken.cli;

import dev.ststoken.errors.StsServiceException;
import dev.ststoken.errors.StsTransportException;

/** One line of advice where a known error has a known remedy, printed after the error as "hint: ...". */
final class Advice {
    private Advice() {}

    static String forCode(StsServiceException e) {
        String message = e.awsMessage() == null ? "" : e.awsMessage();
        switch (e.code()) {
            case "AccessDenied":
                if (message.contains("invalid MFA one time pass code")) {
                    return "check the code; each code is accepted once, so if it was just used wait for the next one "
                            + "(codes change every 30 s)";
                }
                if (message.contains("unable to validate MFA code")) {
                    return "the MFA serial must be the ARN of a device assigned to this user "
                            + "(aws iam list-mfa-devices shows it)";
                }
                if (message.contains("session credentials")) {
                    return "GetSessionToken needs long-term keys (AKIA...), not a session; unset AWS_SESSION_TOKEN";
                }
                return null;
            case "InvalidClientTokenId":
                return "the access key id is unknown to this endpoint: a deleted key, another account, or the wrong "
                        + "endpoint";
            case "SignatureDoesNotMatch":
                return message.startsWith("Signature expired") || message.startsWith("Signature not yet")
                        ? "the system clock is off by more than 15 minutes"
                        : "check the secret access key that goes with this access key id";
            case "ExpiredToken":
                return "the credentials used are an expired session; use long-term keys or get a new session";
            case "ValidationError":
                if (message.contains("MaxSessionDuration")) {
                    return "ask for less (--duration-seconds, or duration_seconds in the role profile), or raise the "
                            + "role's limit: aws iam update-role --role-name NAME --max-session-duration SECONDS";
                }
                return null;
            default:
                return null;
        }
    }

    static String forTransport(StsTransportException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.startsWith("TLS") && (message.contains("not trusted") || message.contains("does not name"))) {
            return "use --ca-bundle with the endpoint's CA certificate, or --no-verify-ssl for a test endpoint";
        }
        if (message.startsWith("cannot reach ")
                && message.toLowerCase(java.util.Locale.ROOT).contains("refused")
                && isLoopback(message.substring("cannot reach ".length()))) {
            return "nothing listens there: is `" + Cli.NAME + " serve` running? (or use --local)";
        }
        return null;
    }

    /** Whether the endpoint at the start of the text is this machine, where the emulator would run. */
    private static boolean isLoopback(String endpoint) {
        int scheme = endpoint.indexOf("://");
        String rest = scheme < 0 ? endpoint : endpoint.substring(scheme + 3);
        return rest.startsWith("127.") || rest.startsWith("localhost") || rest.startsWith("[::1]");
    }
}
