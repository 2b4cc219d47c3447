# sts-session-token shell-init: the sts-assume function for bash and zsh.
#   sts-assume PROFILE [get options]   a session for PROFILE in this shell (from the cache when it is good)
#   sts-assume                          at a terminal: pick the profile from a list (recently used first)
#   sts-assume --unset                  removes it again
# The session is printed by `sts-session-token get -o env`, quoted by the tool, and taken in only when
# that succeeds: on an error the shell's variables stay as they were and the tool's exit code is returned.
__sts_assume_clear() {
    # The region only when sts-assume set it, so a region exported by hand survives --unset.
    if [ -n "${STS_SESSION_TOKEN_REGION+x}" ]; then
        unset AWS_REGION AWS_DEFAULT_REGION STS_SESSION_TOKEN_REGION
    fi
    unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_SECURITY_TOKEN \
        AWS_CREDENTIAL_EXPIRATION STS_SESSION_TOKEN_PROFILE STS_SESSION_TOKEN_EXPIRATION
}
sts-assume() {
    if [ "$#" -eq 0 ] && [ -t 0 ] && [ -t 1 ]; then
        # No profile named and a person at the terminal: the tool's picker, drawn on the terminal,
        # prints the name picked (Esc or Ctrl-C: 130, and nothing else happens).
        local __sts_picked
        __sts_picked="$(command sts-session-token __pick-profile)" || return
        set -- "$__sts_picked"
    fi
    case "${1-}" in
        -u | --unset)
            __sts_assume_clear
            return 0
            ;;
        -h | --help)
            printf '%s\n' 'usage: sts-assume [PROFILE [get options]]   (or sts-assume --unset)'
            return 0
            ;;
        '' | -*)
            printf '%s\n' 'usage: sts-assume [PROFILE [get options]]   (or sts-assume --unset)' >&2
            return 2
            ;;
    esac
    local __sts_profile="$1" __sts_output __sts_status
    shift
    # In the substitution's subshell, a session this function set earlier is put aside, so that
    # its region does not win over the next profile's.
    __sts_output="$(
        if [ -n "${STS_SESSION_TOKEN_PROFILE+x}" ]; then __sts_assume_clear; fi
        command sts-session-token get --profile "$__sts_profile" "$@" --output env
    )"
    __sts_status=$?
    if [ "$__sts_status" -ne 0 ]; then
        return "$__sts_status"
    fi
    __sts_assume_clear
    local __sts_region="${AWS_REGION-}" __sts_region_set="${AWS_REGION+x}"
    local __sts_default="${AWS_DEFAULT_REGION-}" __sts_default_set="${AWS_DEFAULT_REGION+x}"
    eval "$__sts_output" || return
    export STS_SESSION_TOKEN_PROFILE="$__sts_profile"
    export STS_SESSION_TOKEN_EXPIRATION="$AWS_CREDENTIAL_EXPIRATION"
    if [ -n "$__sts_region_set$__sts_default_set" ]; then
        # A region the shell had stays as it was (it decides for the AWS CLI and the SDKs too).
        if [ -n "$__sts_region_set" ]; then export AWS_REGION="$__sts_region"; else unset AWS_REGION; fi
        if [ -n "$__sts_default_set" ]; then export AWS_DEFAULT_REGION="$__sts_default"; else unset AWS_DEFAULT_REGION; fi
    elif [ -n "${AWS_REGION+x}" ]; then
        export STS_SESSION_TOKEN_REGION="$AWS_REGION"
    fi
}
