package dev.ststoken.emulator;

import java.util.Map;

/** IAM's Query API (version 2010-05-08) as far as PRODUCT.md 6.3 asks. */
final class IamActions {
    private final EmulatorState state;

    IamActions(EmulatorState state) {
        this.state = state;
    }

    String handle(String action, Map<String, String> params, Caller caller, String requestId) throws AwsError {
        // Session credentials reach IAM only when MFA was presented for them (sts-protocol.md 2).
        if (caller.session() && !caller.mfa()) {
            throw AwsError.invalidClientTokenId();
        }
        throw new AwsError("InvalidAction", 400, "Could not find operation " + action + " for version 2010-05-08");
    }

    EmulatorState state() {
        return state;
    }
}
