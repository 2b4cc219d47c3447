/**
 * A local STS and IAM that checks SigV4 signatures, MFA codes, trust and identity policies and
 * session expiry: {@link dev.ststoken.emulator.Emulator} runs it in-process on a loopback port, the
 * command line's {@code serve} as a server. The other packages are its rooms (state, IAM, STS,
 * policy, sign-in, Identity Center, HTTP) and are not exported.
 */
module dev.ststoken.emulator {
    requires transitive dev.ststoken.core;

    exports dev.ststoken.emulator;
    // The command line's sso-admin command reads the Identity Center state.
    exports dev.ststoken.emulator.sso to
            dev.ststoken.cli;
}
