package dev.ststoken.errors;

/**
 * Settings an error message may tell the user to set. Core messages refer to them as
 * {@code {NAME}}; each adapter says them in its own words (a CLI flag, an Ansible option, a Bolt
 * parameter), so nobody is told about a flag their tool does not have.
 */
public enum Setting {
    PROFILE("a profile"),
    MFA_SERIAL("the MFA serial number"),
    MFA_TOKEN("the MFA code"),
    MFA_PROCESS_TIMEOUT("the mfa_process timeout"),
    WRITE_PROFILE("the profile to write"),
    FORCE("the force option"),
    /** A trailing suggestion that only the CLI can make; empty elsewhere. */
    LOCAL_HINT("");

    /** How a caller that has no names of its own says it. */
    public final String neutral;

    Setting(String neutral) {
        this.neutral = neutral;
    }
}
