# sts-session-token shell-init: the sts-assume function for fish.
#   sts-assume PROFILE [get options]   a session for PROFILE in this shell (from the cache when it is good)
#   sts-assume                          at a terminal: pick the profile from a list (recently used first)
#   sts-assume --unset                  removes it again
# The session is printed by `sts-session-token get -o fish`, quoted by the tool, and taken in only when
# that succeeds: on an error the shell's variables stay as they were and the tool's exit code is returned.
function __sts_assume_clear
    # The region only when sts-assume set it, so a region exported by hand survives --unset.
    if set -q STS_SESSION_TOKEN_REGION
        set -e AWS_REGION AWS_DEFAULT_REGION STS_SESSION_TOKEN_REGION
    end
    set -e AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_SECURITY_TOKEN \
        AWS_CREDENTIAL_EXPIRATION STS_SESSION_TOKEN_PROFILE STS_SESSION_TOKEN_EXPIRATION
    return 0
end
function sts-assume --description 'a profile\'s session in this shell (sts-session-token)'
    if test (count $argv) -eq 0; and isatty stdin; and isatty stdout
        # No profile named and a person at the terminal: the tool's picker, drawn on the terminal,
        # prints the name picked (Esc or Ctrl-C: 130, and nothing else happens).
        set argv (command sts-session-token __pick-profile)
        or return $status
    end
    switch "$argv[1]"
        case -u --unset
            __sts_assume_clear
            return 0
        case -h --help
            printf '%s\n' 'usage: sts-assume [PROFILE [get options]]   (or sts-assume --unset)'
            return 0
        case '' '-*'
            printf '%s\n' 'usage: sts-assume [PROFILE [get options]]   (or sts-assume --unset)' >&2
            return 2
    end
    set -l profile $argv[1]
    set -e argv[1]
    # A session this function set earlier is put aside for the tool, so that its region does not
    # win over the next profile's.
    set -l aside
    if set -q STS_SESSION_TOKEN_PROFILE
        set aside -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_SESSION_TOKEN -u AWS_SECURITY_TOKEN \
            -u AWS_CREDENTIAL_EXPIRATION
        if set -q STS_SESSION_TOKEN_REGION
            set -a aside -u AWS_REGION -u AWS_DEFAULT_REGION
        end
    end
    set -l output (command env $aside sts-session-token get --profile $profile $argv --output fish)
    set -l code $status
    if test $code -ne 0
        return $code
    end
    __sts_assume_clear
    set -l region_set
    set -q AWS_REGION; and set region_set 1
    set -l region $AWS_REGION
    set -l default_set
    set -q AWS_DEFAULT_REGION; and set default_set 1
    set -l default $AWS_DEFAULT_REGION
    # Only get's output, each value quoted by it for fish. (No "or return": source hands on the
    # status of the command before it when the sourced set commands leave none of their own.)
    printf '%s\n' $output | source
    set -gx STS_SESSION_TOKEN_PROFILE $profile
    set -gx STS_SESSION_TOKEN_EXPIRATION $AWS_CREDENTIAL_EXPIRATION
    if test -n "$region_set$default_set"
        # A region the shell had stays as it was (it decides for the AWS CLI and the SDKs too).
        if test -n "$region_set"
            set -gx AWS_REGION $region
        else
            set -e AWS_REGION
        end
        if test -n "$default_set"
            set -gx AWS_DEFAULT_REGION $default
        else
            set -e AWS_DEFAULT_REGION
        end
    else if set -q AWS_REGION
        set -gx STS_SESSION_TOKEN_REGION $AWS_REGION
    end
end
