package dev.ststoken.emulator.request;

/**
 * Every error code the emulator answers with, in one table: AWS's code, the HTTP status AWS sends
 * it with, and the message where AWS always says the same thing (null where the message names the
 * request's own values). Handlers build errors from this table, never from a code string, so a code
 * is spelled and given its status in one place.
 */
public enum AwsErrorCode {
    // Authentication: the signature, the key and the session token.
    MISSING_AUTHENTICATION_TOKEN("MissingAuthenticationToken", 403, null),
    INCOMPLETE_SIGNATURE("IncompleteSignature", 400, null),
    AUTHORIZATION_QUERY_PARAMETERS_ERROR("AuthorizationQueryParametersError", 400, null),
    SIGNATURE_DOES_NOT_MATCH(
            "SignatureDoesNotMatch",
            403,
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret "
                    + "Access Key and signing method. Consult the service documentation for details."),
    INVALID_CLIENT_TOKEN_ID("InvalidClientTokenId", 403, "The security token included in the request is invalid."),
    EXPIRED_TOKEN("ExpiredToken", 403, "The security token included in the request is expired"),
    ACCESS_DENIED("AccessDenied", 403, null),

    // The request itself.
    REQUEST_ENTITY_TOO_LARGE("RequestEntityTooLarge", 413, null),
    INVALID_ACTION("InvalidAction", 400, null),
    MISSING_PARAMETER("MissingParameter", 400, null),
    MALFORMED_INPUT("MalformedInput", 400, null),
    VALIDATION_ERROR("ValidationError", 400, null),
    INVALID_INPUT("InvalidInput", 400, null),
    MALFORMED_POLICY_DOCUMENT("MalformedPolicyDocument", 400, null),
    PACKED_POLICY_TOO_LARGE("PackedPolicyTooLarge", 400, null),
    INVALID_AUTHENTICATION_CODE("InvalidAuthenticationCode", 403, "Authentication code for device is not valid."),
    THROTTLING("Throttling", 400, "Rate exceeded"),

    // AssumeRoleWithWebIdentity's token (botocore's STS model gives the codes and statuses).
    INVALID_IDENTITY_TOKEN("InvalidIdentityToken", 400, null),
    EXPIRED_IDENTITY_TOKEN("ExpiredTokenException", 400, null),
    IDP_COMMUNICATION_ERROR("IDPCommunicationError", 400, null),

    // The account's entities.
    NO_SUCH_ENTITY("NoSuchEntity", 404, null),
    ENTITY_ALREADY_EXISTS("EntityAlreadyExists", 409, null),
    DELETE_CONFLICT("DeleteConflict", 409, null),
    PASSWORD_POLICY_VIOLATION("PasswordPolicyViolation", 400, null),
    LIMIT_EXCEEDED("LimitExceeded", 409, null),

    // Ours: a bug, answered as AWS answers one, without the request's details.
    INTERNAL_FAILURE(
            "InternalFailure",
            500,
            "The request processing has failed because of an unknown error, exception or failure.");

    private final String code;
    private final int status;
    private final String message;

    AwsErrorCode(String code, int status, String message) {
        this.code = code;
        this.status = status;
        this.message = message;
    }

    String code() {
        return code;
    }

    int status() {
        return status;
    }

    /** AWS's fixed message for this code; null when the message is the request's own. */
    String message() {
        return message;
    }

    /** This error with its fixed message. */
    public AwsError error() {
        if (message == null) {
            throw new IllegalStateException(code + " has no fixed message");
        }
        return new AwsError(this, message);
    }

    /** This error with a message of the request's own. */
    public AwsError error(String requestMessage) {
        return new AwsError(this, requestMessage);
    }

    /**
     * The entry for a code another layer reports by name (the SigV4 verifier's). A code missing from
     * the table is a bug here, not the client's: it is answered as one.
     */
    public static AwsErrorCode of(String code) {
        for (AwsErrorCode entry : values()) {
            if (entry.code.equals(code)) {
                return entry;
            }
        }
        throw new IllegalStateException("no AwsErrorCode for " + code);
    }
}
